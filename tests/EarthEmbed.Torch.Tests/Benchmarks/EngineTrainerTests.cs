using EarthEmbed.Benchmarks.EngineBench;

namespace EarthEmbed.Torch.Tests.Benchmarks;

public class EngineTrainerTests
{
    private static readonly EngineSettings Tiny = new()
    {
        Model = new UNetConfig(InChannels: 4, OutChannels: 1, BaseChannels: 4, Depth: 2),
        Batch = 2, Size = 16, Steps = 1, Rounds = 1, Warmup = 0, Threads = 1,
    };

    public static TheoryData<bool, bool> Variants => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_variant_lowers_the_loss_on_its_fixed_batch(bool bf16, bool channelsLast)
    {
        using var trainer = new EngineTrainer(Tiny, new EngineVariant(bf16, channelsLast));
        var first = trainer.Step(readLoss: true);
        var last = first;
        for (var i = 0; i < 10; i++) last = trainer.Step(readLoss: true);
        Assert.True(double.IsFinite(first), $"first loss {first}");
        Assert.True(last < first, $"loss went from {first} to {last} in 10 AdamW steps on one batch");
    }

    [Fact]
    public void Steps_leave_no_tensor_behind_in_the_callers_scope()
    {
        using var trainer = new EngineTrainer(Tiny, EngineVariant.Fp32);
        using var scope = DisposeScope.Enter();
        trainer.Step();
        trainer.Step();
        Assert.Equal(0, scope.Count);
    }

    [Fact]
    public void Training_with_the_same_seed_gives_the_same_losses()
    {
        double[] Run()
        {
            using var trainer = new EngineTrainer(Tiny, EngineVariant.Fp32);
            return [trainer.Step(readLoss: true), trainer.Step(readLoss: true), trainer.Step(readLoss: true)];
        }
        Assert.Equal(Run(), Run());
    }
}
