using System.Diagnostics;

namespace EarthEmbed.Viz.Tests;

/// <summary>Runs the independent tools tests check against (GDAL's command line, Chromium).</summary>
internal static class Tools
{
    internal static (int ExitCode, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, int timeoutSeconds = 60)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeoutSeconds} s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
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
