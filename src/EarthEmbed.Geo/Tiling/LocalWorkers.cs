using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace EarthEmbed.Geo;

/// <summary>How one worker process ended.</summary>
/// <param name="Worker">The worker's number, from 1.</param>
/// <param name="ExitCode">Its exit code (-1 when it was killed on cancellation).</param>
/// <param name="Elapsed">Its wall time.</param>
public sealed record WorkerResult(int Worker, int ExitCode, TimeSpan Elapsed);

/// <summary>Runs K worker processes side by side on this machine and waits for them: how one shard uses several
/// cores as separate processes (each with its own model, GDAL handles and libtorch threads), the same way a
/// scheduler runs shards. Each worker's output lines are relayed with a "[worker j/K]" prefix. Processes rather
/// than threads: libtorch's thread pool and GDAL's datasets are per process, and a worker's peak memory is its own
/// process's, measurable and bounded.</summary>
public static class LocalWorkers
{
    /// <summary>The start info that runs this same program (the running .NET entry assembly, through the dotnet
    /// host when that is how it was started) with <paramref name="args"/>, with extra environment variables.</summary>
    public static ProcessStartInfo Self(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown: cannot start workers");
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            info.ArgumentList.Add(Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("no entry assembly: cannot start workers"));
        foreach (var a in args) info.ArgumentList.Add(a);
        if (environment is not null) foreach (var (k, v) in environment) info.Environment[k] = v;
        return info;
    }

    /// <summary>Libtorch threads for each of <paramref name="workers"/> workers sharing <paramref name="cores"/>
    /// cores: an equal share, at least one.</summary>
    public static int ThreadsPerWorker(int workers, int cores) => Math.Max(1, cores / Math.Max(1, workers));

    /// <summary>Starts every worker, relays their lines to <paramref name="output"/> and <paramref name="error"/> with
    /// a prefix, and waits for all of them. On cancellation every worker still running is killed.</summary>
    public static IReadOnlyList<WorkerResult> Run(IReadOnlyList<ProcessStartInfo> workers, TextWriter output, TextWriter error,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workers);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var gate = new Lock();
        var processes = new List<(Process Process, Stopwatch Clock)>();
        try
        {
            for (var j = 0; j < workers.Count; j++)
            {
                var prefix = string.Create(CultureInfo.InvariantCulture, $"[worker {j + 1}/{workers.Count}] ");
                var info = workers[j];
                info.RedirectStandardOutput = true;
                info.RedirectStandardError = true;
                var process = new Process { StartInfo = info };
                process.OutputDataReceived += (_, e) => Relay(gate, output, prefix, e.Data);
                process.ErrorDataReceived += (_, e) => Relay(gate, error, prefix, e.Data);
                if (!process.Start()) throw new InvalidOperationException($"could not start worker {j + 1}: {info.FileName}");
                processes.Add((process, Stopwatch.StartNew()));
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
            }
            var results = new WorkerResult[processes.Count];
            for (var j = 0; j < processes.Count; j++)
            {
                var (process, clock) = processes[j];
                try
                {
                    process.WaitForExitAsync(cancellationToken).GetAwaiter().GetResult();
                    process.WaitForExit(); // drains the redirected streams
                    results[j] = new WorkerResult(j + 1, process.ExitCode, clock.Elapsed);
                }
                catch (OperationCanceledException)
                {
                    foreach (var (p, _) in processes) Kill(p);
                    throw;
                }
            }
            return results;
        }
        finally
        {
            foreach (var (p, _) in processes) p.Dispose();
        }
    }

    private static void Relay(Lock gate, TextWriter writer, string prefix, string? line)
    {
        if (line is null) return;
        lock (gate)
        {
            writer.WriteLine(prefix + line);
            writer.Flush();
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }
}
