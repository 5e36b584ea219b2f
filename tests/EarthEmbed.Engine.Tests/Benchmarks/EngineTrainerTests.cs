using EarthEmbed.Benchmarks.EngineBench;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Tests.Benchmarks;

public class EngineTrainerTests
{
    private static readonly EngineSettings Tiny = new()
    {
        Model = new UNetConfig(InChannels: 4, OutChannels: 1, BaseChannels: 4, Depth: 2),
        Batch = 2, Size = 16, Steps = 1, Rounds = 1, Warmup = 0, Threads = 1,
    };

    public static TheoryData<bool> Layouts => new() { false, true };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_variant_lowers_the_loss_on_its_fixed_batch(bool channelsLast)
    {
        using var trainer = new EngineTrainer(Tiny, new EngineVariant(channelsLast));
        var first = trainer.Step(readLoss: true);
        var last = first;
        for (var i = 0; i < 10; i++) last = trainer.Step(readLoss: true);
        Assert.True(double.IsFinite(first), $"first loss {first}");
        Assert.True(last < first, $"loss went from {first} to {last} in 10 AdamW steps on one batch");
    }

    [Fact]
    public void The_channels_last_variant_trains_channels_last_weights_on_a_channels_last_batch_and_computes_the_same_loss()
    {
        using var plain = new EngineTrainer(Tiny, EngineVariant.Fp32);
        using var nhwc = new EngineTrainer(Tiny, EngineVariant.Fp32ChannelsLast);
        Assert.True(MemoryLayout.IsChannelsLast(nhwc.Input));
        Assert.False(MemoryLayout.IsChannelsLast(plain.Input));
        Assert.All(nhwc.Model.parameters().Where(p => p.dim() == 4), p => Assert.True(MemoryLayout.IsChannelsLast(p)));
        for (var step = 0; step < 3; step++)
        {
            double a = plain.Step(readLoss: true), b = nhwc.Step(readLoss: true);
            Assert.True(Math.Abs(a - b) <= 1e-4 * Math.Abs(a), $"step {step}: NCHW loss {a}, NHWC loss {b}");
        }
        // the weights stay channels-last through the optimiser's in-place updates
        Assert.All(nhwc.Model.parameters().Where(p => p.dim() == 4), p => Assert.True(MemoryLayout.IsChannelsLast(p)));
    }

    [Fact]
    public void The_losses_are_the_ones_pytorch_computes_from_the_same_seed()
    {
        // Same seed, same drawing order (model, input, target) and the same initialisation scheme: the two engines
        // start from the same weights and batch, so the loss before the first update agrees to rounding; after two
        // AdamW updates (same optimiser and settings) it still does. The script reports the last step's loss.
        var settings = Tiny with { Seed = 5, Steps = 3 };
        var answer = PyTorchRunner.RunOnce([.. PyTorchRunner.Arguments(settings with { Steps = 1 }, EngineVariant.Fp32), "--rounds", "1"]);
        var pytorchFirst = answer["rounds"]![0]!["loss"]!.GetValue<double>();
        answer = PyTorchRunner.RunOnce([.. PyTorchRunner.Arguments(settings, EngineVariant.Fp32), "--rounds", "1"]);
        var pytorchThird = answer["rounds"]![0]!["loss"]!.GetValue<double>();
        using var trainer = new EngineTrainer(settings, EngineVariant.Fp32);
        var first = trainer.Step(readLoss: true);
        trainer.Step();
        var third = trainer.Step(readLoss: true);
        Assert.True(Math.Abs(first - pytorchFirst) <= 1e-5 * pytorchFirst, $"first loss: EarthEmbed {first}, PyTorch {pytorchFirst}");
        Assert.True(Math.Abs(third - pytorchThird) <= 1e-4 * pytorchThird, $"third loss: EarthEmbed {third}, PyTorch {pytorchThird}");
        Assert.True(third < first, $"{first} -> {third}");
    }

    [Fact]
    public void The_optimiser_is_the_scripts_AdamW_over_every_parameter()
    {
        // unet_train.py: AdamW(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2), one group, every parameter.
        using var trainer = new EngineTrainer(Tiny, EngineVariant.Fp32);
        var group = Assert.IsType<AdamW.ParamGroup>(Assert.Single(trainer.Optimizer.ParamGroups));
        var o = Assert.IsType<AdamW.Options>(group.Options);
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 1e-2), (group.LearningRate, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.weight_decay!.Value));
        Assert.False(o.amsgrad!.Value);
        Assert.False(o.maximize!.Value);
        Assert.Equal(trainer.Model.parameters().Select(p => p.Handle), group.Parameters.Select(p => p.Handle));
    }

    [Fact]
    public void Steps_leave_no_tensor_behind_in_the_callers_scope()
    {
        using var trainer = new EngineTrainer(Tiny, EngineVariant.Fp32);
        using var scope = NewDisposeScope();
        trainer.Step();
        trainer.Step(readLoss: true);
        Assert.Equal(0, scope.DisposablesCount);
    }

    [Fact]
    public void Training_with_the_same_seed_gives_the_same_losses()
    {
        double[] Run(long seed)
        {
            using var trainer = new EngineTrainer(Tiny with { Seed = seed }, EngineVariant.Fp32);
            return [trainer.Step(readLoss: true), trainer.Step(readLoss: true), trainer.Step(readLoss: true)];
        }
        Assert.Equal(Run(0), Run(0));
        Assert.NotEqual(Run(0), Run(1));
    }
}
