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
        var bench = BenchCommand.Create();  // bench engine
        bench.Subcommands.Add(BenchTilesCommand.Create());  // bench tiles
        bench.Subcommands.Add(BenchKernelCommand.Create());  // bench kernel
        root.Subcommands.Add(bench);
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(NotebookCommand.Create());
        root.Subcommands.Add(ReplicateCommand.Create());
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(KernelCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(MosaicCommand.Create());
        return root.Parse(args).Invoke();
    }
}
