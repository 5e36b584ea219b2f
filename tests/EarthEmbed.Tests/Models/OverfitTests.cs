using EarthEmbed.Models;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

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
        using var scope = NewDisposeScope();
        manual_seed(42);
        using var model = ModelRegistry.Create(name, new ModelOptions
        {
            Encoder = "resnet-tiny", InChannels = 4, Classes = 1, EncoderDepth = 4, DecoderChannels = [32, 16, 16, 8],
        });
        var x = randn(2, 4, 32, 32);
        // a target with spatial context and an interaction between bands, standardised like the trainer's targets
        var y = F.avg_pool2d(x.narrow(1, 0, 1), 5, stride: 1, padding: 2) * 2.0 + x.narrow(1, 1, 1) * x.narrow(1, 2, 1);
        y = (y - y.mean()) / y.std();
        using var optimizer = optim.AdamW(model.parameters(), lr: 3e-3, weight_decay: 0);
        model.train();
        double first = double.NaN, last = double.NaN;
        for (var step = 0; step < 100; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = F.mse_loss(model.call(x), y);
            loss.backward();
            optimizer.step();
            last = loss.ToDouble();
            if (step == 0) first = last;
        }
        Assert.True(last < 0.1 * first, $"{name}: MSE went from {first:G4} to {last:G4} in 100 steps, not below 10 % of the start");
    }
}
