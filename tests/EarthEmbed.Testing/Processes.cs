using System.Diagnostics;

namespace EarthEmbed.Testing;

/// <summary>Runs commands the way a user does (a separate process) for the tests of every project: GDAL's programs,
/// Debian's python3, the command line. Exit code, stdout and stderr, read concurrently so a chatty process cannot
/// block; the process tree is killed after the timeout (the exit code is then -1). The one copy of this for all test
/// projects (the kill -9 tests, which watch a process's output as it runs, start theirs themselves).</summary>
public static class Processes
{
    /// <summary>The repository root (the folder holding EarthEmbed.sln) above the test binaries.</summary>
    public static string RepoRoot() => RepoPaths.Root();

    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>;
    /// kills the process tree after <paramref name="timeout"/> (the exit code is then -1).</summary>
    public static Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, string workingDirectory,
        TimeSpan timeout, params string[] args) => RunAsync(file, args, timeout, workingDirectory);

    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/>, optionally in <paramref name="workingDirectory"/>
    /// and with extra <paramref name="environment"/> variables, and waits up to <paramref name="timeout"/> (default two
    /// minutes).</summary>
    public static (int Code, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, TimeSpan? timeout = null,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null) =>
        RunAsync(file, args, timeout, workingDirectory, environment).GetAwaiter().GetResult();

    /// <summary>As <see cref="Run"/>, awaited.</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> args,
        TimeSpan? timeout = null, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromMinutes(2);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, await stdout.ConfigureAwait(false), $"{file} timed out after {limit}\n" + await stderr.ConfigureAwait(false));
        }
        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
