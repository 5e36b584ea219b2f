using EarthEmbed.Engine.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Tests.Checkpoints;

/// <summary>Extra modules and optimisers in the model's checkpoint file (a GAN's discriminator): they round-trip with
/// their optimiser state, model-only loads (strict) ignore them, and a part asked for but absent is a clear error.</summary>
public sealed class CheckpointExtrasTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ee-engine-extras-" + Guid.NewGuid().ToString("N"));

    public CheckpointExtrasTests()
    {
        TorchEngine.EnsureLoaded();
        Directory.CreateDirectory(folder);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static float[] Weights(nn.Module m) => m.parameters().SelectMany(p => p.detach().flatten().data<float>().ToArray()).ToArray();

    [Fact]
    public void Extras_round_trip_with_their_optimiser_and_model_only_loads_ignore_them()
    {
        var path = Path.Combine(folder, "gan.safetensors");
        manual_seed(1);
        using var model = nn.Linear(3, 2);
        using var critic = nn.Linear(2, 1);
        using var criticOptimizer = optim.AdamW(critic.parameters(), lr: 1e-2, beta1: 0.5, beta2: 0.99);
        using (var scope = NewDisposeScope())
        {
            criticOptimizer.zero_grad();
            critic.call(randn(4, 2)).sum().backward();
            criticOptimizer.step();  // optimiser state (moments, step count) to save
        }
        Checkpoint.SaveWithExtras(path, model, null, 3, 30, null, [new CheckpointPart("critic", critic, criticOptimizer)]);

        manual_seed(2);
        using var model2 = nn.Linear(3, 2);
        using var critic2 = nn.Linear(2, 1);
        using var criticOptimizer2 = optim.AdamW(critic2.parameters(), lr: 1e-2, beta1: 0.5, beta2: 0.99);
        Assert.Equal(3, Checkpoint.Load(path, model2).Epoch);  // strict: the extra tensors are not the model's
        Checkpoint.LoadExtras(path, [new CheckpointPart("critic", critic2, criticOptimizer2)]);
        Assert.Equal(Weights(model), Weights(model2));
        Assert.Equal(Weights(critic), Weights(critic2));

        // The same next step from the same state: the optimiser state came back too.
        using (var scope = NewDisposeScope())
        {
            var x = randn(4, 2);
            foreach (var (c, o) in new[] { (critic, criticOptimizer), (critic2, criticOptimizer2) })
            {
                o.zero_grad();
                c.call(x).sum().backward();
                o.step();
            }
        }
        Assert.Equal(Weights(critic), Weights(critic2));

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadExtras(path, [new CheckpointPart("discriminator", critic2)]));
        Assert.Contains("no part 'discriminator'", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }
}
