using System.Globalization;
using EarthEmbed.Torch.Nn;
using EarthEmbed.Torch.Serialization;
using EarthEmbed.Torch.Tests.Reference;

namespace EarthEmbed.Torch.Tests.Nn;

/// <summary>One nn fixture written by Reference/cases_nn*.py: tensors by name plus the metadata strings (seed,
/// train, dtype, repr, param_count). Load inside a DisposeScope.</summary>
internal sealed class NnFixture
{
    private NnFixture(Dictionary<string, Tensor> tensors, Dictionary<string, string> meta) => (Tensors, Meta) = (tensors, meta);

    public Dictionary<string, Tensor> Tensors { get; }
    public Dictionary<string, string> Meta { get; }

    public Tensor this[string name] => Tensors.TryGetValue(name, out var t) ? t
        : throw new KeyNotFoundException($"fixture has no tensor '{name}' (has {string.Join(", ", Tensors.Keys)})");

    public long Seed => long.Parse(Meta["seed"], CultureInfo.InvariantCulture);
    public bool Train => Meta["train"] == "1";
    public bool IsFloat64 => Meta["dtype"] == "float64";
    public ScalarType DType => IsFloat64 ? ScalarType.Float64 : ScalarType.Float32;
    public long ParamCount => long.Parse(Meta["param_count"], CultureInfo.InvariantCulture);
    public string Repr => Meta["repr"];

    /// <summary>Tensors under "prefix." with the prefix removed (for example the state dict under "state.").</summary>
    public Dictionary<string, Tensor> WithPrefix(string prefix) => Tensors
        .Where(kv => kv.Key.StartsWith(prefix + ".", StringComparison.Ordinal))
        .ToDictionary(kv => kv.Key[(prefix.Length + 1)..], kv => kv.Value, StringComparer.Ordinal);

    public static NnFixture Load(string group, string name)
    {
        var path = Path.Combine(ReferenceFixtures.Folder, $"{group}.{name}.safetensors");
        if (!File.Exists(path))
            throw new FileNotFoundException($"reference fixture {path} missing; `bash environment/test.sh` generates it", path);
        var tensors = SafeTensors.Load(path, out var meta);
        return new NnFixture(tensors, meta);
    }

    /// <summary>Builds the module after the fixture's seed, checks the initial state against PyTorch's draw (exact),
    /// the state dict keys and shapes, converts to the fixture's dtype, loads the fixture's state strictly and sets
    /// the mode.</summary>
    public T Prepare<T>(Func<T> build) where T : Module
    {
        Engine.ManualSeed(Seed);
        var module = build();
        var init = WithPrefix("init");
        using (var scope = DisposeScope.Enter())
        {
            var own = module.StateDict();
            Assert.Equal(init.Keys.Order(StringComparer.Ordinal), own.Keys.Order(StringComparer.Ordinal));
            foreach (var (key, expected) in init)
                ReferenceFixtures.AssertClose(expected, own[key], 0, 0, "init " + key);
        }
        Assert.Equal(ParamCount, module.ParameterCount());
        module.To(Device.Cpu, DType);
        module.LoadStateDict(WithPrefix("state"), strict: true);
        module.Train(Train);
        return module;
    }

    /// <summary>Asserts that every parameter's gradient matches "grad.&lt;name&gt;" (absent means no gradient).</summary>
    public void AssertParameterGrads(Module module, double rtol, double atol)
    {
        var grads = WithPrefix("grad");
        foreach (var (name, p) in module.NamedParameters())
        {
            if (grads.TryGetValue(name, out var expected))
            {
                Assert.True(p.Grad is not null, $"parameter {name} has no gradient");
                ReferenceFixtures.AssertClose(expected, p.Grad!, rtol, atol, "grad " + name);
            }
            else Assert.Null(p.Grad);
        }
        Assert.All(grads.Keys, k => Assert.Contains(k, module.NamedParameters().Select(p => p.Name)));
    }

    /// <summary>Tolerances: float64 fixtures are compared tightly, float32 ones as the brief allows.</summary>
    public (double Rtol, double Atol) Tolerance(bool convOrAttention) =>
        IsFloat64 ? (1e-9, 1e-11) : convOrAttention ? (1e-4, 1e-5) : (1e-5, 1e-6);
}
