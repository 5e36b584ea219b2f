using EarthEmbed.Data.Synthetic;
using EarthEmbed.Geo;

namespace EarthEmbed.Experiments.Height;

/// <summary>The prepared data of the height experiment, in memory on one grid: band-sequential inputs (embeddings,
/// or stand-in bands), the reference height, the validity of each pixel (every band valid and the height known),
/// and the split: a contiguous eastern test block; the rest is training, with a southern strip of it held out for
/// validation.</summary>
public sealed class HeightScene
{
    /// <summary>Creates a scene; <paramref name="inputs"/> is [band][row][col], <paramref name="target"/> [row][col]
    /// with NaN where unknown.</summary>
    public HeightScene(float[] inputs, float[] target, int bands, Grid grid, int testStartColumn, double validationFraction,
        string description, Landscape? landscape = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(grid);
        var plane = grid.Width * grid.Height;
        if (inputs.Length != (long)bands * plane)
            throw new ArgumentException($"inputs hold {inputs.Length} values; {bands} bands of {grid.Width}x{grid.Height} need {(long)bands * plane}", nameof(inputs));
        if (target.Length != plane)
            throw new ArgumentException($"target holds {target.Length} values; the grid has {plane} pixels", nameof(target));
        if (testStartColumn <= 0 || testStartColumn >= grid.Width)
            throw new ArgumentException($"the test block must start inside the raster (0 < column < {grid.Width}), got {testStartColumn}", nameof(testStartColumn));
        Inputs = inputs;
        Target = target;
        Bands = bands;
        Grid = grid;
        TestStartColumn = testStartColumn;
        Description = description;
        Landscape = landscape;
        Valid = new bool[plane];
        for (var p = 0; p < plane; p++)
        {
            var ok = float.IsFinite(target[p]);
            for (var b = 0; ok && b < bands; b++) ok = float.IsFinite(inputs[(long)b * plane + p]);
            Valid[p] = ok;
        }
        ValidationStartRow = ValidationStart(grid.Height, validationFraction);
    }

    /// <summary>First row of the southern validation strip that takes <paramref name="validationFraction"/> of
    /// <paramref name="height"/> rows (at least one row stays on each side).</summary>
    public static int ValidationStart(int height, double validationFraction) =>
        Math.Clamp(height - (int)Math.Round(height * validationFraction), 1, height - 1);

    /// <summary>Band-sequential inputs: band b of pixel p at b * Width * Height + p.</summary>
    public float[] Inputs { get; }

    /// <summary>Reference height per pixel (metres), NaN where unknown.</summary>
    public float[] Target { get; }

    /// <summary>True where every input band is finite and the height is known.</summary>
    public bool[] Valid { get; }

    /// <summary>Input bands.</summary>
    public int Bands { get; }

    /// <summary>The grid (size, geotransform, CRS).</summary>
    public Grid Grid { get; }

    /// <summary>Columns.</summary>
    public int Width => Grid.Width;

    /// <summary>Rows.</summary>
    public int Height => Grid.Height;

    /// <summary>First column of the eastern test block.</summary>
    public int TestStartColumn { get; }

    /// <summary>First row of the validation strip (inside the training columns).</summary>
    public int ValidationStartRow { get; }

    /// <summary>What the data are, in words (for metrics.json's "data" and the report).</summary>
    public string Description { get; }

    /// <summary>The synthetic landscape behind the scene, when it is one (land cover, terrain, object heights).</summary>
    public Landscape? Landscape { get; }

    /// <summary>The training block west of the test block, north of the validation strip.</summary>
    public PixelWindow TrainRegion => new(0, 0, TestStartColumn, ValidationStartRow);

    /// <summary>The validation strip: the south of the training columns.</summary>
    public PixelWindow ValidationRegion => new(0, ValidationStartRow, TestStartColumn, Height - ValidationStartRow);

    /// <summary>Everything west of the test block (training plus validation): the paper's "train" split for metrics.</summary>
    public PixelWindow TrainValidationRegion => new(0, 0, TestStartColumn, Height);

    /// <summary>The contiguous eastern test block.</summary>
    public PixelWindow TestRegion => new(TestStartColumn, 0, Width - TestStartColumn, Height);

    /// <summary>The window of a split by name: "train" (west of the test block, validation strip included) or "test".</summary>
    public PixelWindow Region(string split) => split switch
    {
        "train" => TrainValidationRegion,
        "test" => TestRegion,
        _ => throw new ArgumentException($"split must be train or test, got '{split}'", nameof(split)),
    };

    /// <summary>The inputs as a raster source (for tiled prediction), optionally cropped to <paramref name="region"/>.</summary>
    public IRasterSource InputSource(PixelWindow? region = null)
    {
        IRasterSource source = new ArrayRasterSource("height inputs", Grid, Inputs, Bands);
        return region is { } r ? source.Crop(r) : source;
    }

    /// <summary>The reference heights of <paramref name="region"/>, row-major, NaN where invalid.</summary>
    public float[] TargetOf(PixelWindow region) => Cut(Target, region, invalidAsNaN: true);

    /// <summary>Values of one plane (<paramref name="plane"/> of Width x Height) inside <paramref name="region"/>.</summary>
    public float[] Cut(float[] plane, PixelWindow region, bool invalidAsNaN = false)
    {
        ArgumentNullException.ThrowIfNull(plane);
        var result = new float[region.Area];
        for (var r = 0; r < region.Height; r++)
            for (var c = 0; c < region.Width; c++)
            {
                var p = (region.Y + r) * Width + region.X + c;
                result[r * region.Width + c] = invalidAsNaN && !Valid[p] ? float.NaN : plane[p];
            }
        return result;
    }

    /// <summary>Mean and population standard deviation of each input band over the valid training pixels (the
    /// input normalisation stored with the networks).</summary>
    public (float[] Mean, float[] Std) InputStatistics()
    {
        var mean = new float[Bands];
        var std = new float[Bands];
        var plane = Width * Height;
        var region = TrainRegion;
        for (var b = 0; b < Bands; b++)
        {
            double n = 0, s = 0, ss = 0;
            for (var r = region.Y; r < region.Bottom; r++)
                for (var c = region.X; c < region.Right; c++)
                {
                    var p = r * Width + c;
                    if (!Valid[p]) continue;
                    double v = Inputs[(long)b * plane + p];
                    n++;
                    s += v;
                    ss += v * v;
                }
            if (n == 0) throw new InvalidOperationException("the training block has no valid pixel");
            var m = s / n;
            var sd = Math.Sqrt(Math.Max(ss / n - m * m, 0));
            mean[b] = (float)m;
            std[b] = (float)(sd > 1e-8 ? sd : 1);
        }
        return (mean, std);
    }

    /// <summary>The valid reference heights of the training block (for the target normaliser).</summary>
    public IEnumerable<float> TrainTargets()
    {
        var region = TrainRegion;
        for (var r = region.Y; r < region.Bottom; r++)
            for (var c = region.X; c < region.Right; c++)
                if (Valid[r * Width + c]) yield return Target[r * Width + c];
    }
}
