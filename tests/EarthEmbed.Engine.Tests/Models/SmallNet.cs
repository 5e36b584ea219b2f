using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Tests.Models;

/// <summary>The TorchSharp twin of Reference/models.py's SmallNet: features = Sequential(Conv2d(3, 4, 3, padding 1),
/// BatchNorm2d(4), ReLU()), head = Linear(100, 2), for 5x5 inputs. Its state-dict names are PyTorch's
/// (features.0.weight, features.1.running_mean, features.1.num_batches_tracked, head.bias, ...) because TorchSharp
/// names fields after their C# names and Sequential's children "0", "1", "2".</summary>
internal sealed class SmallNet : nn.Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Linear head;

    public SmallNet() : base(nameof(SmallNet))
    {
        features = nn.Sequential(nn.Conv2d(3, 4, 3, padding: 1), nn.BatchNorm2d(4), nn.ReLU());
        head = nn.Linear(4 * 5 * 5, 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return head.forward(features.forward(input).flatten(1)).MoveToOuterDisposeScope();
    }

    /// <summary>Sets every parameter from <paramref name="generator"/> (not the global generator, so tests need not
    /// run serially) and moves the BatchNorm buffers off their defaults with two training-mode forwards.</summary>
    public SmallNet Randomised(Generator generator)
    {
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            foreach (var p in parameters()) p.copy_(randn(p.shape, generator: generator) * 0.3 + 0.1);
            train();
            for (var i = 0; i < 2; i++) forward(randn([6, 3, 5, 5], generator: generator) * 2 + 0.5);
        }
        eval();
        return this;
    }
}
