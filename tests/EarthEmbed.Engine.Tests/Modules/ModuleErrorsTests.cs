using System.Runtime.InteropServices;
using EarthEmbed.Engine.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Tests.Modules;

public class ModuleErrorsTests
{
    public ModuleErrorsTests() => TorchEngine.EnsureLoaded();

    [Fact]
    public void A_wrong_channel_input_names_the_convolution_deep_in_nested_sequentials()
    {
        using var scope = NewDisposeScope();
        var model = new Encoder(inChannels: 3);

        var e = Assert.Throws<ModuleForwardException>(() => model.CallNamed(randn(2, 5, 8, 8)));

        Assert.Equal("encoder.stem.0", e.ModulePath);
        Assert.Equal("Conv2d", e.ModuleType);
        Assert.StartsWith("module 'encoder.stem.0' (Conv2d): ", e.Message, StringComparison.Ordinal);
        // TorchSharp's Conv2d checks the channels itself (an ArgumentException) before libtorch sees the input.
        Assert.Contains("input with 3 channels to Conv2d", e.Message, StringComparison.Ordinal);
        Assert.Equal(e.InnerException!.Message, e.Detail);
    }

    [Fact]
    public void A_mismatch_inside_a_custom_block_in_a_sequential_names_the_blocks_convolution()
    {
        using var scope = NewDisposeScope();
        var model = new Encoder(inChannels: 3, brokenSecondBlock: true);

        var e = Assert.Throws<ModuleForwardException>(() => model.CallNamed(randn(2, 3, 8, 8)));

        Assert.Equal("encoder.layer2.1.conv1", e.ModulePath);
        Assert.StartsWith("module 'encoder.layer2.1.conv1' (Conv2d): ", e.Message, StringComparison.Ordinal);
        Assert.Contains("input with 8 channels to Conv2d", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_float64_input_into_a_float32_model_names_the_module_that_refused_it()
    {
        using var scope = NewDisposeScope();
        var model = new Encoder(inChannels: 3);

        var e = Assert.Throws<ModuleForwardException>(() => model.CallNamed(randn(2, 3, 8, 8, dtype: float64)));

        Assert.Equal("encoder.stem.0", e.ModulePath);
        Assert.Equal("Conv2d", e.ModuleType);
        Assert.Contains("double", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.IsType<ExternalException>(e.InnerException);
    }

    [Fact]
    public void Modules_in_a_module_list_are_named_by_their_index()
    {
        using var scope = NewDisposeScope();
        var model = new Stack(nn.Linear(4, 8), nn.Linear(8, 8), nn.Linear(7, 2));

        var e = Assert.Throws<ModuleForwardException>(() => model.CallNamed(randn(3, 4)));

        Assert.Equal("blocks.2", e.ModulePath);
        Assert.StartsWith("module 'blocks.2' (Linear): mat1 and mat2 shapes cannot be multiplied (3x8 and 7x2)",
            e.Message, StringComparison.Ordinal);
        var inner = Assert.IsType<ExternalException>(e.InnerException);   // libtorch's own error, through TorchSharp
        Assert.StartsWith(e.Detail, inner.Message, StringComparison.Ordinal);
        Assert.Contains("frame #", inner.Message, StringComparison.Ordinal);      // libtorch's C++ backtrace ...
        Assert.DoesNotContain("frame #", e.Message, StringComparison.Ordinal);    // ... is left out of the message
    }

    [Fact]
    public void A_two_input_forward_names_the_failing_module_too()
    {
        using var scope = NewDisposeScope();
        var model = new Fuse();

        var e = Assert.Throws<ModuleForwardException>(() => model.CallNamed(randn(3, 4), randn(3, 5)));

        Assert.Equal("right", e.ModulePath);
        Assert.Equal("Linear", e.ModuleType);
        Assert.Equal([3L, 2L], model.CallNamed(randn(3, 4), randn(3, 6)).shape);
    }

    [Fact]
    public void The_roots_own_failure_outside_any_submodule_names_the_root()
    {
        using var scope = NewDisposeScope();
        var model = new Projection(inFeatures: 4, outFeatures: 2);

        var e = Assert.Throws<ModuleForwardException>(() => model.CallNamed(randn(3, 5)));

        Assert.Equal("", e.ModulePath);
        Assert.Equal(nameof(Projection), e.ModuleType);
        Assert.StartsWith("root module (Projection): ", e.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be multiplied", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failure_in_a_plain_sequential_root_names_its_child_by_index()
    {
        using var scope = NewDisposeScope();
        var model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(2, 1));

        var e = Assert.Throws<ModuleForwardException>(() => model.CallNamed(randn(5, 4)));

        Assert.Equal("2", e.ModulePath);
        Assert.Equal("Linear", e.ModuleType);
    }

    [Fact]
    public void The_model_works_after_an_error_and_the_next_error_is_named_afresh()
    {
        using var scope = NewDisposeScope();
        var model = new Encoder(inChannels: 3);
        using var names = model.NameErrors();

        Assert.Throws<ModuleForwardException>(() => model.CallNamed(randn(2, 5, 8, 8)));
        Assert.Equal(0, ForwardStack.Depth);

        var y = model.CallNamed(randn(2, 3, 8, 8));
        Assert.Equal([2L, 2L], y.shape);
        Assert.Equal(0, ForwardStack.Depth);
        Assert.Equal([2L, 2L], model.call(randn(2, 3, 8, 8)).shape);    // plain call: hooks idle
        Assert.Equal([2L, 2L], model.forward(randn(2, 3, 8, 8)).shape);

        var e = Assert.Throws<ModuleForwardException>(() => model.CallNamed(randn(2, 3, 8, 8, dtype: float64)));
        Assert.Equal("encoder.stem.0", e.ModulePath);
        var root = Assert.Throws<ModuleForwardException>(() => model.CallNamed(randn(2, 3, 4, 4)));
        Assert.Equal("head", root.ModulePath);   // 4x4 input: the flattened features no longer fit the head
        Assert.Equal(0, ForwardStack.Depth);

        // A plain call that fails leaves nothing behind either: hooks only track inside CallNamed.
        var plain = Assert.ThrowsAny<Exception>(() => model.call(randn(2, 5, 8, 8)));
        Assert.IsNotType<ModuleForwardException>(plain);
        Assert.Equal(0, ForwardStack.Depth);
        Assert.Equal("encoder.stem.0",
            Assert.Throws<ModuleForwardException>(() => model.CallNamed(randn(2, 5, 8, 8))).ModulePath);
    }

    [Fact]
    public void Hooks_are_registered_once_and_removed_on_dispose()
    {
        using var scope = NewDisposeScope();
        var model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 1));
        var names = model.NameErrors();
        Assert.Same(names, model.NameErrors());
        Assert.Equal(4, names.HookedModules);   // the Sequential and its three children

        names.Dispose();
        Assert.Equal(0, names.HookedModules);
        Assert.Throws<ExternalException>(() => model.call(randn(2, 5)));  // no hooks: TorchSharp's own error

        var again = model.NameErrors();
        Assert.NotSame(names, again);
        Assert.Equal("0", Assert.Throws<ModuleForwardException>(() => model.CallNamed(randn(2, 5))).ModulePath);
        again.Dispose();
    }

    [Fact]
    public void A_child_run_with_forward_rather_than_call_is_named_when_it_is_the_only_one_of_its_class()
    {
        using var scope = NewDisposeScope();
        var model = new DirectForwards();

        var e = Assert.Throws<ModuleForwardException>(() => model.CallNamed(randn(3, 4)));

        // features is a Sequential run with forward(): its children still go through call() and are hooked.
        Assert.Equal("head", e.ModulePath);
        Assert.Equal("Linear", e.ModuleType);
    }

    [Fact]
    public void Children_of_one_class_run_with_forward_are_listed_when_the_stack_cannot_tell_them_apart()
    {
        using var scope = NewDisposeScope();
        var model = new TwoDirectForwards();

        var e = Assert.Throws<ModuleForwardException>(() => model.CallNamed(randn(3, 4)));

        Assert.Equal("", e.ModulePath);
        Assert.Equal(nameof(TwoDirectForwards), e.ModuleType);
        Assert.Contains("in one of its Linear submodules (first, second), run with forward() rather than call()",
            e.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be multiplied", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failure_outside_every_module_passes_through_run_named_unchanged()
    {
        using var scope = NewDisposeScope();
        var model = nn.Sequential(nn.Linear(4, 3));

        var outside = Assert.Throws<ExternalException>(() =>
            model.RunNamed(() => model.call(randn(2, 4)).mm(randn(2, 2))));
        Assert.DoesNotContain("module", outside.Message, StringComparison.Ordinal);

        var inside = Assert.Throws<ModuleForwardException>(() => model.RunNamed(() => model.call(randn(2, 2))));
        Assert.Equal("0", inside.ModulePath);
    }

    /// <summary>encoder = Sequential(stem = Sequential(Conv2d(in, 6), ReLU), layer2 = Sequential(Block, Block)),
    /// head = Linear(6 * 4 * 4, 2) after a 2x2 pool: "encoder.stem.0", "encoder.layer2.1.conv1", "head".</summary>
    private sealed class Encoder : nn.Module<Tensor, Tensor>
    {
        private readonly Sequential encoder;
        private readonly MaxPool2d pool;
        private readonly Linear head;

        public Encoder(int inChannels, bool brokenSecondBlock = false) : base(nameof(Encoder))
        {
            encoder = nn.Sequential(
                ("stem", nn.Sequential(nn.Conv2d(inChannels, 6, 3, padding: 1), nn.ReLU())),
                ("layer2", nn.Sequential(new Block(6, 6), new Block(brokenSecondBlock ? 8 : 6, 6))));
            pool = nn.MaxPool2d(2);
            head = nn.Linear(6 * 4 * 4, 2);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => head.call(pool.call(encoder.call(input)).flatten(1));
    }

    private sealed class Block : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1;
        private readonly Conv2d conv2;

        public Block(int inChannels, int channels) : base(nameof(Block))
        {
            conv1 = nn.Conv2d(inChannels, channels, 3, padding: 1);
            conv2 = nn.Conv2d(channels, channels, 3, padding: 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => conv2.call(nn.functional.relu(conv1.call(input)));
    }

    private sealed class Stack : nn.Module<Tensor, Tensor>
    {
        private readonly ModuleList<nn.Module<Tensor, Tensor>> blocks;

        public Stack(params nn.Module<Tensor, Tensor>[] layers) : base(nameof(Stack))
        {
            blocks = nn.ModuleList(layers);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            foreach (var block in blocks) input = block.call(input);
            return input;
        }
    }

    private sealed class Projection : nn.Module<Tensor, Tensor>
    {
        private readonly Parameter weight;

        public Projection(int inFeatures, int outFeatures) : base(nameof(Projection))
        {
            weight = nn.Parameter(randn(inFeatures, outFeatures));
            RegisterComponents();
        }

        // mm, not matmul: TorchSharp 0.107's THSTensor_matmul lets libtorch's C++ exception escape, which aborts the
        // process (docs/engine.md, Errors).
        public override Tensor forward(Tensor input) => input.mm(weight);
    }

    /// <summary>TorchSharp's common style: children run with forward(), which bypasses hooks.</summary>
    private sealed class DirectForwards : nn.Module<Tensor, Tensor>
    {
        private readonly Sequential features;
        private readonly Linear head;

        public DirectForwards() : base(nameof(DirectForwards))
        {
            features = nn.Sequential(nn.Linear(4, 5), nn.ReLU());
            head = nn.Linear(6, 2);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => head.forward(features.forward(input));
    }

    private sealed class TwoDirectForwards : nn.Module<Tensor, Tensor>
    {
        private readonly Linear first;
        private readonly Linear second;

        public TwoDirectForwards() : base(nameof(TwoDirectForwards))
        {
            first = nn.Linear(4, 5);
            second = nn.Linear(6, 2);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => second.forward(first.forward(input));
    }

    private sealed class Fuse : nn.Module<Tensor, Tensor, Tensor>
    {
        private readonly Linear left;
        private readonly Linear right;

        public Fuse() : base(nameof(Fuse))
        {
            left = nn.Linear(4, 2);
            right = nn.Linear(6, 2);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input1, Tensor input2) => left.call(input1) + right.call(input2);
    }
}
