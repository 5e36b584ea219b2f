using System.Diagnostics;

namespace EarthEmbed.Testing;

/// <summary>Runs commands the way a user does (a separate process from the repository root) for the notebook and
/// command-line tests of every test project: exit code, stdout and stderr, read concurrently so a chatty process cannot block.</summary>
public static class Processes
{
    /// <summary>The repository root (the folder holding EarthEmbed.sln) above the test binaries.</summary>
    public static string RepoRoot() => RepoPaths.Root();

    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>;
    /// kills the process tree after <paramref name="timeout"/> (the exit code is then -1).</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, string workingDirectory,
        TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, await stdout.ConfigureAwait(false), $"timed out after {timeout}\n" + await stderr.ConfigureAwait(false));
        }
        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
