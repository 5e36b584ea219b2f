using EarthEmbed.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Tests;

public class EngineLoadTests
{
    [Fact]
    public void TorchSharp_loads_libtorch_2_10_and_reports_its_versions()
    {
        TorchEngine.EnsureLoaded();
        Assert.StartsWith("2.10", TorchEngine.LibTorchVersion, StringComparison.Ordinal);
        Assert.StartsWith("0.107", TorchEngine.TorchSharpVersion, StringComparison.Ordinal);
        Assert.True(TorchEngine.Threads >= 1);
    }

    [Fact]
    public void A_small_convolutional_net_trains_with_AdamW_and_its_loss_falls()
    {
        TorchEngine.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        var generator = new Generator(17);
        var x = torch.randn([16, 3, 12, 12], generator: generator);
        var y = (x[.., 0..1] * 2 - x[.., 1..2]).detach();  // a target a 1x1 convolution can fit exactly
        var model = nn.Sequential(nn.Conv2d(3, 8, 3, padding: 1), nn.ReLU(), nn.Conv2d(8, 1, 1));
        var optimizer = optim.AdamW(model.parameters(), lr: 0.01);
        double first = 0, last = 0;
        for (var step = 0; step < 200; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(model.forward(x), y);
            loss.backward();
            optimizer.step();
            var value = loss.item<float>();
            if (step == 0) first = value;
            last = value;
        }
        Assert.True(last < first / 20, $"loss went from {first} to {last}");
    }

    [Fact]
    public void The_compatibility_step_leaves_a_record_beside_the_assemblies_that_matches_the_loaded_library()
    {
        TorchEngine.EnsureLoaded();
        var step = CompatibilityStep.Current();
        Assert.NotNull(step.LoadedLibrary);
        if (step.Applied) Assert.True(step.LoadedIsPatched, step.Describe());
        Assert.False(string.IsNullOrWhiteSpace(step.Reason));
    }

    [Fact]
    public void A_thread_count_that_is_not_a_positive_number_is_refused_with_the_variable_named()
    {
        var e = Assert.Throws<ArgumentException>(() => TorchEngine.ThreadsFromEnvironment(
            name => name == "EARTHEMBED_THREADS" ? "two" : null));
        Assert.Contains("EARTHEMBED_THREADS=two", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, TorchEngine.ThreadsFromEnvironment(name => name == "OMP_NUM_THREADS" ? "3" : null));
        Assert.Equal(4, TorchEngine.ThreadsFromEnvironment(name => name == "EARTHEMBED_THREADS" ? "4" : "3"));
        Assert.Null(TorchEngine.ThreadsFromEnvironment(_ => null));
    }
}
