using System.CommandLine;
using EarthEmbed.Cli.Commands;

namespace EarthEmbed.Cli;

/// <summary>Entry point: one sub-command per verb of architecture.md's command line.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("EarthEmbed: a .NET workbench for geospatial deep learning over libtorch and GDAL.");
        root.Subcommands.Add(DoctorCommand.Create());
        // `bench tiles`; when `bench engine` (BenchCommand) is merged, tiles joins its group instead.
        var bench = new Command("bench", "Benchmarks.");
        bench.Subcommands.Add(BenchTilesCommand.Create());
        root.Subcommands.Add(bench);
        return root.Parse(args).Invoke();
    }
}
