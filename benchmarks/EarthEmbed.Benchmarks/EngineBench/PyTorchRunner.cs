using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace EarthEmbed.Benchmarks.EngineBench;

/// <summary>The PyTorch side of the engine benchmark: benchmarks/pytorch/unet_train.py run with Debian's
/// <c>/usr/bin/python3</c> (the one python3-torch installs into; override with EARTHEMBED_PYTHON). In serve mode the
/// process warms up once and then times one round per request, so rounds of the two engines interleave while both
/// stay warm. Only one side runs at any moment: this process waits for each answer.</summary>
public sealed class PyTorchRunner : IDisposable
{
    private const string ScriptName = "unet_train.py";
    private readonly Process process;
    private readonly List<string> stderrTail;
    private bool disposed;

    private PyTorchRunner(Process process, List<string> stderrTail)
    {
        this.process = process;
        this.stderrTail = stderrTail;
    }

    /// <summary>The script's first answer (torch version, threads, variant), printed after its warm-up steps.</summary>
    public JsonObject Ready { get; private set; } = new();

    /// <summary>The Python interpreter: EARTHEMBED_PYTHON, else /usr/bin/python3.</summary>
    public static string Python =>
        Environment.GetEnvironmentVariable("EARTHEMBED_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    /// <summary>Finds unet_train.py: in the repository's benchmarks/pytorch folder above the running assembly (so
    /// an edited script is used without a rebuild), else the copy the build put beside the assembly (pytorch/).</summary>
    public static string ScriptPath
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "benchmarks", "pytorch", ScriptName);
                if (File.Exists(candidate)) return candidate;
            }
            var local = Path.Combine(AppContext.BaseDirectory, "pytorch", ScriptName);
            if (File.Exists(local)) return local;
            throw new FileNotFoundException(
                $"{ScriptName} was not found in a benchmarks/pytorch folder above {AppContext.BaseDirectory} nor in " +
                $"{Path.Combine(AppContext.BaseDirectory, "pytorch")}; rebuild the benchmarks project", ScriptName);
        }
    }

    /// <summary>The script's command-line arguments for one benchmark setting.</summary>
    public static IReadOnlyList<string> Arguments(EngineSettings settings, EngineVariant variant)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var c = settings.Model;
        var args = new List<string>
        {
            "--threads", Str(settings.Threads), "--steps", Str(settings.Steps), "--warmup", Str(settings.Warmup),
            "--batch", Str(settings.Batch), "--size", Str(settings.Size), "--in-channels", Str(c.InChannels),
            "--out-channels", Str(c.OutChannels), "--base", Str(c.BaseChannels), "--depth", Str(c.Depth),
            "--seed", Str(settings.Seed),
        };
        ArgumentNullException.ThrowIfNull(variant);
        if (variant.ChannelsLast) args.Add("--channels-last");
        return args;
    }

    /// <summary>Starts the script in serve mode and waits for its warm-up to finish.</summary>
    public static PyTorchRunner Start(EngineSettings settings, EngineVariant variant)
    {
        var runner = Launch(Arguments(settings, variant).Append("--serve"));
        try
        {
            runner.Ready = runner.ReadObject("its warm-up");
            if (runner.Ready["ready"]?.GetValue<bool>() != true)
                throw new InvalidOperationException($"{ScriptName} did not report ready: {runner.Ready.ToJsonString()}");
            return runner;
        }
        catch
        {
            runner.Dispose();
            throw;
        }
    }

    /// <summary>Times one round of the configured steps in the Python process and returns its samples/s.</summary>
    public double Round()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        process.StandardInput.WriteLine("round");
        process.StandardInput.Flush();
        var answer = ReadObject("a round");
        return answer["samples_per_s"]?.GetValue<double>()
            ?? throw new InvalidOperationException($"{ScriptName} answered without samples_per_s: {answer.ToJsonString()}");
    }

    /// <summary>Runs the script once with <paramref name="arguments"/> and returns its single JSON answer (used for
    /// <c>--count-params</c>).</summary>
    public static JsonObject RunOnce(IEnumerable<string> arguments)
    {
        using var runner = Launch(arguments);
        return runner.ReadObject("its answer");
    }

    private static PyTorchRunner Launch(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ScriptPath);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        try
        {
            var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Python}");
            var tail = new List<string>();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (tail)
                {
                    tail.Add(e.Data);
                    if (tail.Count > 20) tail.RemoveAt(0);
                }
            };
            process.BeginErrorReadLine();
            return new PyTorchRunner(process, tail);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"could not run {Python} ({e.Message}); install python3-torch or set EARTHEMBED_PYTHON", e);
        }
    }

    private JsonObject ReadObject(string what)
    {
        while (true)
        {
            var line = process.StandardOutput.ReadLine();
            if (line is null)
            {
                // Only the parameterless WaitForExit waits for the asynchronous stderr reader to deliver the last
                // lines; the timed one can return first, and the error text would then be missing.
                if (process.WaitForExit(5000)) process.WaitForExit();
                var tail = string.Join('\n', Snapshot(stderrTail));
                throw new InvalidOperationException(
                    $"{ScriptName} ended before {what} (exit code {(process.HasExited ? process.ExitCode : -1)}):\n{tail}");
            }
            if (line.TrimStart().StartsWith('{'))
            {
                var node = JsonNode.Parse(line) as JsonObject
                    ?? throw new InvalidOperationException($"{ScriptName} printed '{line}' instead of a JSON object");
                if (node["error"] is { } error) throw new InvalidOperationException($"{ScriptName}: {error}");
                return node;
            }
        }
    }

    private static string[] Snapshot(List<string> tail)
    {
        lock (tail) return tail.ToArray();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // it has exited meanwhile
        }
    }

    private static string Str(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>Asks the script to quit, and ends it if it does not within a few seconds.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        try
        {
            process.StandardInput.WriteLine("quit");
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // the process is already gone
        }
        if (!process.WaitForExit(TimeSpan.FromSeconds(10))) Kill(process);
        process.Dispose();
    }
}
