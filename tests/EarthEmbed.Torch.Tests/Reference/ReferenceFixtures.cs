using EarthEmbed.Torch.Serialization;

namespace EarthEmbed.Torch.Tests.Reference;

/// <summary>Loads the PyTorch reference fixtures written by Reference/generate.py into build/reference/ (run by
/// environment/test.sh), and compares tensors the way the parity tests do.</summary>
public static class ReferenceFixtures
{
    /// <summary>The folder holding this project's fixtures.</summary>
    public static string Folder => RepoPaths.Of("build", "reference", "EarthEmbed.Torch.Tests");

    /// <summary>Every case name of a group ("ops" for ops.add.safetensors, ...), for theory data.</summary>
    public static IEnumerable<object[]> Cases(string group)
    {
        var folder = Folder;
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"reference fixtures missing in {folder}; run `bash environment/test.sh` (it generates them)");
        return Directory.GetFiles(folder, group + ".*.safetensors")
            .Select(f => Path.GetFileName(f)[(group.Length + 1)..^".safetensors".Length])
            .Order(StringComparer.Ordinal)
            .Select(c => new object[] { c });
    }

    /// <summary>Loads one fixture; the caller disposes the tensors (or loads inside a DisposeScope).</summary>
    public static Dictionary<string, Tensor> Load(string group, string name)
    {
        var path = Path.Combine(Folder, $"{group}.{name}.safetensors");
        if (!File.Exists(path))
            throw new FileNotFoundException($"reference fixture {path} missing; its generator is Reference/cases_{group}.py " +
                "and `bash environment/test.sh` runs it", path);
        return SafeTensors.Load(path);
    }

    /// <summary>Asserts same shape and |actual - expected| &lt;= atol + rtol * |expected| everywhere, with a message that
    /// names the worst element.</summary>
    public static void AssertClose(Tensor expected, Tensor actual, double rtol = 1e-5, double atol = 1e-6, string what = "")
    {
        Assert.Equal(expected.Shape, actual.Shape);
        using var scope = DisposeScope.Enter();
        var e = expected.To(ScalarType.Float64).ToArray<double>();
        var a = actual.To(ScalarType.Float64).ToArray<double>();
        var worst = -1;
        var worstExcess = 0.0;
        for (var i = 0; i < e.Length; i++)
        {
            if (double.IsNaN(e[i]) && double.IsNaN(a[i])) continue;
            var excess = Math.Abs(a[i] - e[i]) - (atol + rtol * Math.Abs(e[i]));
            if (excess > worstExcess || double.IsNaN(excess)) { worst = i; worstExcess = double.IsNaN(excess) ? double.PositiveInfinity : excess; }
        }
        Assert.True(worst < 0, $"{what}: element {worst} is {(worst >= 0 ? a[worst] : 0)}, expected {(worst >= 0 ? e[worst] : 0)} (rtol {rtol}, atol {atol})");
    }
}
