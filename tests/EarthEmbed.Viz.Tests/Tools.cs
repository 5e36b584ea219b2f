
namespace EarthEmbed.Viz.Tests;

/// <summary>Runs the independent tools tests check against (GDAL's command line, Chromium).</summary>
internal static class Tools
{
    internal static (int ExitCode, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, int timeoutSeconds = 60)
    {
        var (code, stdout, stderr) = Processes.Run(file, args, TimeSpan.FromSeconds(timeoutSeconds));
        if (code == -1) throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeoutSeconds} s: {stderr}");
        return (code, stdout, stderr);
    }

    /// <summary>A fresh folder under the test output, named for the test.</summary>
    internal static string OutputFolder(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "test-output", name);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
