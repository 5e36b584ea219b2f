using EarthEmbed.Engine.Serialization;
using EarthEmbed.Engine.Tests.Models;
using EarthEmbed.Engine.Tests.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Tests.Checkpoints;

/// <summary>Checkpoints of TorchSharp modules: PyTorch interchange in both directions (Reference/cases_checkpoint.py,
/// Reference/check_reads_ours.py), exact resume with optimiser state, and strict loading whose errors name the file,
/// the tensor and expected vs actual.</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ee-engine-ckpt-" + Guid.NewGuid().ToString("N"));

    public CheckpointTests()
    {
        TorchEngine.EnsureLoaded();
        Directory.CreateDirectory(folder);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_TorchSharp_twin_of_the_PyTorch_model_has_exactly_its_state_dict_names_shapes_and_dtypes()
    {
        using var scope = NewDisposeScope();
        var theirs = ReferenceFixtures.Load("ckpt", "small_state_dict");
        using var model = new SmallNet();
        var ours = model.state_dict();
        Assert.Equal(theirs.Keys.Order(StringComparer.Ordinal), ours.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, t) in theirs)
        {
            Assert.True(t.shape.SequenceEqual(ours[key].shape), $"{key}: shape [{string.Join(", ", ours[key].shape)}], PyTorch's [{string.Join(", ", t.shape)}]");
            Assert.True(t.dtype == ours[key].dtype, $"{key}: {ours[key].dtype}, PyTorch's {t.dtype}");
        }
        Assert.Equal(ScalarType.Int64, ours["features.1.num_batches_tracked"].dtype);
    }

    [Fact]
    public void A_plain_state_dict_written_by_PyTorch_loads_into_the_twin_and_reproduces_its_eval_output()
    {
        using var scope = NewDisposeScope();
        var path = ReferenceFixtures.PathOf("ckpt", "small_state_dict");
        var io = ReferenceFixtures.Load("ckpt", "small_io");
        using var model = new SmallNet();
        var info = Checkpoint.Load(path, model);
        Assert.True(info.IsPlainStateDict);
        Assert.Equal(3L, model.state_dict()["features.1.num_batches_tracked"].item<long>());
        model.eval();
        using var noGrad = no_grad();
        ReferenceFixtures.AssertClose(io["output"], model.forward(io["input"]), 1e-5, 1e-7, "SmallNet output");
    }

    [Fact]
    public void PyTorch_reads_our_checkpoint_into_its_own_module_and_computes_the_same_output()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(21);
        using var model = new SmallNet().Randomised(g);
        var checkpoint = Path.Combine(folder, "ours.safetensors");
        var inputPath = Path.Combine(folder, "input.safetensors");
        var metadata = new Dictionary<string, string> { ["note"] = "two \"BN\" passes\nHöhe", ["bands"] = "3" };
        Checkpoint.Save(checkpoint, model, epoch: 4, step: 40, metadata: metadata);
        var x = randn([3, 3, 5, 5], generator: g);
        SafeTensors.Save(inputPath, new Dictionary<string, Tensor> { ["input"] = x });

        using var json = ReferenceFixtures.RunPython("check_reads_ours.py", checkpoint, inputPath);
        var root = json.RootElement;
        var theirs = root.GetProperty("output").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        var shape = root.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        model.eval();
        using var noGrad = no_grad();
        ReferenceFixtures.AssertClose(model.forward(x), tensor(theirs).reshape(shape), 1e-5, 1e-7, "PyTorch's output of our checkpoint");

        var meta = root.GetProperty("metadata");
        Assert.Equal(Checkpoint.Format, meta.GetProperty("format").GetString());
        Assert.Equal("4", meta.GetProperty("epoch").GetString());
        Assert.Equal("40", meta.GetProperty("step").GetString());
        Assert.Equal(metadata["note"], meta.GetProperty("meta.note").GetString());
        Assert.Equal("torch.int64", root.GetProperty("dtypes").GetProperty("features.1.num_batches_tracked").GetString());
        Assert.All(root.GetProperty("keys").EnumerateArray(), k => Assert.StartsWith("model.", k.GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public void A_checkpoint_loaded_into_a_fresh_model_restores_every_parameter_and_buffer_and_the_metadata()
    {
        using var scope = NewDisposeScope();
        using var saved = new SmallNet().Randomised(new Generator(5));
        var path = Path.Combine(folder, "run", "best.safetensors");
        Checkpoint.Save(path, saved, epoch: 2, step: 17, metadata: new Dictionary<string, string> { ["spec"] = "{\"bands\":3}" });
        using var loaded = new SmallNet();
        var info = Checkpoint.Load(path, loaded);
        Assert.False(info.IsPlainStateDict);
        Assert.Equal((2L, 17L), (info.Epoch, info.Step));
        Assert.Equal("{\"bands\":3}", info.Metadata["spec"]);
        var expected = saved.state_dict();
        foreach (var (key, actual) in loaded.state_dict())
            Assert.True(ReferenceFixtures.Identical(expected[key], actual), $"{key} differs after loading");
        Assert.Equal(2L, loaded.state_dict()["features.1.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void Training_resumed_from_a_checkpoint_with_AdamW_state_continues_exactly_as_if_it_had_not_stopped()
    {
        using var scope = NewDisposeScope();
        using var straight = new SmallNet().Randomised(new Generator(7));
        using var optimizer1 = optim.AdamW(straight.parameters(), lr: 0.01, weight_decay: 0.05, amsgrad: true);
        for (var k = 0; k < 5; k++) TrainStep(straight, optimizer1, k);

        var path = Path.Combine(folder, "last.safetensors");
        using (var before = new SmallNet().Randomised(new Generator(7)))
        {
            using var optimizer2 = optim.AdamW(before.parameters(), lr: 0.01, weight_decay: 0.05, amsgrad: true);
            for (var k = 0; k < 3; k++) TrainStep(before, optimizer2, k);
            Checkpoint.Save(path, before, optimizer2, epoch: 0, step: 3);
        }

        using var resumed = new SmallNet().Randomised(new Generator(99));  // different weights: all must come from the file
        using var optimizer3 = optim.AdamW(resumed.parameters(), lr: 0.01, weight_decay: 0.05, amsgrad: true);
        var info = Checkpoint.Load(path, resumed, optimizer3);
        Assert.Equal(3L, info.Step);
        for (var k = 3; k < 5; k++) TrainStep(resumed, optimizer3, k);

        var expected = straight.state_dict();
        foreach (var (key, actual) in resumed.state_dict())
            Assert.True(ReferenceFixtures.Identical(expected[key], actual), $"{key} differs after resuming");

        // Without the optimiser state (moments reset), the same two steps end elsewhere: the state mattered.
        using var restarted = new SmallNet();
        using var optimizer4 = optim.AdamW(restarted.parameters(), lr: 0.01, weight_decay: 0.05, amsgrad: true);
        Checkpoint.Load(path, restarted);
        for (var k = 3; k < 5; k++) TrainStep(restarted, optimizer4, k);
        Assert.False(ReferenceFixtures.Identical(expected["head.weight"], restarted.state_dict()["head.weight"]));
    }

    [Fact]
    public void Missing_and_unexpected_names_are_refused_with_the_file_and_the_names_and_the_model_is_left_unchanged()
    {
        using var scope = NewDisposeScope();
        using var model = new SmallNet().Randomised(new Generator(8));
        var state = model.state_dict().Where(kv => kv.Key != "head.bias").ToDictionary(kv => kv.Key, kv => kv.Value);
        state["head.extra"] = zeros([2]);
        state["features.0.weight"] = zeros_like(state["features.0.weight"]);
        var path = Path.Combine(folder, "renamed.safetensors");
        SafeTensors.Save(path, state);
        using var target = new SmallNet().Randomised(new Generator(9));
        var before = target.state_dict()["features.0.weight"].clone();

        var e = Assert.Throws<ArgumentException>(() => Checkpoint.Load(path, target));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("1 missing (head.bias)", e.Message, StringComparison.Ordinal);
        Assert.Contains("1 unexpected (head.extra)", e.Message, StringComparison.Ordinal);
        Assert.True(ReferenceFixtures.Identical(before, target.state_dict()["features.0.weight"]), "a refused load changed the model");
    }

    [Fact]
    public void Non_strict_loading_skips_missing_and_unexpected_names_reports_them_and_loads_the_rest()
    {
        using var scope = NewDisposeScope();
        using var source = new SmallNet().Randomised(new Generator(10));
        var state = source.state_dict().Where(kv => kv.Key != "head.bias").ToDictionary(kv => kv.Key, kv => kv.Value);
        state["head.extra"] = zeros([2]);
        using var target = new SmallNet();
        var biasBefore = target.state_dict()["head.bias"].clone();
        var (missing, unexpected) = Checkpoint.LoadStateDict(target, state, strict: false);
        Assert.Equal(["head.bias"], missing);
        Assert.Equal(["head.extra"], unexpected);
        Assert.True(ReferenceFixtures.Identical(state["head.weight"], target.state_dict()["head.weight"]));
        Assert.True(ReferenceFixtures.Identical(biasBefore, target.state_dict()["head.bias"]));
    }

    [Fact]
    public void A_shape_that_TorchSharp_would_broadcast_is_refused_naming_the_file_the_tensor_and_both_shapes()
    {
        using var scope = NewDisposeScope();
        using var model = new SmallNet();
        var state = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        state["head.bias"] = full([1], 5f);  // broadcastable to [2]
        state["head.weight"] = zeros([2, 99]);
        var path = Path.Combine(folder, "shapes.safetensors");
        SafeTensors.Save(path, state);
        var e = Assert.Throws<ArgumentException>(() => Checkpoint.Load(path, model));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("'head.bias': the model has [2] Float32", e.Message, StringComparison.Ordinal);
        Assert.Contains("has [1] Float32", e.Message, StringComparison.Ordinal);
        Assert.Contains("'head.weight': the model has [2, 100] Float32", e.Message, StringComparison.Ordinal);

        // Why the check is ours: TorchSharp's own load_state_dict copies with broadcasting and says nothing.
        state.Remove("head.weight");
        state["head.weight"] = zeros([2, 100]);
        model.load_state_dict(state);
        Assert.Equal([5f, 5f], model.state_dict()["head.bias"].data<float>().ToArray());
    }

    [Fact]
    public void A_dtype_mismatch_is_refused_naming_the_tensor_and_both_dtypes()
    {
        using var scope = NewDisposeScope();
        using var model = new SmallNet();
        var state = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        state["features.1.num_batches_tracked"] = tensor(3.0);
        var e = Assert.Throws<ArgumentException>(() => Checkpoint.LoadStateDict(model, state, source: "'x.safetensors'"));
        Assert.Contains("'x.safetensors'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'features.1.num_batches_tracked': the model has [] Int64, 'x.safetensors' has [] Float64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_another_format_and_optimizer_state_that_is_absent_or_of_another_type_are_refused_with_the_file_named()
    {
        using var scope = NewDisposeScope();
        using var model = new SmallNet();
        var ridge = Path.Combine(folder, "ridge.safetensors");
        SafeTensors.Save(ridge, new Dictionary<string, Tensor> { ["w"] = zeros([3]) }, new Dictionary<string, string> { ["format"] = "earthembed.ridge/1" });
        var e1 = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(ridge, model));
        Assert.Contains(ridge, e1.Message, StringComparison.Ordinal);
        Assert.Contains("earthembed.ridge/1", e1.Message, StringComparison.Ordinal);

        var noOptimizer = Path.Combine(folder, "model-only.safetensors");
        Checkpoint.Save(noOptimizer, model);
        using var adam = optim.Adam(model.parameters());
        var e2 = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(noOptimizer, model, adam));
        Assert.Contains(noOptimizer, e2.Message, StringComparison.Ordinal);
        Assert.Contains("no optimizer state", e2.Message, StringComparison.Ordinal);

        var withSgd = Path.Combine(folder, "sgd.safetensors");
        using var sgd = optim.SGD(model.parameters(), 0.1, momentum: 0.9);
        Checkpoint.Save(withSgd, model, sgd);
        var e3 = Assert.Throws<ArgumentException>(() => Checkpoint.Load(withSgd, model, adam));
        Assert.Contains("holds SGD state but the optimizer is Adam", e3.Message, StringComparison.Ordinal);
    }

    /// <summary>One training step on batch <paramref name="k"/> (the same batches in every run: a local generator).</summary>
    private static void TrainStep(SmallNet model, optim.Optimizer optimizer, int k)
    {
        using var scope = NewDisposeScope();
        var g = new Generator((ulong)(1000 + k));
        var x = randn([4, 3, 5, 5], generator: g);
        var y = randn([4, 2], generator: g);
        model.train();
        optimizer.zero_grad();
        var loss = nn.functional.mse_loss(model.forward(x), y);
        loss.backward();
        optimizer.step();
    }
}
