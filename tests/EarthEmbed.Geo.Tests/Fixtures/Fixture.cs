using System.Text.Json;

namespace EarthEmbed.Geo.Tests.Fixtures;

/// <summary>The raster fixtures written by Fixtures/generate.py (run by environment/test.sh into
/// build/fixtures/EarthEmbed.Geo.Tests), the closed formula their values follow, and GDAL's command-line tools as
/// independent peers.</summary>
public static class Fixture
{
    /// <summary>The repository root (the folder holding EarthEmbed.sln).</summary>
    public static string RepoRoot => RepoPaths.Root();

    /// <summary>The folder holding the generated fixtures.</summary>
    public static string Folder => System.IO.Path.Combine(RepoRoot, "build", "fixtures", "EarthEmbed.Geo.Tests");

    /// <summary>The full path of a fixture file; fails with a hint when the generator has not run.</summary>
    public static string Path(string name)
    {
        var path = System.IO.Path.Combine(Folder, name);
        if (!File.Exists(path))
            throw new FileNotFoundException($"fixture {path} missing; Fixtures/generate.py writes it and `bash environment/test.sh` runs that", path);
        return path;
    }

    /// <summary>The generator's formula: value(b, r, c) = 1000 b + 10 r + 0.5 c (band from 0, row from the north).</summary>
    public static float Formula(int band, int row, int col) => 1000f * band + 10f * row + 0.5f * col;

    /// <summary>Runs one of GDAL's programs and returns its standard output; fails the test on a non-zero exit.</summary>
    public static string RunTool(string program, params string[] args)
    {
        var (code, stdout, stderr) = Processes.Run(program, args);
        Assert.True(code == 0, $"{program} {string.Join(" ", args)} exited {code}: {stderr}");
        return stdout;
    }

    /// <summary>gdalinfo -json of a raster, parsed.</summary>
    public static JsonElement GdalInfo(string path, params string[] extra) =>
        JsonDocument.Parse(RunTool("gdalinfo", ["-json", .. extra, path])).RootElement;
}

/// <summary>A scratch folder deleted after the test.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates a fresh folder under the system temp folder.</summary>
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "earthembed-geo-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>A file name inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Names of the files now in the folder (hidden ones included).</summary>
    public string[] Files() => Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
