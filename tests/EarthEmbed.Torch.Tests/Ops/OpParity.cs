using System.Text.RegularExpressions;
using EarthEmbed.Torch.Serialization;
using EarthEmbed.Torch.Tests.Reference;

namespace EarthEmbed.Torch.Tests.Ops;

/// <summary>The inputs of one parity case, by the names the Python generator gave them.</summary>
public sealed class OpInputs
{
    private readonly IReadOnlyDictionary<string, Tensor> tensors;

    internal OpInputs(IReadOnlyDictionary<string, Tensor> tensors) => this.tensors = tensors;

    /// <summary>The input called <paramref name="name"/>.</summary>
    public Tensor this[string name] => tensors.TryGetValue(name, out var t) ? t
        : throw new KeyNotFoundException($"the fixture has no input '{name}' (it has: {string.Join(", ", tensors.Keys)})");
}

/// <summary>Runs one operator parity case written by Reference/opcases.py: loads the inputs, marks those PyTorch
/// differentiated as requiring grad, runs the C# counterpart, and compares every output (dtype, shape, values) and,
/// through <see cref="Autograd.Grad"/> with PyTorch's upstream gradients, every input gradient.</summary>
internal static class OpParity
{
    /// <summary>Loads a fixture and turns the tensors the generator listed as bool (stored as U8) back into bool.</summary>
    public static Dictionary<string, Tensor> Load(string group, string name) => Load(group, name, out _);

    /// <summary>Loads a fixture as <see cref="Load(string, string)"/> and lists the inputs PyTorch made require grad.</summary>
    public static Dictionary<string, Tensor> Load(string group, string name, out IReadOnlyList<string> requiresGrad)
    {
        var path = Path.Combine(ReferenceFixtures.Folder, $"{group}.{name}.safetensors");
        if (!File.Exists(path))
            throw new FileNotFoundException($"fixture {path} missing; `bash environment/test.sh` generates it", path);
        var tensors = SafeTensors.Load(path, out var metadata);
        if (metadata.TryGetValue("bool", out var list))
            foreach (var key in list.Split(',', StringSplitOptions.RemoveEmptyEntries))
                tensors[key] = tensors[key].To(ScalarType.Bool);
        requiresGrad = metadata.TryGetValue("requires_grad", out var grads)
            ? grads.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList()
            : [];
        return tensors;
    }

    private static readonly Regex Reserved = new(@"^(out\d+|g\d+|grad_.*)$", RegexOptions.CultureInvariant);

    private static bool IsReserved(string key) => Reserved.IsMatch(key);

    /// <summary>Checks case <paramref name="name"/> of <paramref name="group"/> against the C# op in <paramref name="cases"/>.</summary>
    public static void Check(string group, string name, IReadOnlyDictionary<string, Func<OpInputs, Tensor[]>> cases,
        double rtol, double? atol = null)
    {
        Assert.True(cases.TryGetValue(name, out var op), $"{group}.{name}: the Python generator has this case but C# does not");
        using var scope = DisposeScope.Enter();
        var f = Load(group, name, out var requiresGrad);
        var inputs = f.Where(kv => !IsReserved(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var k in requiresGrad) inputs[k].RequiresGrad_();
        var differentiated = requiresGrad.Where(k => f.ContainsKey("grad_" + k)).ToList();

        var outs = op!(new OpInputs(inputs));
        var expectedCount = f.Keys.Count(k => k.StartsWith("out", StringComparison.Ordinal));
        Assert.True(expectedCount == outs.Length, $"{group}.{name}: PyTorch gave {expectedCount} outputs, C# {outs.Length}");
        for (var i = 0; i < outs.Length; i++)
        {
            AssertMatches(f[$"out{i}"], outs[i], rtol, atol, $"{group}.{name} out{i}");
            if (requiresGrad.Count > 0 && !f.ContainsKey($"g{i}"))
                Assert.False(outs[i].RequiresGrad, $"{group}.{name} out{i}: requires grad in C# but not in PyTorch");
        }

        var withGrad = Enumerable.Range(0, outs.Length).Where(i => f.ContainsKey($"g{i}")).ToList();
        if (withGrad.Count == 0) return;
        var grads = Autograd.Grad(withGrad.Select(i => outs[i]).ToList(), differentiated.Select(k => inputs[k]).ToList(),
            withGrad.Select(i => (Tensor?)f[$"g{i}"]).ToList(), allowUnused: true);
        for (var k = 0; k < differentiated.Count; k++)
        {
            var name2 = differentiated[k];
            var actual = grads[k] ?? Tensor.ZerosLike(inputs[name2]);
            AssertMatches(f["grad_" + name2], actual, rtol, atol, $"{group}.{name} grad_{name2}");
        }
    }

    /// <summary>Same dtype and shape; floating values within rtol/atol (atol by dtype unless given), others exact.</summary>
    public static void AssertMatches(Tensor expected, Tensor actual, double rtol, double? atol, string what)
    {
        Assert.True(expected.DType == actual.DType, $"{what}: dtype {actual.DType}, PyTorch's is {expected.DType}");
        Assert.True(expected.Shape.SequenceEqual(actual.Shape),
            $"{what}: shape [{string.Join(", ", actual.Shape)}], PyTorch's is [{string.Join(", ", expected.Shape)}]");
        if (expected.DType.IsFloatingPoint())
        {
            var tol = atol ?? (expected.DType == ScalarType.Float64 ? 1e-10 : 1e-6);
            ReferenceFixtures.AssertClose(expected, actual, rtol, tol, what);
            return;
        }
        using var scope = DisposeScope.Enter();
        var e = expected.To(ScalarType.Int64).ToArray<long>();
        var a = actual.To(ScalarType.Int64).ToArray<long>();
        var first = Enumerable.Range(0, e.Length).FirstOrDefault(i => e[i] != a[i], -1);
        Assert.True(first < 0, $"{what}: element {first} is {(first >= 0 ? a[first] : 0)}, PyTorch's is {(first >= 0 ? e[first] : 0)}");
    }

    /// <summary>The Python generator and the C# table define the same cases: none is silently skipped.</summary>
    public static void AssertSameCases(string group, IEnumerable<string> csharp)
    {
        var python = ReferenceFixtures.Cases(group).Select(c => (string)c[0]).ToHashSet();
        Assert.NotEmpty(python);
        var cs = csharp.ToHashSet();
        var onlyPython = python.Except(cs).Order(StringComparer.Ordinal).ToList();
        var onlyCs = cs.Except(python).Order(StringComparer.Ordinal).ToList();
        Assert.True(onlyPython.Count == 0 && onlyCs.Count == 0,
            $"group {group}: only in Python: [{string.Join(", ", onlyPython)}]; only in C#: [{string.Join(", ", onlyCs)}]");
    }
}
