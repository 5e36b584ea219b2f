using System.Globalization;
using System.Text.Json;
using EarthEmbed.Engine.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Tests.Reference;

/// <summary>The PyTorch reference fixtures that Reference/generate.py writes into
/// build/reference/EarthEmbed.Engine.Tests (environment/test.sh runs it with Debian's /usr/bin/python3), the
/// committed Python helpers beside it, and the comparison the parity tests use.</summary>
internal static class ReferenceFixtures
{
    private const string Project = "EarthEmbed.Engine.Tests";
    private const string HowToGenerate = "run `bash environment/test.sh` (it generates them), or " +
        "`/usr/bin/python3 tests/EarthEmbed.Engine.Tests/Reference/generate.py build/reference/EarthEmbed.Engine.Tests`";

    /// <summary>The repository root: the first folder above the test assembly that holds EarthEmbed.sln.</summary>
    public static string RepositoryRoot => RepoPaths.Root();

    /// <summary>The folder holding this project's fixtures.</summary>
    public static string Folder => Path.Combine(RepositoryRoot, "build", "reference", Project);

    /// <summary>The committed generator folder (tests/EarthEmbed.Engine.Tests/Reference).</summary>
    public static string GeneratorFolder => Path.Combine(RepositoryRoot, "tests", Project, "Reference");

    /// <summary>The path of fixture <c>group.name.safetensors</c>; fails, saying how to generate it, when missing.</summary>
    public static string PathOf(string group, string name)
    {
        var path = Path.Combine(Folder, $"{group}.{name}.safetensors");
        if (!File.Exists(path))
            throw new FileNotFoundException($"reference fixture {path} is missing: {HowToGenerate}. Its generator is " +
                $"tests/{Project}/Reference/cases_*.py.", path);
        return path;
    }

    /// <summary>Loads one fixture and its metadata; load inside a DisposeScope (or dispose the tensors).</summary>
    public static Dictionary<string, Tensor> Load(string group, string name, out Dictionary<string, string> metadata) =>
        SafeTensors.Load(PathOf(group, name), out metadata);

    /// <summary>Loads one fixture.</summary>
    public static Dictionary<string, Tensor> Load(string group, string name) => Load(group, name, out _);

    /// <summary>The case names of every fixture of a group on disk ("optim" for optim.adam.safetensors, ...).</summary>
    public static IReadOnlyList<string> CasesOnDisk(string group)
    {
        if (!Directory.Exists(Folder))
            throw new DirectoryNotFoundException($"reference fixtures missing in {Folder}: {HowToGenerate}");
        return Directory.GetFiles(Folder, group + ".*.safetensors")
            .Select(f => Path.GetFileName(f)[(group.Length + 1)..^".safetensors".Length])
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Asserts same shape and |actual - expected| &lt;= atol + rtol * |expected| everywhere, naming the
    /// worst element and the largest relative error.</summary>
    public static void AssertClose(Tensor expected, Tensor actual, double rtol, double atol, string what)
    {
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{what}: shape [{string.Join(", ", actual.shape)}], expected [{string.Join(", ", expected.shape)}]");
        var e = Doubles(expected);
        var a = Doubles(actual);
        var worst = -1;
        var worstExcess = 0.0;
        for (var i = 0; i < e.Length; i++)
        {
            if (double.IsNaN(e[i]) && double.IsNaN(a[i])) continue;
            var excess = Math.Abs(a[i] - e[i]) - (atol + rtol * Math.Abs(e[i]));
            if (excess > worstExcess || double.IsNaN(excess))
            {
                worst = i;
                worstExcess = double.IsNaN(excess) ? double.PositiveInfinity : excess;
            }
        }
        Assert.True(worst < 0, worst < 0 ? "" : $"{what}: element {worst} of {e.Length} is {a[worst]:R}, expected {e[worst]:R} " +
            $"(rtol {rtol}, atol {atol}; largest |difference| {MaxDifference(e, a):G3}, largest |expected| {e.Max(Math.Abs):G3})");
    }

    /// <summary>Same shape, dtype and every element (PyTorch's torch.equal; TorchSharp's Tensor.equal is elementwise
    /// eq and returns a tensor).</summary>
    public static bool Identical(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();
    }

    /// <summary>max |a - e| / max |e|: a tensor-wide relative error.</summary>
    public static double ScaledError(Tensor expected, Tensor actual)
    {
        var e = Doubles(expected);
        var a = Doubles(actual);
        return MaxDifference(e, a) / Math.Max(e.Max(Math.Abs), double.Epsilon);
    }

    private static double MaxDifference(double[] e, double[] a) => e.Zip(a, (x, y) => Math.Abs(x - y)).DefaultIfEmpty(0).Max();

    private static double[] Doubles(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().cpu().to(ScalarType.Float64).contiguous().data<double>().ToArray();
    }

    /// <summary>A number from fixture metadata (Python's repr of a float or int), or <paramref name="fallback"/>.</summary>
    public static double Number(this Dictionary<string, string> meta, string key, double fallback) =>
        meta.TryGetValue(key, out var v) ? double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A comma-separated list of numbers from fixture metadata (a single number gives a list of one).</summary>
    public static double[] Numbers(this Dictionary<string, string> meta, string key) =>
        meta[key].Split(',').Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A boolean ("true"/"false") from fixture metadata, false when absent.</summary>
    public static bool Flag(this Dictionary<string, string> meta, string key) =>
        meta.TryGetValue(key, out var v) && v == "true";

    /// <summary>Runs a committed Python helper of the generator folder with Debian's /usr/bin/python3 (the one
    /// with torch) on one thread, and returns its stdout parsed as JSON; fails with its stderr when it fails.</summary>
    public static JsonDocument RunPython(string script, params string[] arguments)
    {
        var path = Path.Combine(GeneratorFolder, script);
        Assert.True(File.Exists("/usr/bin/python3"), "/usr/bin/python3 (Debian's, with python3-torch) is needed for this check");
        var environment = new Dictionary<string, string>
        {
            ["OMP_NUM_THREADS"] = "1",
            ["PYTHONDONTWRITEBYTECODE"] = "1",  // a __pycache__ here would trigger regeneration
        };
        var (code, stdout, stderr) = Processes.Run("/usr/bin/python3", [path, .. arguments], TimeSpan.FromMinutes(2), environment: environment);
        Assert.True(code == 0, $"{path} failed (exit {code}): {stderr}");
        return JsonDocument.Parse(stdout);
    }
}
