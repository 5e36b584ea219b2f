using System.Globalization;

namespace EarthEmbed.Geo;

/// <summary>Several input rasters read as one, on a grid over the union of their extents: the CRS, pixel size and
/// pixel alignment of the first input, grown to hold every input (extents of inputs in other CRSs are transformed
/// with their edges densified). Inputs on the first one's pixel lattice are read window by window; others (another
/// CRS, pixel size or origin) through <see cref="ReprojectedSource"/> (nearest neighbour, exact per pixel). Where
/// inputs overlap, a pixel comes from the first input in list order that has all its bands there, else from the
/// first that covers it at all; pixels no input covers are no-data. Each pixel is a function of its position only,
/// so a tile reads the halo it needs from whichever neighbouring input holds it, and shards agree on every pixel.
/// Not thread-safe: one instance per thread.</summary>
public sealed class UnionSource : IRasterSource, IDisposable
{
    private readonly IRasterSource[] inputs;
    private readonly PixelWindow?[] placements;
    private readonly List<IDisposable> owned = [];
    private float[] scratch = [];
    private bool[] scratchValid = [];
    private byte[] state = [];

    private UnionSource(IRasterSource[] inputs, PixelWindow?[] placements, Grid grid)
    {
        this.inputs = inputs;
        this.placements = placements;
        Grid = grid;
    }

    /// <summary>The union of <paramref name="inputs"/> (at least one). With <paramref name="ownsInputs"/> the
    /// union disposes the inputs that are disposable when it is disposed.</summary>
    /// <exception cref="RasterInputException">Inputs with different band counts, or several inputs where one has
    /// no CRS; the message names the file.</exception>
    public static UnionSource Create(IReadOnlyList<IRasterSource> inputs, bool ownsInputs = true)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0) throw new ArgumentException("no input rasters given", nameof(inputs));
        var first = inputs[0];
        foreach (var input in inputs)
        {
            if (input.BandCount != first.BandCount)
                throw new RasterInputException(
                    $"'{input.Name}' has {input.BandCount} band(s) but the first input '{first.Name}' has {first.BandCount}: every input must have the same bands", input.Name);
            if (inputs.Count > 1 && input.Grid.Crs is null)
                throw new RasterInputException(
                    $"'{input.Name}' has no CRS: with several inputs each needs one, to place them on one grid (assign it, e.g. gdal_edit.py -a_srs EPSG:32633)", input.Name);
        }
        var reference = first.Grid;
        var union = reference.Extent;
        foreach (var input in inputs.Skip(1)) union = union.Union(input.Grid.Crs!.TransformBounds(input.Grid.Extent, reference.Crs!));
        var grid = reference.Window(Snap(reference, union));

        var sources = new IRasterSource[inputs.Count];
        var placements = new PixelWindow?[inputs.Count];
        var result = new UnionSource(sources, placements, grid);
        if (ownsInputs) result.owned.AddRange(inputs.OfType<IDisposable>());
        for (var i = 0; i < inputs.Count; i++)
        {
            if (grid.IsAlignedWith(inputs[i].Grid))
            {
                sources[i] = inputs[i];
                placements[i] = grid.WindowOf(inputs[i].Grid);
            }
            else
            {
                var reprojected = new ReprojectedSource(inputs[i], grid);
                result.owned.Add(reprojected);
                sources[i] = reprojected;
            }
        }
        return result;
    }

    /// <inheritdoc />
    public string Name => inputs.Length == 1 ? inputs[0].Name : $"the union of {inputs.Length} inputs";

    /// <inheritdoc />
    public Grid Grid { get; }

    /// <inheritdoc />
    public int BandCount => inputs[0].BandCount;

    /// <summary>Number of inputs.</summary>
    public int InputCount => inputs.Length;

    /// <summary>Where input <paramref name="i"/> lies in this grid's pixels when it is on the same pixel lattice,
    /// or null when it is reprojected on read.</summary>
    public PixelWindow? Placement(int i) => placements[i];

    /// <inheritdoc />
    public void ReadInto(PixelWindow window, Span<float> values, Span<bool> valid)
    {
        RasterWindow.CheckInside(this, window);
        var n = checked((int)window.Area);
        var bands = BandCount;
        if (values.Length < n * bands || valid.Length < n * bands)
            throw new ArgumentException($"buffers hold {values.Length} values and {valid.Length} mask entries; the window needs {n * bands}", nameof(values));
        values[..(n * bands)].Clear();
        valid[..(n * bands)].Clear();
        if (state.Length < n) state = new byte[n];
        state.AsSpan(0, n).Clear(); // 0: no input yet, 1: covered with some band missing, 2: all bands valid
        for (var i = 0; i < inputs.Length; i++)
        {
            // The part of the window this input covers, in the window's and in the input's coordinates.
            PixelWindow part;
            PixelWindow own;
            if (placements[i] is { } placed)
            {
                if (window.Intersect(placed) is not { } overlap) continue;
                part = overlap;
                own = overlap.Translate(-placed.X, -placed.Y);
            }
            else
            {
                part = window;
                own = window;
            }
            var plane = checked((int)part.Area);
            if (scratch.Length < plane * bands)
            {
                scratch = new float[plane * bands];
                scratchValid = new bool[plane * bands];
            }
            inputs[i].ReadInto(own, scratch.AsSpan(0, plane * bands), scratchValid.AsSpan(0, plane * bands));
            Merge(window, part, plane, bands, values, valid);
        }
    }

    /// <summary>Disposes the reprojections and, when the union owns them, the inputs.</summary>
    public void Dispose()
    {
        foreach (var d in owned) d.Dispose();
        owned.Clear();
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name}: {Grid}");

    private void Merge(PixelWindow window, PixelWindow part, int plane, int bands, Span<float> values, Span<bool> valid)
    {
        var n = (int)window.Area;
        for (var r = 0; r < part.Height; r++)
            for (var c = 0; c < part.Width; c++)
            {
                var s = r * part.Width + c;
                var d = (part.Y - window.Y + r) * window.Width + (part.X - window.X + c);
                if (state[d] == 2) continue;
                bool any = false, all = true;
                for (var b = 0; b < bands; b++)
                {
                    var v = scratchValid[b * plane + s];
                    any |= v;
                    all &= v;
                }
                // An input counts where it has any band; it replaces an earlier one only with all bands valid.
                if (!any || (state[d] == 1 && !all)) continue;
                for (var b = 0; b < bands; b++)
                {
                    values[b * n + d] = scratch[b * plane + s];
                    valid[b * n + d] = scratchValid[b * plane + s];
                }
                state[d] = all ? (byte)2 : (byte)1;
            }
    }

    /// <summary>The pixels of <paramref name="reference"/>'s lattice that cover <paramref name="extent"/> (outward
    /// to whole pixels; may start at negative rows and columns).</summary>
    private static PixelWindow Snap(Grid reference, Extent extent)
    {
        var t = reference.Transform;
        var (c0, r0) = t.ToPixel(extent.MinX, extent.MaxY);
        var (c1, r1) = t.ToPixel(extent.MaxX, extent.MinY);
        var x0 = (int)Math.Floor(Math.Min(c0, c1) + 1e-6);
        var y0 = (int)Math.Floor(Math.Min(r0, r1) + 1e-6);
        var x1 = (int)Math.Ceiling(Math.Max(c0, c1) - 1e-6);
        var y1 = (int)Math.Ceiling(Math.Max(r0, r1) - 1e-6);
        return new PixelWindow(x0, y0, x1 - x0, y1 - y0);
    }
}
