using EarthEmbed.Geo;

namespace EarthEmbed.Tests.Experiments.JointSeg;

/// <summary>A tiny set of "own rasters" for JointSeg's <c>data: rasters</c>, written through Geo's GeoTIFF writer:
/// a 64x48 4-band 10 m image (UTM 33N), its 1 m image and 1 m labels. The labels raster starts 2 coarse pixels east
/// of the image and runs 8 coarse pixels past its east edge, so only the overlap counts; its top-left 160x160 1 m
/// pixels are no data (that 16x16 scene is skipped). Built-up rectangles are brighter in B2-B4 and darker in B8 than
/// vegetation, and the 10 m image is the exact 10x10 block mean of the 1 m one, so the 10 m bands carry the signal.</summary>
internal static class RasterFixture
{
    internal const int Width = 64, Height = 48, Factor = 10, LabelStart = 2, LabelWidth = 70;
    internal const double Left = 400000, Top = 5000000;

    private static readonly float[] Vegetation = [0.04f, 0.07f, 0.05f, 0.35f];
    private static readonly float[] BuiltUp = [0.12f, 0.13f, 0.16f, 0.18f];

    internal static Grid Coarse => new(Width, Height, GeoTransform.NorthUp(Left, Top, 10, 10), Crs.FromEpsg(32633));

    /// <summary>The three files in <paramref name="folder"/> (written once per folder).</summary>
    internal static (string Image10m, string Labels1m, string Image1m) Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var paths = (Path.Combine(folder, "s2_10m.tif"), Path.Combine(folder, "isa_1m.tif"), Path.Combine(folder, "image_1m.tif"));
        if (File.Exists(paths.Item3)) return paths;
        int fw = (LabelStart + LabelWidth) * Factor, fh = Height * Factor;  // fine scene over the image and the labels' overhang
        var isa = new bool[fw * fh];
        var random = new Random(11);
        for (var k = 0; k < 260; k++)
        {
            int w = random.Next(8, 30), h = random.Next(8, 30), x = random.Next(fw - w), y = random.Next(fh - h);
            for (var r = y; r < y + h; r++)
                for (var c = x; c < x + w; c++) isa[(r * fw) + c] = true;
        }
        var fine = new float[4 * fw * fh];
        for (var b = 0; b < 4; b++)
            for (var p = 0; p < fw * fh; p++)
                fine[(b * fw * fh) + p] = (isa[p] ? BuiltUp[b] : Vegetation[b]) + (float)((random.NextDouble() - 0.5) * 0.01);

        // 10 m image: the block means over the image's own extent.
        var low = new float[4 * Width * Height];
        for (var b = 0; b < 4; b++)
            for (var r = 0; r < Height; r++)
                for (var c = 0; c < Width; c++)
                {
                    double s = 0;
                    for (var i = 0; i < Factor; i++)
                        for (var j = 0; j < Factor; j++) s += fine[(b * fw * fh) + (((r * Factor) + i) * fw) + (c * Factor) + j];
                    low[(b * Width * Height) + (r * Width) + c] = (float)(s / (Factor * Factor));
                }
        GeoTiff.Write(paths.Item1, Coarse, 4, low, new GeoTiffOptions { BandDescriptions = ["B2", "B3", "B4", "B8"] });

        // 1 m labels and image from coarse column LabelStart on.
        int lw = LabelWidth * Factor, x0 = LabelStart * Factor;
        var labelGrid = new Grid(lw, fh, GeoTransform.NorthUp(Left + (LabelStart * 10), Top, 1, 1), Crs.FromEpsg(32633));
        var labels = new float[lw * fh];
        var image = new float[4 * lw * fh];
        for (var r = 0; r < fh; r++)
            for (var c = 0; c < lw; c++)
            {
                labels[(r * lw) + c] = r < 160 && c < 160 ? 255f : isa[(r * fw) + x0 + c] ? 1f : 0f;
                for (var b = 0; b < 4; b++) image[(b * lw * fh) + (r * lw) + c] = fine[(b * fw * fh) + (r * fw) + x0 + c];
            }
        GeoTiff.Write(paths.Item2, labelGrid, 1, labels, new GeoTiffOptions { DataType = RasterDataType.Byte, NoData = 255 });
        GeoTiff.Write(paths.Item3, labelGrid, 4, image, new GeoTiffOptions());
        return paths;
    }

    /// <summary>A 1 m label raster on <paramref name="grid"/> holding <paramref name="value"/> everywhere (a broken variant).</summary>
    internal static string Labels(string path, Grid grid, float value = 1f)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        GeoTiff.Write(path, grid, 1, Enumerable.Repeat(value, grid.Width * grid.Height).ToArray(),
            new GeoTiffOptions { DataType = RasterDataType.Byte, NoData = 255 });
        return path;
    }

    /// <summary>The overlay YAML of a tiny run on the fixture (seconds of CPU), with <paramref name="extra"/> lines.</summary>
    internal static string Overlay((string Image10m, string Labels1m, string Image1m) files, bool withImage1m, params string[] extra) =>
        string.Join('\n', new[]
        {
            "data: rasters", $"image_10m: {files.Image10m}", $"labels_1m: {files.Labels1m}", withImage1m ? $"image_1m: {files.Image1m}" : "image_1m:",
            "test_fraction: 0.3", "min_valid_label: 0.5", "scene_size: 16", "steps: 2", "steps_per_epoch: 2", "batch_size: 2",
            "trunk_channels: 8", "growth_channels: 4", "stage_channels: [8, 4]", "seg_channels: 4", "olinda_window: 8",
            withImage1m ? "sr_weight: 1" : "sr_weight: 0",
        }.Concat(extra)) + "\n";
}
