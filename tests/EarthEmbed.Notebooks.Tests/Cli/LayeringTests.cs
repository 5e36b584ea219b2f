using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace EarthEmbed.Notebooks.Tests.Cli;

/// <summary>The dependency rules of ../shared/design/architecture.md, read from the built assemblies' own reference
/// tables (System.Reflection.Metadata: nothing is loaded): dependencies point one way. This project's output holds
/// every EarthEmbed assembly, because it references the command line, which wires them all.</summary>
public class LayeringTests
{
    /// <summary>Each assembly and the EarthEmbed assemblies it may reference directly, with the rule's reason.</summary>
    public static TheoryData<string, string[], string> Rules() => new()
    {
        { "EarthEmbed.Geo", [], "rasters over GDAL know no science, no engine and no charts" },
        { "EarthEmbed.Engine", [], "the engine extension of TorchSharp knows no science" },
        { "EarthEmbed.Viz", ["EarthEmbed.Geo"], "charts, maps, tables and reports know no paper" },
        { "EarthEmbed.Notebooks", ["EarthEmbed.Geo", "EarthEmbed.Viz"], "the runner and kernel only run cells and display (writing files through Geo's AtomicFile); they do not pull in the science" },
        { "EarthEmbed", ["EarthEmbed.Geo", "EarthEmbed.Engine", "EarthEmbed.Viz"], "the science uses Geo, the engine and Viz, never the command line, notebooks or benchmarks" },
        { "EarthEmbed.Benchmarks", ["EarthEmbed.Engine", "EarthEmbed"], "benchmarks use the libraries; only the command line links them" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void An_assembly_references_only_the_layers_below_it(string assembly, string[] allowed, string why)
    {
        var references = EarthEmbedReferences(assembly);
        var forbidden = references.Except(allowed, StringComparer.Ordinal).ToList();
        Assert.True(forbidden.Count == 0,
            $"{assembly} references {string.Join(", ", forbidden)}; it may reference only [{string.Join(", ", allowed)}] ({why}; architecture.md)");
    }

    [Fact]
    public void No_library_links_the_benchmarks()
    {
        var folder = AppContext.BaseDirectory;
        var linking = Directory.GetFiles(folder, "EarthEmbed*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => name is not null && name != "EarthEmbed.Cli" && !name.EndsWith(".Tests", StringComparison.Ordinal) && name != "EarthEmbed.Testing")
            .Where(name => EarthEmbedReferences(name!).Contains("EarthEmbed.Benchmarks"))
            .ToList();
        Assert.Empty(linking);
    }

    /// <summary>The EarthEmbed assemblies <paramref name="assembly"/> references directly, from its metadata.</summary>
    internal static List<string> EarthEmbedReferences(string assembly)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assembly + ".dll");
        Assert.True(File.Exists(path), $"{path} is missing from the test output");
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name))
            .Where(n => n == "EarthEmbed" || n.StartsWith("EarthEmbed.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
    }
}
