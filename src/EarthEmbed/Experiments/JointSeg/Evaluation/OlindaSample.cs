using EarthEmbed.Geo;
using EarthEmbed.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>The real sample: a window of the Olinda Landsat-7 ETM+ scene (data-samples/olinda/L7_ETMs.tif) fed to
/// the trained JointSeg as if it were Sentinel-2. Band mismatch: ETM+ bands 1, 2, 3, 4 (blue 450-515 nm, green
/// 525-605, red 630-690, NIR 775-900) stand in for B2, B3, B4, B8 (490, 560, 665, 842 nm); their pixel is 28.5 m,
/// not 10 m, so the x10 output has 2.85 m pixels, not 1 m; the values are 8-bit digital numbers, not reflectance,
/// so each band is standardised by its own mean and deviation over the window (the network's inputs are
/// standardised anyway). No labels exist: the map is a qualitative check only.</summary>
internal static class OlindaSample
{
    /// <summary>Looks for data-samples/olinda/L7_ETMs.tif above the working directory and the program folder.</summary>
    public static string? Find()
    {
        var path = DataPaths.Resolve(Path.Combine("data-samples", "olinda", "L7_ETMs.tif"));
        return File.Exists(path) ? path : null;
    }

    /// <summary>The ETM+ bands used (1-based, as gdalinfo numbers them).</summary>
    public static IReadOnlyList<int> Bands { get; } = [1, 2, 3, 4];

    /// <summary>Runs <paramref name="model"/> on a centred window of <paramref name="size"/> pixels; returns the
    /// input (DN, band-sequential), the super-resolved image (standardised units) and the ISA probability, or
    /// null when the file is missing.</summary>
    public static OlindaResult? Run(string path, JointSegModel model, int size)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!File.Exists(path)) return null;
        using var raster = RasterDataset.Open(path);
        size = Math.Min(size, Math.Min(raster.Width, raster.Height));
        var window = new PixelWindow((raster.Width - size) / 2, (raster.Height - size) / 2, size, size);
        var read = raster.Read(window, Bands.ToArray());
        var values = read.Values;
        var plane = size * size;
        var standardised = new float[values.Length];
        for (var b = 0; b < Bands.Count; b++)
        {
            var band = values.AsSpan(b * plane, plane);
            double mean = 0, sq = 0;
            foreach (var v in band) { mean += v; sq += v * (double)v; }
            mean /= plane;
            var std = Math.Sqrt(Math.Max((sq / plane) - (mean * mean), 1e-6));
            for (var i = 0; i < plane; i++) standardised[(b * plane) + i] = (float)((band[i] - mean) / std);
        }
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        model.eval();
        var output = model.ForwardAll(torch.tensor(standardised, new long[] { 1, Bands.Count, size, size }));
        var f = model.Factor;
        return new OlindaResult(path, window, raster.Grid.ResolutionX, size, f, values,
            output.SuperResolved[^1].contiguous().data<float>().ToArray(), output.Logits.sigmoid().contiguous().data<float>().ToArray());
    }
}

/// <summary>JointSeg on the Olinda window: the input digital numbers (bands 1-4), the super-resolved image in
/// standardised units, and the ISA probability, both <see cref="Factor"/> times finer than the input.</summary>
public sealed record OlindaResult(string Path, PixelWindow Window, double InputPixel, int Size, int Factor,
    float[] Input, float[] SuperResolved, float[] Probability)
{
    /// <summary>Share of output pixels above 0.5.</summary>
    public double IsaShare => Probability.Average(p => p > 0.5 ? 1.0 : 0.0);
}
