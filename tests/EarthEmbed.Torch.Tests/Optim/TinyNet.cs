using System.Globalization;
using EarthEmbed.Torch.Nn;
using EarthEmbed.Torch.Serialization;
using EarthEmbed.Torch.Tests.Reference;
using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Torch.Tests.Optim;

/// <summary>A weight and a bias, named as torch.nn.Conv2d / Linear name them.</summary>
internal sealed class WeightAndBias : Module
{
    public WeightAndBias(Tensor weight, Tensor bias)
    {
        Weight = RegisterParameter("weight", weight);
        Bias = RegisterParameter("bias", bias);
    }

    public Tensor Weight { get; }

    public Tensor Bias { get; }
}

/// <summary>The C# twin of Reference/check_reads_ours.py's TinyNet: conv 3->4 (3x3, padding 1), ReLU, flatten,
/// linear 100->2, built from Functional calls over raw parameters so these tests do not depend on the nn layers.
/// State dict keys conv.weight, conv.bias, head.weight, head.bias, as in PyTorch.</summary>
internal sealed class TinyNet : Module<Tensor, Tensor>
{
    private readonly WeightAndBias conv;
    private readonly WeightAndBias head;

    public TinyNet(long seed)
    {
        Engine.ManualSeed(seed);
        using var scope = DisposeScope.Enter();
        conv = RegisterModule("conv", new WeightAndBias(Tensor.Randn([4, 3, 3, 3]) * 0.2, Tensor.Randn([4]) * 0.1));
        head = RegisterModule("head", new WeightAndBias(Tensor.Randn([2, 100]) * 0.1, Tensor.Randn([2]) * 0.1));
    }

    public override Tensor Forward(Tensor input) =>
        F.Linear(F.Relu(F.Conv2d(input, conv.Weight, conv.Bias, padding: 1)).Flatten(1), head.Weight, head.Bias);
}

/// <summary>Reads a reference fixture together with the configuration its generator stored in __metadata__.</summary>
internal static class Fixture
{
    public static Dictionary<string, Tensor> Load(string group, string name, out Dictionary<string, string> config)
    {
        var path = Path.Combine(ReferenceFixtures.Folder, $"{group}.{name}.safetensors");
        config = new Dictionary<string, string>();
        if (!File.Exists(path)) return ReferenceFixtures.Load(group, name);  // throws the harness's helpful message
        return SafeTensors.Load(path, out config);
    }

    public static double Number(this Dictionary<string, string> config, string key, double fallback) =>
        config.TryGetValue(key, out var v) ? ParseNumber(v) : fallback;

    public static bool Flag(this Dictionary<string, string> config, string key) =>
        config.TryGetValue(key, out var v) && v == "true";

    private static double ParseNumber(string text) => text switch
    {
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };
}
