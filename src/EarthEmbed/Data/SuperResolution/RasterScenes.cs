using System.Globalization;
using EarthEmbed.Geo;

namespace EarthEmbed.Data.SuperResolution;

/// <summary>Where a user's rasters are and how to cut them (JointSeg's <c>data: rasters</c> keys).</summary>
public sealed record RasterSceneSource
{
    /// <summary>The multi-band 10 m image (key image_10m).</summary>
    public required string Image10m { get; init; }

    /// <summary>1-based bands of <see cref="Image10m"/> to read, in order (key image_bands).</summary>
    public required IReadOnlyList<int> Bands { get; init; }

    /// <summary>The 1 m labels: 0, 1, or no data (the band's no-data value, or 255) (key labels_1m).</summary>
    public required string Labels1m { get; init; }

    /// <summary>The optional 1 m image of the same bands, the super-resolution target (key image_1m).</summary>
    public string? Image1m { get; init; }

    /// <summary>Fine pixels per coarse pixel (the product of sr_scales).</summary>
    public required int Factor { get; init; }

    /// <summary>Scene side in 10 m pixels (key scene_size).</summary>
    public required int SceneSize { get; init; }

    /// <summary>Eastern share of the overlap's columns held out for test (key test_fraction).</summary>
    public required double TestFraction { get; init; }

    /// <summary>Least share of known label pixels a scene needs (key min_valid_label).</summary>
    public required double MinValidLabel { get; init; }
}

/// <summary>The scenes cut from a user's rasters, the test block's first 10 m column in the overlap, and a sentence
/// naming the files and the cut (metrics.json's "data").</summary>
public sealed record RasterSceneSet(List<SuperResolutionSample> Train, List<SuperResolutionSample> Test, string Description);

/// <summary>Reads a user's 10 m image, 1 m labels and optional 1 m image into scenes for JointSeg: the 1 m grids must
/// nest in the 10 m one (<see cref="GridNesting.Overlap"/>: the same CRS, pixels exactly <c>Factor</c> times smaller,
/// corners on 10 m pixel corners; no reprojection, since resampling labels or the target would blur what is measured);
/// their common part is split into a western training block and an eastern test block (the height experiment's
/// rule, <see cref="SpatialSplit.EastBlockStart"/>), each cut into squares of <c>SceneSize</c> 10 m pixels (the
/// remainders at the east and south edges are left out). A scene is skipped when less than <c>MinValidLabel</c> of
/// its labels are known or when any of its image pixels is no-data. Labels other than 0, 1 and no data are refused.</summary>
public static class RasterScenes
{
    /// <summary>Reads the scenes; every error names the file (and its key) and what was expected.</summary>
    public static RasterSceneSet Read(RasterSceneSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Exists(source.Image10m, "image_10m");
        Exists(source.Labels1m, "labels_1m");
        if (source.Image1m is not null) Exists(source.Image1m, "image_1m");
        using var low = RasterDataset.Open(source.Image10m);
        var bands = source.Bands.ToArray();
        if (bands.Length == 0 || bands.Any(b => b < 1 || b > low.BandCount))
            throw new RasterInputException($"'{source.Image10m}' (image_10m) has {low.BandCount} band(s); image_bands asks for [{string.Join(", ", bands)}]", source.Image10m);
        using var labels = RasterDataset.Open(source.Labels1m);
        if (labels.Bands[0].NoData is 0 or 1)
            throw new RasterInputException($"'{source.Labels1m}' (labels_1m): band 1 declares no-data {labels.Bands[0].NoData}, which is also a class (0 pervious, 1 impervious); use 255 or another value for no data", source.Labels1m);
        var (window, labelWindow) = GridNesting.Overlap(low.Grid, source.Image10m, labels.Grid, source.Labels1m, source.Factor);
        var labelOrigin = OffsetOf(window, labelWindow, source.Factor);
        using var high = source.Image1m is null ? null : RasterDataset.Open(source.Image1m);
        var highOrigin = (X: 0, Y: 0);
        if (high is not null)
        {
            if (high.BandCount < bands.Length)
                throw new RasterInputException($"'{source.Image1m}' (image_1m) has {high.BandCount} band(s); expected at least {bands.Length}, one per image_bands entry of '{source.Image10m}'", source.Image1m);
            var (w, hw) = GridNesting.Overlap(low.Grid, source.Image10m, high.Grid, source.Image1m!, source.Factor);
            window = w.Intersect(window) ?? throw new RasterInputException(
                $"'{source.Image1m}' (image_1m) and '{source.Labels1m}' (labels_1m) cover no common 10 m pixel of '{source.Image10m}'", source.Image1m);
            highOrigin = OffsetOf(w, hw, source.Factor);
        }

        var size = source.SceneSize;
        if (window.Width < 2) throw Small(source, window, "the overlap is under 2 columns wide");
        var testStart = window.X + SpatialSplit.EastBlockStart(window.Width, source.TestFraction);
        var west = new PixelWindow(window.X, window.Y, testStart - window.X, window.Height);
        var east = new PixelWindow(testStart, window.Y, window.Right - testStart, window.Height);
        foreach (var (block, name) in new[] { (west, "western training"), (east, "eastern test") })
            if (block.Width < size || block.Height < size)
                throw Small(source, window, $"its {name} block is {block.Width}x{block.Height} 10 m pixels, smaller than a scene (scene_size {size}); lower scene_size or change test_fraction");

        var skipped = 0;
        List<SuperResolutionSample> Cut(PixelWindow block, string split)
        {
            var scenes = new List<SuperResolutionSample>();
            for (var y = block.Y; y + size <= block.Bottom; y += size)
                for (var x = block.X; x + size <= block.Right; x += size)
                {
                    var scene = ReadScene(source, low, labels, high, new PixelWindow(x, y, size, size), labelOrigin, highOrigin, bands, split);
                    if (scene is null) skipped++;
                    else scenes.Add(scene);
                }
            return scenes;
        }
        var train = Cut(west, "train");
        var test = Cut(east, "test");
        if (train.Count == 0 || test.Count == 0)
            throw new RasterInputException(string.Create(CultureInfo.InvariantCulture,
                $"'{source.Labels1m}' (labels_1m): {train.Count} training and {test.Count} test scene(s) of {size} 10 m pixels have at least min_valid_label {source.MinValidLabel:P0} known labels and no image no-data ({skipped} skipped); need at least one of each"), source.Labels1m);
        var description = string.Create(CultureInfo.InvariantCulture,
            $"your rasters: 10 m image {Path.GetFileName(source.Image10m)} (bands {string.Join(", ", bands)}), 1 m labels {Path.GetFileName(source.Labels1m)}, " +
            $"{(source.Image1m is null ? "no 1 m image (no super-resolution target: no SR loss, no PSNR)" : $"1 m image {Path.GetFileName(source.Image1m)}")}; " +
            $"overlap {window.Width}x{window.Height} 10 m pixels; {train.Count} training scenes west, {test.Count} test scenes in the eastern {source.TestFraction:P0}, " +
            $"{size * 10} m square; {skipped} skipped (labels under {source.MinValidLabel:P0} known or image no-data).");
        return new RasterSceneSet(train, test, description);
    }

    private static SuperResolutionSample? ReadScene(RasterSceneSource source, RasterDataset low, RasterDataset labels, RasterDataset? high,
        PixelWindow cell, (int X, int Y) labelOrigin, (int X, int Y) highOrigin, int[] bands, string split)
    {
        var f = source.Factor;
        var image = low.Read(cell, bands);
        var fineCell = new PixelWindow((cell.X * f) - labelOrigin.X, (cell.Y * f) - labelOrigin.Y, cell.Width * f, cell.Height * f);
        var read = labels.Read(fineCell, [1]);
        var label = new byte[read.Values.Length];
        var known = 0;
        for (var i = 0; i < label.Length; i++)
        {
            var v = read.Valid[i] ? read.Values[i] : 255f;
            if (v is not (0f or 1f or 255f))
                throw new RasterInputException(string.Create(CultureInfo.InvariantCulture,
                    $"'{source.Labels1m}' (labels_1m): value {v} at pixel (x {fineCell.X + (i % fineCell.Width)}, y {fineCell.Y + (i / fineCell.Width)}); labels must be 0 (pervious), 1 (impervious) or no data (255 or the band's no-data value)"), source.Labels1m);
            label[i] = (byte)v;
            if (v != 255f) known++;
        }
        if (known < source.MinValidLabel * label.Length || image.Valid.Any(v => !v)) return null;
        float[]? fine = null;
        if (high is not null)
        {
            var highCell = new PixelWindow((cell.X * f) - highOrigin.X, (cell.Y * f) - highOrigin.Y, cell.Width * f, cell.Height * f);
            var h = high.Read(highCell, Enumerable.Range(1, bands.Length).ToArray());
            if (h.Valid.Any(v => !v)) return null;
            fine = h.Values;
        }
        return new SuperResolutionSample
        {
            Name = $"{split}-x{cell.X}-y{cell.Y}", Type = SceneType.Unspecified, Bands = bands.Length, LowHeight = cell.Height, LowWidth = cell.Width,
            Factor = f, LowRes = image.Values, HighRes = fine, Label = label,
            LowTransform = low.Grid.Window(cell).Transform.ToArray(), Epsg = low.Grid.Crs?.Epsg,
        };
    }

    /// <summary>A fine raster's pixel offset from the windows <see cref="GridNesting.Overlap"/> matched: fine (x, y) =
    /// coarse (x, y) * factor - offset, for any coarse pixel it covers.</summary>
    private static (int X, int Y) OffsetOf(PixelWindow coarse, PixelWindow fine, int factor) =>
        ((coarse.X * factor) - fine.X, (coarse.Y * factor) - fine.Y);

    private static void Exists(string path, string key)
    {
        if (!File.Exists(path) && !path.StartsWith("/vsi", StringComparison.Ordinal))
            throw new FileNotFoundException($"{key}: '{path}' does not exist", path);
    }

    private static RasterInputException Small(RasterSceneSource source, PixelWindow window, string what) =>
        new($"the overlap of '{source.Image10m}' (image_10m) and its 1 m rasters is {window.Width}x{window.Height} 10 m pixels: {what}", source.Image10m);
}
