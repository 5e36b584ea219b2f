using EarthEmbed.Engine.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Tests.Reference;

/// <summary>One fixture file: tensors by name plus its metadata strings. Load inside a dispose scope.</summary>
internal sealed record Fixture(Dictionary<string, Tensor> Tensors, Dictionary<string, string> Meta)
{
    public Tensor this[string name] => Tensors.TryGetValue(name, out var t) ? t
        : throw new KeyNotFoundException($"fixture has no tensor '{name}' (has {string.Join(", ", Tensors.Keys.Take(20))} ...)");

    /// <summary>Tensors under "prefix." with the prefix removed.</summary>
    public Dictionary<string, Tensor> WithPrefix(string prefix) => Tensors
        .Where(kv => kv.Key.StartsWith(prefix + ".", StringComparison.Ordinal))
        .ToDictionary(kv => kv.Key[(prefix.Length + 1)..], kv => kv.Value, StringComparer.Ordinal);
}

/// <summary>Loads the reference fixtures that Reference/generate.py writes into build/reference/EarthEmbed.Tests
/// (environment/test.sh runs it when a generator file changes) and compares tensors.</summary>
internal static class ReferenceFixtures
{
    /// <summary>The folder holding this project's fixtures.</summary>
    public static string Folder => RepoPaths.Of("build", "reference", "EarthEmbed.Tests");

    /// <summary>Case names of a group (files "group.case.safetensors"), for theory data.</summary>
    public static IEnumerable<object[]> Cases(string group, string prefix = "")
    {
        var folder = Folder;
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"reference fixtures missing in {folder}; run `bash environment/test.sh` (it generates them)");
        return Directory.GetFiles(folder, $"{group}.{prefix}*.safetensors")
            .Select(f => Path.GetFileName(f)[(group.Length + 1)..^".safetensors".Length])
            .Order(StringComparer.Ordinal)
            .Select(c => new object[] { c });
    }

    /// <summary>Loads one fixture with its metadata.</summary>
    public static Fixture Load(string group, string name)
    {
        var path = Path.Combine(Folder, $"{group}.{name}.safetensors");
        if (!File.Exists(path))
            throw new FileNotFoundException($"reference fixture {path} missing; its generator is tests/EarthEmbed.Tests/Reference/cases_{group}.py " +
                "and `bash environment/test.sh` runs it", path);
        var tensors = SafeTensors.Load(path, out var meta);
        return new Fixture(tensors, meta);
    }

    /// <summary>Asserts same shape and |actual - expected| &lt;= atol + rtol |expected| everywhere, naming the worst
    /// element. With <paramref name="atolOfMax"/>, atol is that fraction of max |expected| (for float32 sums over
    /// many terms, where small elements carry the rounding of large ones).</summary>
    public static void AssertClose(Tensor expected, Tensor actual, double rtol, double atol = 0, string what = "", double atolOfMax = 0)
    {
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{what}: shape [{string.Join(", ", actual.shape)}], expected [{string.Join(", ", expected.shape)}]");
        using var scope = NewDisposeScope();
        var e = Doubles(expected);
        var a = Doubles(actual);
        if (atolOfMax > 0 && e.Length > 0) atol = Math.Max(atol, atolOfMax * e.Max(Math.Abs));
        var worst = -1;
        var worstExcess = 0.0;
        for (var i = 0; i < e.Length; i++)
        {
            var excess = Math.Abs(a[i] - e[i]) - (atol + rtol * Math.Abs(e[i]));
            if (excess > worstExcess || double.IsNaN(excess)) { worst = i; worstExcess = double.IsNaN(excess) ? double.PositiveInfinity : excess; }
        }
        Assert.True(worst < 0, $"{what}: element {worst} is {(worst >= 0 ? a[worst] : 0)}, expected {(worst >= 0 ? e[worst] : 0)} (rtol {rtol}, atol {atol})");
    }

    /// <summary>The elements of <paramref name="t"/> as doubles, in row-major order.</summary>
    public static double[] Doubles(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().cpu().to(ScalarType.Float64).contiguous().data<double>().ToArray();
    }
}
