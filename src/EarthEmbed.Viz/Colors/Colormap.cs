using System.Globalization;

namespace EarthEmbed.Viz.Colors;

/// <summary>An RGB colour with 8-bit channels.</summary>
/// <param name="R">Red, 0-255.</param>
/// <param name="G">Green, 0-255.</param>
/// <param name="B">Blue, 0-255.</param>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>Parses "#rrggbb".</summary>
    public static Rgb Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var s = hex.TrimStart('#');
        if (s.Length != 6 || !int.TryParse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v))
            throw new ArgumentException($"colour: expected \"#rrggbb\", got \"{hex}\"", nameof(hex));
        return new Rgb((byte)(v >> 16), (byte)(v >> 8), (byte)v);
    }

    /// <summary>"#rrggbb", the form plotly.js and CSS read.</summary>
    public override string ToString() => $"#{R:x2}{G:x2}{B:x2}";
}

/// <summary>A continuous colormap: colours at evenly spaced stops from 0 to 1, interpolated linearly in RGB. The
/// same object colours plotly.js heatmaps (as a colorscale) and GDAL-written PNG maps (as a palette), so a map looks
/// the same in both.</summary>
public sealed class Colormap
{
    private readonly Rgb[] _stops;

    /// <summary>A colormap from its stops, the first at 0 and the last at 1.</summary>
    public Colormap(string name, IReadOnlyList<Rgb> stops)
    {
        ArgumentNullException.ThrowIfNull(stops);
        if (stops.Count < 2) throw new ArgumentException($"colormap {name}: needs at least 2 stops, got {stops.Count}", nameof(stops));
        Name = name;
        _stops = [.. stops];
    }

    private Colormap(string name, params string[] hex) : this(name, hex.Select(Rgb.Parse).ToArray()) { }

    /// <summary>The name, as given to <see cref="ByName"/>.</summary>
    public string Name { get; }

    /// <summary>Perceptually uniform, colour-blind safe (matplotlib's default); the default for continuous maps.</summary>
    public static Colormap Viridis { get; } = new("viridis", "#440154", "#482878", "#3e4a89", "#31688e", "#26828e",
        "#1f9e89", "#35b779", "#6dcd59", "#b4de2c", "#fde725");

    /// <summary>Dark to light through purple and orange (matplotlib's magma).</summary>
    public static Colormap Magma { get; } = new("magma", "#000004", "#180f3d", "#440f76", "#721f81", "#9e2f7f",
        "#cd4071", "#f1605d", "#fd9668", "#feca8d", "#fcfdbf");

    /// <summary>Water, lowland, upland, rock, snow (matplotlib's terrain): for elevations and heights.</summary>
    public static Colormap Terrain { get; } = new("terrain", Enumerable.Range(0, 21).Select(i => TerrainAt(i / 20.0)).ToArray());

    /// <summary>Diverging red-white-blue (ColorBrewer RdBu): for signed differences centred on zero.</summary>
    public static Colormap RdBu { get; } = new("rdbu", "#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7",
        "#f7f7f7", "#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061");

    /// <summary>Black to white.</summary>
    public static Colormap Greys { get; } = new("greys", "#000000", "#ffffff");

    /// <summary>Light to dark blue (ColorBrewer Blues): for counts, e.g. confusion matrices.</summary>
    public static Colormap Blues { get; } = new("blues", "#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6",
        "#4292c6", "#2171b5", "#08519c", "#08306b");

    /// <summary>Ten distinct colours for classes (matplotlib's tab10), repeated past ten.</summary>
    public static IReadOnlyList<Rgb> Categorical { get; } = new[]
    {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    }.Select(Rgb.Parse).ToArray();

    /// <summary>Every named colormap, for <see cref="ByName"/>.</summary>
    public static IReadOnlyList<Colormap> All { get; } = [Viridis, Magma, Terrain, RdBu, Greys, Blues];

    /// <summary>Looks a colormap up by name (case-insensitive): viridis, magma, terrain, rdbu, greys, blues.</summary>
    public static Colormap ByName(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"colormap: unknown name \"{name}\"; expected one of {string.Join(", ", All.Select(c => c.Name))}", nameof(name));

    /// <summary>The colour at <paramref name="t"/> in [0, 1] (clamped; NaN gives the first stop).</summary>
    public Rgb At(double t)
    {
        if (double.IsNaN(t) || t <= 0) return _stops[0];
        if (t >= 1) return _stops[^1];
        var x = t * (_stops.Length - 1);
        var i = (int)Math.Floor(x);
        var f = x - i;
        Rgb a = _stops[i], b = _stops[i + 1];
        return new Rgb(Lerp(a.R, b.R, f), Lerp(a.G, b.G, f), Lerp(a.B, b.B, f));
    }

    /// <summary><paramref name="count"/> colours evenly spaced from 0 to 1: a palette for indexed images.</summary>
    public Rgb[] Sample(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        return Enumerable.Range(0, count).Select(i => At(i / (double)(count - 1))).ToArray();
    }

    /// <summary>The plotly.js colorscale form: pairs of (position, "#rrggbb").</summary>
    public IReadOnlyList<(double Position, string Color)> ToPlotlyColorscale() =>
        _stops.Select((c, i) => (i / (double)(_stops.Length - 1), c.ToString())).ToArray();

    /// <inheritdoc />
    public override string ToString() => Name;

    private static byte Lerp(byte a, byte b, double f) => (byte)Math.Round(a + ((b - a) * f));

    // matplotlib's terrain segment data: (position, r, g, b) with linear segments between.
    private static string TerrainAt(double t)
    {
        (double P, double R, double G, double B)[] seg =
            [(0, 0.2, 0.2, 0.6), (0.15, 0, 0.6, 1), (0.25, 0, 0.8, 0.4), (0.5, 1, 1, 0.6), (0.75, 0.5, 0.36, 0.33), (1, 1, 1, 1)];
        var k = 1;
        while (k < seg.Length - 1 && t > seg[k].P) k++;
        var (a, b) = (seg[k - 1], seg[k]);
        var f = (t - a.P) / (b.P - a.P);
        static int C(double x) => (int)Math.Round(Math.Clamp(x, 0, 1) * 255);
        return $"#{C(a.R + ((b.R - a.R) * f)):x2}{C(a.G + ((b.G - a.G) * f)):x2}{C(a.B + ((b.B - a.B) * f)):x2}";
    }
}
