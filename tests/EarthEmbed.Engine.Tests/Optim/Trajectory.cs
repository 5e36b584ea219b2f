using EarthEmbed.Engine.Tests.Reference;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Tests.Optim;

/// <summary>Builds TorchSharp's own optimisers the way Reference/cases_optim.py builds PyTorch's, and replays a
/// fixture's gradients through them.</summary>
internal static class Trajectory
{
    /// <summary>The optimiser hyperparameters of a fixture (PyTorch's defaults where the fixture names none).</summary>
    internal sealed record Settings(string Kind, double Lr, double Momentum = 0, double Dampening = 0, double WeightDecay = 0,
        bool Nesterov = false, bool Maximize = false, double Beta1 = 0.9, double Beta2 = 0.999, double Eps = 1e-8, bool Amsgrad = false)
    {
        /// <summary>The settings in an optim.* fixture's metadata. PyTorch's AdamW decays by 0.01 by default
        /// (TorchSharp's by 0), so an AdamW fixture without weight_decay means 0.01.</summary>
        public static Settings From(Dictionary<string, string> c) => new(c["optimizer"], c.Number("lr", double.NaN),
            c.Number("momentum", 0), c.Number("dampening", 0), c.Number("weight_decay", c["optimizer"] == "adamw" ? 0.01 : 0),
            c.Flag("nesterov"), c.Flag("maximize"), c.Number("beta1", 0.9), c.Number("beta2", 0.999), c.Number("eps", 1e-8),
            c.Flag("amsgrad"));
    }

    /// <summary>The optimiser of <paramref name="s"/> over parameter groups given as (parameters, learning rate or
    /// null for the default).</summary>
    public static optim.Optimizer Build(Settings s, IReadOnlyList<(Parameter[] Parameters, double? Lr)> groups) => s.Kind switch
    {
        "sgd" => new SGD(groups.Select(g => new SGD.ParamGroup(g.Parameters, new SGD.Options { LearningRate = g.Lr })),
            s.Lr, s.Momentum, s.Dampening, s.WeightDecay, s.Nesterov, s.Maximize),
        "adam" => new Adam(groups.Select(g => new Adam.ParamGroup(g.Parameters, new Adam.Options { LearningRate = g.Lr })),
            s.Lr, s.Beta1, s.Beta2, s.Eps, s.WeightDecay, s.Amsgrad, s.Maximize),
        "adamw" => new AdamW(groups.Select(g => new AdamW.ParamGroup(g.Parameters, new AdamW.Options { LearningRate = g.Lr })),
            s.Lr, s.Beta1, s.Beta2, s.Eps, s.WeightDecay, s.Amsgrad, s.Maximize),
        _ => throw new ArgumentException($"unknown optimizer '{s.Kind}' in fixture metadata"),
    };

    /// <summary>The fixture's starting parameters p0..p2 as fresh leaf parameters.</summary>
    public static Parameter[] StartingParameters(Dictionary<string, Tensor> f) =>
        Enumerable.Range(0, 3).Select(j => nn.Parameter(f[$"p{j}"].clone())).ToArray();

    /// <summary>Sets step <paramref name="k"/>'s gradients g&lt;k&gt;.&lt;j&gt; (none where the fixture has none).</summary>
    public static void SetGradients(Dictionary<string, Tensor> f, Parameter[] p, int k)
    {
        for (var j = 0; j < p.Length; j++)
            p[j].grad = f.TryGetValue($"g{k}.{j}", out var g) ? g.clone() : null;
    }

    /// <summary>Asserts the parameters equal the fixture's after&lt;k&gt;.&lt;j&gt;.</summary>
    public static void AssertParameters(Dictionary<string, Tensor> f, Parameter[] p, int k, double rtol, string what)
    {
        for (var j = 0; j < p.Length; j++)
            ReferenceFixtures.AssertClose(f[$"after{k}.{j}"], p[j], rtol, rtol * 1e-3, $"{what}: p{j} after step {k + 1}");
    }
}
