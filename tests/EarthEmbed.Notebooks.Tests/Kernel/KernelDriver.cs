using System.Diagnostics;
using System.Text.Json.Nodes;
using EarthEmbed.Notebooks.Kernel;

namespace EarthEmbed.Notebooks.Tests.Kernel;

/// <summary>Runs driver.py (beside this file) with Debian's python3 and jupyter_client against a kernelspec installed
/// into a fresh folder on JUPYTER_PATH, and parses the JSON it prints.</summary>
internal static class KernelDriver
{
    internal static string RepoRoot() => Processes.RepoRoot();

    internal static string Script => Path.Combine(RepoRoot(), "tests", "EarthEmbed.Notebooks.Tests", "Kernel", "driver.py");

    /// <summary>A Jupyter data folder under the test output holding a kernelspec that starts <paramref name="cliDll"/>.</summary>
    internal static string InstallSpec(string name, string cliDll)
    {
        var data = Path.Combine(AppContext.BaseDirectory, "test-output", name, "jupyter");
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        KernelSpec.Install(data, KernelSpec.DotnetHost(), cliDll);
        return data;
    }

    internal static JsonObject Run(string jupyterPath, string workingDirectory, int timeoutSeconds, params string[] args)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        info.ArgumentList.Add(Script);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["JUPYTER_PATH"] = jupyterPath;
        info.Environment["EARTHEMBED_THREADS"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"driver.py {string.Join(' ', args)} ran past {timeoutSeconds} s:\n{stderr.Result}");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"driver.py {string.Join(' ', args)} exited {process.ExitCode}:\n{stderr.Result}\n{stdout.Result}");
        return JsonNode.Parse(stdout.Result)!.AsObject();
    }

    /// <summary>The types of the iopub messages of one request, in order.</summary>
    internal static string[] Types(JsonNode step) => step["iopub"]!.AsArray().Select(m => m!["type"]!.GetValue<string>()).ToArray();

    /// <summary>The content of the first iopub message of <paramref name="type"/>.</summary>
    internal static JsonObject First(JsonNode step, string type) =>
        step["iopub"]!.AsArray().First(m => m!["type"]!.GetValue<string>() == type)!["content"]!.AsObject();

    internal static string Text(JsonNode? node) => node?.GetValue<string>() ?? string.Empty;
}
