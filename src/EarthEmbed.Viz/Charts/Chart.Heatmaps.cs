using System.Globalization;
using System.Text.Json.Nodes;
using EarthEmbed.Viz.Colors;

namespace EarthEmbed.Viz.Charts;

public static partial class Chart
{
    /// <summary>A heatmap of <paramref name="z"/> (rows by columns) over category labels, each cell annotated with its
    /// value when <paramref name="annotate"/> is set (d3 format <paramref name="format"/>, e.g. ".2f").</summary>
    public static Figure Heatmap(double[,] z, IReadOnlyList<string>? columns = null, IReadOnlyList<string>? rows = null,
        Colormap? colormap = null, bool annotate = true, string format = ".3g")
    {
        ArgumentNullException.ThrowIfNull(z);
        if (columns != null) Json.CheckSameLength(z.GetLength(1), columns.Count, nameof(columns));
        if (rows != null) Json.CheckSameLength(z.GetLength(0), rows.Count, nameof(rows));
        var trace = Trace("heatmap", null, columns == null ? null : Json.Strings(columns), rows == null ? null : Json.Strings(rows));
        trace["z"] = Json.Rows(z);
        trace["colorscale"] = Json.Colorscale(colormap ?? Colormap.Viridis);
        if (annotate) trace["texttemplate"] = "%{z:" + format + "}";
        return new Figure([trace], new JsonObject { ["yaxis"] = new JsonObject { ["autorange"] = "reversed" } });
    }

    /// <summary>A confusion matrix: rows are observed classes, columns predicted ones, each cell annotated with its
    /// count (and, when <paramref name="normalize"/> is set, coloured by the share of its row).</summary>
    public static Figure ConfusionMatrix(long[,] counts, IReadOnlyList<string> classes, bool normalize = false)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(classes);
        var n = classes.Count;
        if (counts.GetLength(0) != n || counts.GetLength(1) != n)
            throw new ArgumentException($"counts: expected a {n}x{n} matrix (one row and column per class), got {counts.GetLength(0)}x{counts.GetLength(1)}", nameof(counts));
        var z = new double[n, n];
        var text = new JsonArray();
        for (var r = 0; r < n; r++)
        {
            double rowSum = 0;
            for (var c = 0; c < n; c++) rowSum += counts[r, c];
            var row = new JsonArray();
            for (var c = 0; c < n; c++)
            {
                z[r, c] = normalize ? (rowSum > 0 ? counts[r, c] / rowSum : 0) : counts[r, c];
                row.Add(normalize
                    ? string.Create(CultureInfo.InvariantCulture, $"{counts[r, c]}<br>{100 * z[r, c]:0.#}%")
                    : counts[r, c].ToString(CultureInfo.InvariantCulture));
            }
            text.Add(row);
        }
        var figure = Heatmap(z, classes, classes, Colormap.Blues, annotate: false);
        var trace = (JsonObject)figure.Data[0]!;
        trace["text"] = text;
        trace["texttemplate"] = "%{text}";
        trace["hovertemplate"] = "observed %{y}<br>predicted %{x}<br>%{text}<extra></extra>";
        trace["colorbar"] = new JsonObject { ["title"] = new JsonObject { ["text"] = normalize ? "share of row" : "count" } };
        figure.Layout["yaxis"]!["title"] = new JsonObject { ["text"] = "Observed" };
        figure.Layout["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "Predicted" }, ["side"] = "bottom" };
        return figure.WithTitle("Confusion matrix").WithSize(Math.Max(420, 120 + (60 * n)), Math.Max(380, 100 + (60 * n)));
    }

    /// <summary>A single raster band (row 0 at the top) coloured by <paramref name="colormap"/> from
    /// <paramref name="min"/> to <paramref name="max"/> (default: the finite minimum and maximum), with a colorbar
    /// titled <paramref name="colorbarTitle"/>. NaN pixels (no data) stay transparent. Bands larger than
    /// <paramref name="maxSide"/> pixels are thinned by an integer stride to keep the figure small.</summary>
    public static Figure Image(double[,] band, Colormap? colormap = null, double? min = null, double? max = null,
        string? colorbarTitle = null, int maxSide = 512)
    {
        ArgumentNullException.ThrowIfNull(band);
        var z = Thin(band, maxSide);
        var (lo, hi) = Range(z);
        var trace = Trace("heatmap", null);
        trace["z"] = Json.Rows(z);
        trace["colorscale"] = Json.Colorscale(colormap ?? Colormap.Viridis);
        trace["zmin"] = min ?? lo;
        trace["zmax"] = max ?? hi;
        trace["colorbar"] = new JsonObject { ["title"] = new JsonObject { ["text"] = colorbarTitle ?? string.Empty } };
        return new Figure([trace], ImageLayout()).WithSize(560, 500);
    }

    /// <summary>An RGB composite of three bands, each stretched linearly between its
    /// <paramref name="lowPercentile"/> and <paramref name="highPercentile"/> (a 2-98 % stretch by default); NaN
    /// pixels are black. Bands larger than <paramref name="maxSide"/> pixels are thinned by an integer stride.</summary>
    public static Figure RgbImage(double[,] red, double[,] green, double[,] blue, double lowPercentile = 2,
        double highPercentile = 98, int maxSide = 384)
    {
        ArgumentNullException.ThrowIfNull(red);
        ArgumentNullException.ThrowIfNull(green);
        ArgumentNullException.ThrowIfNull(blue);
        foreach (var (b, name) in new[] { (green, nameof(green)), (blue, nameof(blue)) })
        {
            if (b.GetLength(0) != red.GetLength(0) || b.GetLength(1) != red.GetLength(1))
                throw new ArgumentException($"{name}: expected {red.GetLength(0)}x{red.GetLength(1)} like red, got {b.GetLength(0)}x{b.GetLength(1)}", name);
        }
        var bands = new[] { red, green, blue }.Select(b => Stretch(Thin(b, maxSide), lowPercentile, highPercentile)).ToArray();
        int h = bands[0].GetLength(0), w = bands[0].GetLength(1);
        var rows = new JsonArray();
        for (var r = 0; r < h; r++)
        {
            var row = new JsonArray();
            for (var c = 0; c < w; c++) row.Add(new JsonArray(bands[0][r, c], bands[1][r, c], bands[2][r, c]));
            rows.Add(row);
        }
        var trace = Trace("image", null);
        trace["z"] = rows;
        return new Figure([trace], ImageLayout()).WithSize(520, 500);
    }

    /// <summary>Every <c>stride</c>-th row and column, the stride the smallest integer that fits <paramref name="maxSide"/>.</summary>
    internal static double[,] Thin(double[,] band, int maxSide)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 1);
        int h = band.GetLength(0), w = band.GetLength(1);
        var stride = Math.Max(1, (int)Math.Ceiling(Math.Max(h, w) / (double)maxSide));
        if (stride == 1) return band;
        var result = new double[((h - 1) / stride) + 1, ((w - 1) / stride) + 1];
        for (var r = 0; r < result.GetLength(0); r++)
            for (var c = 0; c < result.GetLength(1); c++) result[r, c] = band[r * stride, c * stride];
        return result;
    }

    /// <summary>The value below which <paramref name="percent"/> % of the finite values lie (linear interpolation).</summary>
    internal static double Percentile(double[] sortedFinite, double percent)
    {
        if (sortedFinite.Length == 0) return double.NaN;
        var pos = Math.Clamp(percent, 0, 100) / 100 * (sortedFinite.Length - 1);
        var i = (int)Math.Floor(pos);
        return i + 1 < sortedFinite.Length ? sortedFinite[i] + ((pos - i) * (sortedFinite[i + 1] - sortedFinite[i])) : sortedFinite[i];
    }

    private static byte[,] Stretch(double[,] band, double lowPercentile, double highPercentile)
    {
        var sorted = band.Cast<double>().Where(double.IsFinite).Order().ToArray();
        double lo = Percentile(sorted, lowPercentile), hi = Percentile(sorted, highPercentile);
        if (!(hi > lo)) hi = lo + 1;
        var result = new byte[band.GetLength(0), band.GetLength(1)];
        for (var r = 0; r < band.GetLength(0); r++)
            for (var c = 0; c < band.GetLength(1); c++)
                result[r, c] = double.IsFinite(band[r, c]) ? (byte)Math.Round(Math.Clamp((band[r, c] - lo) / (hi - lo), 0, 1) * 255) : (byte)0;
        return result;
    }

    private static (double Min, double Max) Range(double[,] z)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in z)
        {
            if (!double.IsFinite(v)) continue;
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        return double.IsFinite(lo) ? (lo, hi) : (0, 1);
    }

    private static JsonObject ImageLayout() => new()
    {
        ["xaxis"] = new JsonObject { ["showgrid"] = false, ["zeroline"] = false, ["constrain"] = "domain" },
        ["yaxis"] = new JsonObject
        {
            ["autorange"] = "reversed", ["showgrid"] = false, ["zeroline"] = false,
            ["scaleanchor"] = "x", ["scaleratio"] = 1, ["constrain"] = "domain",
        },
    };
}
