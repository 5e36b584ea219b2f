using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using EarthEmbed.Engine;
using EarthEmbed.Geo;
using TorchSharp;

namespace EarthEmbed.Cli.Commands;

/// <summary><c>earthembed doctor</c>: versions of .NET, TorchSharp, libtorch and GDAL, threads, CUDA and TorchSharp's
/// compatibility step; exit 0 only when a tensor operation works and GDAL opens.</summary>
/// <remarks>TorchSharp is probed in a child process: a native library that fails to load can take the process down
/// with it (a missing symbol version, a crash in libtorch's start-up), and doctor must still report it.</remarks>
internal static class DoctorCommand
{
    private const string TorchSharpProbeOption = "--torchsharp-probe";

    internal static Command Create()
    {
        var command = new Command("doctor", "Check that .NET, TorchSharp (libtorch) and GDAL are usable and print their versions.");
        var probe = new Option<bool>(TorchSharpProbeOption) { Hidden = true, Description = "print the TorchSharp line only (used by doctor itself)" };
        command.Options.Add(probe);
        command.SetAction(parse => parse.GetValue(probe) ? ProbeTorchSharp(Console.Out) : Run(Console.Out));
        return command;
    }

    internal static int Run(TextWriter output)
    {
        var ok = true;
        output.WriteLine($".NET       {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier}), {Environment.ProcessorCount} cores");
        ok &= TorchSharpInChildProcess(output);
        ok &= Probe(output, "GDAL", () => Gdal.Version);
        output.WriteLine(ok ? "doctor: usable" : "doctor: NOT usable (see above)");
        return ok ? 0 : 1;
    }

    /// <summary>The TorchSharp lines, in this process (the child that <see cref="Run"/> starts).</summary>
    internal static int ProbeTorchSharp(TextWriter output)
    {
        var ok = Probe(output, "TorchSharp", () =>
        {
            TorchEngine.EnsureLoaded();
            using var scope = torch.NewDisposeScope();
            var a = torch.ones(2, 2);
            if (a.matmul(a).sum().item<float>() != 8) throw new InvalidOperationException("a 2x2 matmul gave a wrong answer");
            var cuda = TorchEngine.CudaDeviceCount;
            return $"{TorchEngine.TorchSharpVersion}, libtorch {TorchEngine.LibTorchVersion}, {TorchEngine.Threads} threads, " +
                $"CUDA: {(cuda > 0 ? $"{cuda} device(s)" : "none")}";
        });
        output.WriteLine($"{"compat",-10} {CompatibilityStep.Current().Describe()}");
        return ok ? 0 : 1;
    }

    private static bool TorchSharpInChildProcess(TextWriter output)
    {
        var self = Environment.GetCommandLineArgs()[0];
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (self.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) start.ArgumentList.Add(self);
        start.ArgumentList.Add("doctor");
        start.ArgumentList.Add(TorchSharpProbeOption);
        try
        {
            using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
            var stderr = child.StandardError.ReadToEndAsync();
            var text = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            output.Write(text);
            if (child.ExitCode != 0 && !text.Contains("FAILED", StringComparison.Ordinal))
                output.WriteLine($"{"TorchSharp",-10} FAILED: the probe process exited {child.ExitCode}: {stderr.Result.Trim()}");
            return child.ExitCode == 0;
        }
#pragma warning disable CA1031 // doctor reports every failure instead of crashing
        catch (Exception e)
#pragma warning restore CA1031
        {
            output.WriteLine($"{"TorchSharp",-10} FAILED: {e.GetType().Name}: {e.Message}");
            return false;
        }
    }

    private static bool Probe(TextWriter output, string name, Func<string> probe)
    {
        try
        {
            output.WriteLine($"{name,-10} {probe()}");
            return true;
        }
#pragma warning disable CA1031 // doctor reports every failure instead of crashing
        catch (Exception e)
#pragma warning restore CA1031
        {
            output.WriteLine($"{name,-10} FAILED: {e.GetType().Name}: {e.Message}");
            return false;
        }
    }
}
