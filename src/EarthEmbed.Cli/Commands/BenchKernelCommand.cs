using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using EarthEmbed.Notebooks.Kernel;

namespace EarthEmbed.Cli.Commands;

/// <summary><c>earthembed bench kernel [--runs N] [--json FILE]</c>: the kernel's latency as a Jupyter client sees
/// it. Installs the kernelspec into a temporary folder, starts the kernel through Debian's jupyter_client
/// (python3-jupyter-client) and times execute_request to execute_reply for <c>1+1</c> and for a cell that displays
/// a chart, after one warm-up run of each: median, p90, min, max (docs/kernel.md).</summary>
internal static class BenchKernelCommand
{
    internal static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Timed runs per cell (default 30).", DefaultValueFactory = _ => 30 };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the figures to this JSON file." };
        var command = new Command("kernel", "Jupyter kernel latency: execute_request -> execute_reply for 1+1 and for a chart cell (median, p90).")
        {
            runs, json,
        };
        command.SetAction(parse => Run(parse.GetValue(runs), parse.GetValue(json), Console.Out));
        return command;
    }

    internal static int Run(int runs, FileInfo? json, TextWriter output)
    {
        if (runs < 1)
        {
            Console.Error.WriteLine($"bench kernel: --runs must be at least 1, got {runs}");
            return 2;
        }
        var work = Directory.CreateTempSubdirectory("earthembed-bench-kernel-");
        try
        {
            var cli = typeof(BenchKernelCommand).Assembly.Location;
            var data = Path.Combine(work.FullName, "jupyter");
            KernelSpec.Install(data, KernelSpec.DotnetHost(), cli);
            var script = Path.Combine(work.FullName, "bench_kernel.py");
            using (var resource = typeof(BenchKernelCommand).Assembly.GetManifestResourceStream("bench_kernel.py")!)
            using (var file = File.Create(script))
                resource.CopyTo(file);
            var viz = Path.Combine(Path.GetDirectoryName(cli)!, "EarthEmbed.Viz.dll");
            string[] cells =
            [
                "one_plus_one=1+1",
                $"chart=#r \"{viz}\"\nusing EarthEmbed.Viz.Charts;\ndisplay(Chart.Line(new double[] {{ 0, 1, 2, 3 }}, new double[] {{ 0, 1, 4, 9 }}));",
            ];
            output.WriteLine($"bench kernel: starting the kernel through jupyter_client, {runs} timed runs per cell...");
            var (code, stdout, stderr) = Python(script, data, work.FullName, [runs.ToString(CultureInfo.InvariantCulture), .. cells]);
            if (code != 0)
            {
                Console.Error.WriteLine($"bench kernel: the jupyter_client driver exited {code} (is python3-jupyter-client installed? environment/setup.sh installs it):\n{stderr}");
                return 1;
            }
            var result = JsonNode.Parse(stdout)!.AsObject();
            result["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
            output.WriteLine(Table(result));
            if (json is not null)
            {
                File.WriteAllText(json.FullName, result.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
                output.WriteLine($"wrote {json.FullName}");
            }
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Table(JsonObject result)
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(inv, $"kernel start (jupyter_client, until kernel_info answers): {result["kernel_start_ms"]!.GetValue<double>():0} ms"),
            "cell            runs   first ms   median ms   p90 ms   min ms   max ms",
        };
        foreach (var (name, node) in result["cells"]!.AsObject())
        {
            double V(string key) => node![key]!.GetValue<double>();
            lines.Add(string.Create(inv, $"{name,-14} {node!["runs"]!.GetValue<int>(),5} {V("first_ms"),10:0.0} {V("median_ms"),11:0.0} {V("p90_ms"),8:0.0} {V("min_ms"),8:0.0} {V("max_ms"),8:0.0}"));
        }
        lines.Add("(execute_request sent -> execute_reply received, as the client measures it; first = warm-up, not in the statistics)");
        return string.Join('\n', lines);
    }

    private static (int Code, string Stdout, string Stderr) Python(string script, string jupyterPath, string workingDirectory, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        info.ArgumentList.Add(script);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["JUPYTER_PATH"] = jupyterPath;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
