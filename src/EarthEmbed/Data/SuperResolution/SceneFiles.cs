using EarthEmbed.Geo;

namespace EarthEmbed.Data.SuperResolution;

/// <summary>The real formats of the JointSeg data: a multi-band 10 m GeoTIFF (B2, B3, B4, B8), a high-resolution
/// GeoTIFF of the same bands for super-resolution supervision, and a high-resolution binary ISA label GeoTIFF
/// (Byte, 1 impervious, 0 not, 255 no data), read through EarthEmbed.Geo and checked to nest
/// (<see cref="GridNesting"/>). <see cref="Write"/> saves a sample in the same layout, so synthetic and real scenes
/// take the same path into training.</summary>
public static class SceneFiles
{
    /// <summary>The three file paths of scene <paramref name="stem"/> in <paramref name="folder"/>.</summary>
    public static (string LowRes, string HighRes, string Label) Paths(string folder, string stem) =>
        (Path.Combine(folder, $"{stem}_s2_10m.tif"), Path.Combine(folder, $"{stem}_hr_1m.tif"), Path.Combine(folder, $"{stem}_isa_1m.tif"));

    /// <summary>Writes <paramref name="sample"/> (which must be georeferenced) as the three GeoTIFFs.</summary>
    public static (string LowRes, string HighRes, string Label) Write(SuperResolutionSample sample, string folder, string stem)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.LowTransform is null || sample.Epsg is null)
            throw new ArgumentException($"sample '{sample.Name}' has no georeference; give LowTransform and Epsg", nameof(sample));
        Directory.CreateDirectory(folder);
        var paths = Paths(folder, stem);
        var crs = Crs.FromEpsg(sample.Epsg.Value);
        var low = new Grid(sample.LowWidth, sample.LowHeight, GeoTransform.FromArray(sample.LowTransform), crs);
        var high = GridNesting.FineGrid(low, sample.Factor);
        var bands = Spectra.BandNames.Take(sample.Bands).ToArray();
        GeoTiff.Write(paths.LowRes, low, sample.Bands, sample.LowRes, new GeoTiffOptions { BandDescriptions = bands, BlockSize = 128 });
        if (sample.HighRes is not null)
            GeoTiff.Write(paths.HighRes, high, sample.Bands, sample.HighRes, new GeoTiffOptions { BandDescriptions = bands });
        if (sample.Label is not null)
            GeoTiff.Write(paths.Label, high, 1, sample.Label.Select(v => (float)v).ToArray(),
                new GeoTiffOptions { DataType = RasterDataType.Byte, NoData = 255, BandDescriptions = ["isa"] });
        return paths;
    }

    /// <summary>Reads a scene: the low-resolution image (its first <paramref name="bands"/> bands, or the 1-based
    /// <paramref name="bandNumbers"/>), and, when the paths are given, the high-resolution image and the label,
    /// checking that both nest in the low-resolution grid and that labels are 0, 1 or no data.</summary>
    public static SuperResolutionSample Read(string lowResPath, string? highResPath, string? labelPath, SceneType type,
        int bands = 4, IReadOnlyList<int>? bandNumbers = null, string? name = null)
    {
        using var low = RasterDataset.Open(lowResPath);
        var numbers = bandNumbers?.ToArray() ?? Enumerable.Range(1, bands).ToArray();
        if (numbers.Any(b => b < 1 || b > low.BandCount))
            throw new RasterInputException($"'{lowResPath}' has {low.BandCount} band(s); bands {string.Join(", ", numbers)} were asked for", lowResPath);
        var lowWindow = low.Read(low.Grid.FullWindow, numbers);
        int factor = 10;
        float[]? high = null;
        byte[]? label = null;
        if (highResPath is not null)
        {
            using var hr = RasterDataset.Open(highResPath);
            factor = GridNesting.Factor(low.Grid, lowResPath, hr.Grid, highResPath);
            if (hr.BandCount < numbers.Length)
                throw new RasterInputException($"'{highResPath}' has {hr.BandCount} band(s), expected at least {numbers.Length} like '{lowResPath}'", highResPath);
            high = hr.Read(hr.Grid.FullWindow, Enumerable.Range(1, numbers.Length).ToArray()).Values;
        }
        if (labelPath is not null)
        {
            using var lab = RasterDataset.Open(labelPath);
            var f = GridNesting.Factor(low.Grid, lowResPath, lab.Grid, labelPath);
            if (highResPath is not null && f != factor)
                throw new RasterInputException($"'{labelPath}' is {f}x finer than '{lowResPath}' but '{highResPath}' is {factor}x finer", labelPath);
            factor = f;
            var w = lab.Read(lab.Grid.FullWindow, [1]);
            label = new byte[w.Values.Length];
            for (var i = 0; i < label.Length; i++)
            {
                var v = w.Valid[i] ? w.Values[i] : 255f;
                if (v is not (0f or 1f or 255f))
                    throw new RasterInputException($"'{labelPath}': value {v} at pixel {i % lab.Width}, {i / lab.Width}; an ISA label must be 0, 1 or 255 (no data)", labelPath);
                label[i] = (byte)v;
            }
        }
        return new SuperResolutionSample
        {
            Name = name ?? Path.GetFileNameWithoutExtension(lowResPath), Type = type, Bands = numbers.Length,
            LowHeight = low.Height, LowWidth = low.Width, Factor = factor, LowRes = lowWindow.Values, HighRes = high, Label = label,
            LowTransform = low.Grid.Transform.ToArray(), Epsg = low.Grid.Crs?.Epsg,
        };
    }
}
