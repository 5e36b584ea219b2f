using EarthEmbed.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>The three models of the replication by name, built from a config with the same seed.</summary>
public static class JointSegModels
{
    /// <summary>Model names in report order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["jointseg", "bilinear_unet", "lowres_unet"];

    /// <summary>Builds model <paramref name="name"/> after seeding libtorch with <paramref name="seed"/>.</summary>
    public static nn.Module<Tensor, Tensor> Create(string name, JointSegConfig config, int seed, int bands = 4)
    {
        ArgumentNullException.ThrowIfNull(config);
        TorchEngine.EnsureLoaded();
        torch.manual_seed(seed);
        return name switch
        {
            "jointseg" => new JointSegModel(config, bands),
            "bilinear_unet" => new BilinearUNet(bands, config.Factor, config.BaselineEncoder),
            "lowres_unet" => new LowResUNet(bands, config.Factor, config.BaselineEncoder),
            _ => throw new ArgumentException($"unknown model '{name}'; expected one of {string.Join(", ", Names)}", nameof(name)),
        };
    }
}
