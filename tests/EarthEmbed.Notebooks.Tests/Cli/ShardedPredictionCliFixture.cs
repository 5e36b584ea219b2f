using EarthEmbed.Engine;
using EarthEmbed.Experiments.Height;
using EarthEmbed.Geo;

namespace EarthEmbed.Notebooks.Tests.Cli;

/// <summary>What the sharded-prediction command tests share: a small height model, two overlapping input rasters in
/// different CRSs (UTM 33N and Web Mercator) whose union is no multiple of any tile size and has no-data, and the
/// earthembed command run as a user runs it.</summary>
internal sealed class ShardedPredictionCliFixture
{
    internal static readonly HeightModelSpec Spec = new()
    {
        Architecture = "unetpp", Encoder = "resnet-tiny", EncoderDepth = 3, DecoderChannels = [16, 16, 8], Bands = 5, TargetMean = 120, TargetStd = 15,
    };

    /// <summary>Model tiles of 64 with an overlap of 16: the settings every run of a test uses (output tiles of 96
    /// unless a test gives --output-tile).</summary>
    internal static readonly string[] Tiling = ["--tile", "64", "--overlap", "16"];

    private ShardedPredictionCliFixture(string folder, string checkpoint, string first, string second)
    {
        Folder = folder;
        Checkpoint = checkpoint;
        First = first;
        Second = second;
    }

    internal string Folder { get; }
    internal string Checkpoint { get; }
    internal string First { get; }
    internal string Second { get; }

    /// <summary>A fresh folder with the model and the inputs; <paramref name="scale"/> multiplies the first raster's
    /// size (for tests that need tiles that take a while).</summary>
    internal static ShardedPredictionCliFixture Create(string name, int scale = 1)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "test-output", "sharded-cli", name);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        TorchEngine.EnsureLoaded();
        var checkpoint = Path.Combine(folder, "best.safetensors");
        using (var network = new HeightNetwork(Spec))
        {
            network.SetInputStatistics([0.1f, 0.2f, 0f, -0.1f, 0.3f], [1f, 2f, 0.5f, 1f, 1.5f]);
            EarthEmbed.Engine.Serialization.Checkpoint.Save(checkpoint, network, metadata: new Dictionary<string, string> { [HeightModelFile.SpecKey] = Spec.ToJson() });
        }

        // First: 130 x 97 px of 10 m in UTM 33N (times scale), a no-data block and a no-data column.
        var utm = Crs.FromEpsg(32633);
        int w = 130 * scale, h = 97 * scale;
        var gridA = new Grid(w, h, GeoTransform.NorthUp(500000, 5000000, 10, 10), utm);
        var first = Path.Combine(folder, "utm33.tif");
        GeoTiff.Write(first, gridA, 5, Values(w, h, 0, (r, c) => (r is >= 30 and < 45 && c is >= 20 and < 50) || c == 77), new GeoTiffOptions { NoData = double.NaN });
        // Second: Web Mercator pixels over the east half of the first and beyond it to the east and south.
        var mercator = Crs.FromEpsg(3857);
        var e = utm.TransformBounds(gridA.Extent, mercator);
        var gridB = new Grid(90, 70, GeoTransform.NorthUp(e.MinX + 0.55 * e.Width, e.MaxY - 0.3 * e.Height, 14, 14), mercator);
        var second = Path.Combine(folder, "mercator.tif");
        GeoTiff.Write(second, gridB, 5, Values(90, 70, 0.5f, (r, c) => r > 60 && c < 10), new GeoTiffOptions { NoData = double.NaN });
        return new ShardedPredictionCliFixture(folder, checkpoint, first, second);
    }

    internal string File(string name) => Path.Combine(Folder, name);

    /// <summary>earthembed with arguments, from the repository root.</summary>
    internal static (int Code, string Stdout, string Stderr) Run(params string[] args) => NotebookCommandTests.Earthembed(args);

    /// <summary>earthembed started without waiting (for shards side by side).</summary>
    internal static Task<(int Code, string Stdout, string Stderr)> Start(params string[] args) =>
        Processes.RunAsync("dotnet", Environment.CurrentDirectory, TimeSpan.FromMinutes(5), [Path.Combine(AppContext.BaseDirectory, "EarthEmbed.Cli.dll"), .. args]);

    /// <summary>predict with this fixture's model, inputs and tiling, then <paramref name="extra"/>.</summary>
    internal string[] Predict(params string[] extra) =>
        ["predict", "--checkpoint", Checkpoint, "--input", First, Second, .. Tiling, .. extra.Contains("--output-tile") ? extra : [.. extra, "--output-tile", "96"]];

    /// <summary>The single-process prediction (--output), run once per fixture.</summary>
    internal int[] Reference()
    {
        var path = File("single.tif");
        if (!System.IO.File.Exists(path))
        {
            var (code, stdout, stderr) = Run(Predict("--output", path));
            Assert.True(code == 0, $"single-process predict exited {code}:\n{stdout}\n{stderr}");
        }
        return Bits(path);
    }

    /// <summary>The float bits of every pixel of a raster (so NaN payloads count too).</summary>
    internal static int[] Bits(string path)
    {
        using var ds = RasterDataset.Open(path);
        return ds.ReadAll().Values.Select(BitConverter.SingleToInt32Bits).ToArray();
    }

    private static float[] Values(int w, int h, float offset, Func<int, int, bool> noData)
    {
        var v = new float[5 * w * h];
        for (var b = 0; b < 5; b++)
            for (var r = 0; r < h; r++)
                for (var c = 0; c < w; c++)
                    v[(b * h + r) * w + c] = noData(r, c) ? float.NaN : MathF.Sin(r * 0.09f + b) * MathF.Cos(c * 0.07f - b) + offset + 0.01f * b;
        return v;
    }
}
