using EarthEmbed.Models;
using EarthEmbed.Torch;
using EarthEmbed.Torch.Optim;
using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Tests.Models;

/// <summary>Tests that draw from libtorch's global generator after <see cref="Engine.ManualSeed"/> run alone, so
/// parallel tests cannot take numbers from their stream.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeededTorchTests
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Seeded torch random draws";
}

/// <summary>The classic sanity check of a model and its gradients: a small network must be able to memorise one
/// fixed batch. If any layer's gradient were wrong or disconnected, the loss would stall.</summary>
[Collection(SeededTorchTests.Name)]
public class OverfitTests
{
    [Theory]
    [InlineData("unet")]
    [InlineData("unetpp")]
    public void Tiny_model_drives_the_MSE_on_one_fixed_batch_down_by_more_than_90_percent_in_100_steps(string name)
    {
        using var scope = DisposeScope.Enter();
        Engine.ManualSeed(42);
        using var model = ModelRegistry.Create(name, new ModelOptions
        {
            Encoder = "resnet-tiny", InChannels = 4, Classes = 1, EncoderDepth = 4, DecoderChannels = [32, 16, 16, 8],
        });
        var x = Tensor.Randn([2, 4, 32, 32]);
        // a target with spatial context and an interaction between bands, standardised like the trainer's targets
        var y = F.AvgPool2d(x.Narrow(1, 0, 1), 5, stride: 1, padding: 2) * 2.0 + x.Narrow(1, 1, 1) * x.Narrow(1, 2, 1);
        y = (y - y.Mean()) / y.Std();
        using var optimizer = new AdamW(model.Parameters(), lr: 3e-3, weightDecay: 0);
        model.Train();
        double first = double.NaN, last = double.NaN;
        for (var step = 0; step < 100; step++)
        {
            using var stepScope = DisposeScope.Enter();
            optimizer.ZeroGrad();
            var loss = F.MseLoss(model.Forward(x), y);
            loss.Backward();
            optimizer.Step();
            last = loss.ToDouble();
            if (step == 0) first = last;
        }
        Assert.True(last < 0.1 * first, $"{name}: MSE went from {first:G4} to {last:G4} in 100 steps, not below 10 % of the start");
    }
}
