namespace EarthEmbed.Viz.Tests.Browser;

/// <summary>Debian's headless Chromium, started as the project's rules say: no sandbox (containers), no GPU, no
/// background networking of any kind, and a new empty profile per run.</summary>
internal static class Chromium
{
    internal const string Executable = "/usr/bin/chromium";

    internal static (int ExitCode, string Stdout, string Stderr) Run(string url, params string[] extra)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: run `bash environment/setup.sh` (packages.d/viz.txt installs chromium)");
        var profile = Directory.CreateTempSubdirectory("earthembed-chromium-");
        try
        {
            string[] args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                $"--user-data-dir={profile.FullName}", "--enable-logging=stderr", "--v=0", .. extra, url,
            ];
            return Tools.Run(Executable, args, timeoutSeconds: 120);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    /// <summary>Console lines that report a JavaScript error (uncaught exceptions, console.error with an Error).</summary>
    internal static IEnumerable<string> JavaScriptErrors(string stderr) =>
        stderr.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal) &&
                                      (l.Contains("Uncaught", StringComparison.Ordinal) || l.Contains("Error", StringComparison.Ordinal)));
}
