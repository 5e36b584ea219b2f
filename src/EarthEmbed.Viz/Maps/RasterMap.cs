using System.Globalization;
using EarthEmbed.Viz.Colors;
using EarthEmbed.Viz.Display;

namespace EarthEmbed.Viz.Maps;

/// <summary>A raster drawn as a paletted PNG with its legend beside it (a colorbar with values for continuous data,
/// coloured swatches with names for classes) and a title above, written through GDAL so it opens in any viewer.
/// In a notebook or report it shows as an inline image.</summary>
public sealed class RasterMap : HtmlDisplay
{
    /// <summary>Palette entries 0..<see cref="Ramp"/>-1 hold the colormap; the last four are reserved.</summary>
    internal const int Ramp = 240;
    internal const byte NoData = 252;
    internal const byte Background = 253;
    internal const byte Ink = 254;
    internal const byte FrameColor = 255;

    private const int Scale = 2;
    private const int Margin = 10;
    private const int LineHeight = (BitmapFont.GlyphHeight * Scale) + 8;

    private readonly IndexedImage _image;
    private readonly Dictionary<string, string> _metadata;

    private RasterMap(IndexedImage image, string? title, Dictionary<string, string> metadata)
    {
        _image = image;
        Title = title;
        _metadata = metadata;
    }

    /// <summary>The title drawn above the map, or null.</summary>
    public string? Title { get; }

    /// <summary>Width of the whole PNG in pixels (map, legend and margins).</summary>
    public int Width => _image.Width;

    /// <summary>Height of the whole PNG in pixels.</summary>
    public int Height => _image.Height;

    /// <summary>Facts written into the PNG as text chunks: kind, colormap, min, max, unit or classes.</summary>
    public IReadOnlyDictionary<string, string> Metadata => _metadata;

    /// <summary>A continuous raster (row 0 at the top) coloured by <paramref name="colormap"/> from
    /// <paramref name="min"/> to <paramref name="max"/> (default: finite minimum and maximum), with a colorbar labelled
    /// in <paramref name="unit"/>. NaN pixels are transparent. Small rasters are enlarged by an integer factor (each cell
    /// a square of pixels) and large ones thinned by a stride, so the map is 256 to 1024 pixels on its longer side.</summary>
    public static RasterMap Continuous(double[,] values, Colormap? colormap = null, double? min = null, double? max = null,
        string? title = null, string? unit = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        colormap ??= Colormap.Viridis;
        var finite = values.Cast<double>().Where(double.IsFinite).ToArray();
        var lo = min ?? (finite.Length > 0 ? finite.Min() : 0);
        var hi = max ?? (finite.Length > 0 ? finite.Max() : 1);
        if (!(hi > lo)) hi = lo + 1;
        var palette = Palette(colormap.Sample(Ramp));
        var cells = Layout(values.GetLength(0), values.GetLength(1), title, legendWidth: 150, legendHeight: 200,
            palette, out var image, out var origin, out var factor, out var stride);
        for (var r = 0; r < cells.Rows; r++)
        {
            for (var c = 0; c < cells.Columns; c++)
            {
                var v = values[r * stride, c * stride];
                var index = double.IsFinite(v) ? (byte)Math.Clamp((int)Math.Round((v - lo) / (hi - lo) * (Ramp - 1)), 0, Ramp - 1) : NoData;
                image.Fill(origin.X + (c * factor), origin.Y + (r * factor), factor, factor, index);
            }
        }
        DrawColorbar(image, origin.X + (cells.Columns * factor) + 20, origin.Y, lo, hi, unit);
        var metadata = new Dictionary<string, string>
        {
            ["kind"] = "continuous", ["colormap"] = colormap.Name,
            ["min"] = lo.ToString("R", CultureInfo.InvariantCulture), ["max"] = hi.ToString("R", CultureInfo.InvariantCulture),
        };
        if (unit != null) metadata["unit"] = unit;
        if (title != null) metadata["title"] = title;
        return new RasterMap(image, title, metadata);
    }

    /// <summary>A class raster: value k is drawn in <paramref name="colors"/>[k] (default: ten categorical colours) and
    /// listed in the legend as <paramref name="names"/>[k]; negative values (e.g. an ignore index of -1) are transparent.</summary>
    /// <exception cref="ArgumentException">A value is not below the number of names; the message gives its row and column.</exception>
    public static RasterMap Classes(int[,] classes, IReadOnlyList<string> names, IReadOnlyList<Rgb>? colors = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count is 0 or > NoData) throw new ArgumentException($"names: expected 1 to {NoData} classes, got {names.Count}", nameof(names));
        var classColors = Enumerable.Range(0, names.Count)
            .Select(k => colors != null && k < colors.Count ? colors[k] : Colormap.Categorical[k % Colormap.Categorical.Count]).ToArray();
        var legendWidth = 40 + (names.Max(n => n.Length) * BitmapFont.Advance * Scale);
        var cells = Layout(classes.GetLength(0), classes.GetLength(1), title, legendWidth, 20 + (names.Count * 22),
            Palette(classColors), out var image, out var origin, out var factor, out var stride);
        for (var r = 0; r < cells.Rows; r++)
        {
            for (var c = 0; c < cells.Columns; c++)
            {
                var k = classes[r * stride, c * stride];
                if (k >= names.Count)
                    throw new ArgumentException($"classes: value {k} at row {r * stride}, column {c * stride} has no name (expected 0 to {names.Count - 1}, or negative for no data)", nameof(classes));
                image.Fill(origin.X + (c * factor), origin.Y + (r * factor), factor, factor, k < 0 ? NoData : (byte)k);
            }
        }
        var x = origin.X + (cells.Columns * factor) + 20;
        for (var k = 0; k < names.Count; k++)
        {
            var y = origin.Y + (k * 22);
            image.Fill(x, y, 16, 16, (byte)k);
            image.Frame(x, y, 16, 16, FrameColor);
            BitmapFont.Draw(image, x + 24, y + 1, names[k], Scale, Ink);
        }
        var metadata = new Dictionary<string, string> { ["kind"] = "classes", ["classes"] = string.Join(";", names) };
        if (title != null) metadata["title"] = title;
        return new RasterMap(image, title, metadata);
    }

    /// <summary>Writes the PNG to <paramref name="path"/> (through a temporary file, renamed when complete).</summary>
    public void Save(string path) => PngWriter.Write(_image, path, _metadata);

    /// <summary>The PNG file's bytes (the image/png output of a notebook cell).</summary>
    public byte[] ToPng() => PngWriter.Encode(_image, _metadata);

    /// <summary>An inline image (PNG as a data URI).</summary>
    public override string ToHtml() =>
        $"<figure class=\"earthembed-map\" style=\"margin:0\"><img src=\"data:image/png;base64,{Convert.ToBase64String(ToPng())}\" " +
        $"width=\"{Width}\" height=\"{Height}\" alt=\"{System.Net.WebUtility.HtmlEncode(Title ?? "map")}\"></figure>";

    /// <inheritdoc />
    public override string ToString() => $"RasterMap \"{Title}\": {Width}x{Height} px PNG";

    internal IndexedImage Image => _image;

    private static Rgb[] Palette(Rgb[] colors)
    {
        var palette = new Rgb[256];
        colors.CopyTo(palette, 0);
        palette[NoData] = new Rgb(255, 255, 255);
        palette[Background] = new Rgb(255, 255, 255);
        palette[Ink] = new Rgb(34, 34, 34);
        palette[FrameColor] = new Rgb(136, 136, 136);
        return palette;
    }

    private static (int Rows, int Columns) Layout(int rows, int columns, string? title, int legendWidth, int legendHeight,
        Rgb[] palette, out IndexedImage image, out (int X, int Y) origin, out int factor, out int stride)
    {
        if (rows == 0 || columns == 0) throw new ArgumentException($"raster: expected at least 1x1 cells, got {rows}x{columns}");
        var longer = Math.Max(rows, columns);
        stride = Math.Max(1, (int)Math.Ceiling(longer / 1024.0));
        int thinRows = ((rows - 1) / stride) + 1, thinColumns = ((columns - 1) / stride) + 1;
        factor = Math.Clamp(256 / Math.Max(thinRows, thinColumns), 1, 16);
        int mapWidth = thinColumns * factor, mapHeight = thinRows * factor;
        var titleHeight = string.IsNullOrEmpty(title) ? 0 : LineHeight;
        var width = Math.Max(Margin + mapWidth + 20 + legendWidth + Margin, string.IsNullOrEmpty(title) ? 0 : (2 * Margin) + BitmapFont.Measure(title, Scale));
        var height = Margin + titleHeight + Math.Max(mapHeight, legendHeight) + Margin;
        image = new IndexedImage(width, height, palette, Background, NoData);
        origin = (Margin, Margin + titleHeight);
        if (!string.IsNullOrEmpty(title)) BitmapFont.Draw(image, Margin, Margin, title, Scale, Ink);
        image.Frame(origin.X - 1, origin.Y - 1, mapWidth + 2, mapHeight + 2, FrameColor);
        return (thinRows, thinColumns);
    }

    private static void DrawColorbar(IndexedImage image, int x, int y, double lo, double hi, string? unit)
    {
        const int barWidth = 18, barHeight = 180, ticks = 5;
        var top = y + LineHeight;
        BitmapFont.Draw(image, x, y, unit ?? "value", Scale, Ink);
        for (var row = 0; row < barHeight; row++)
            image.Fill(x, top + row, barWidth, 1, (byte)Math.Round((barHeight - 1 - row) / (double)(barHeight - 1) * (Ramp - 1)));
        image.Frame(x - 1, top - 1, barWidth + 2, barHeight + 2, FrameColor);
        var decimals = Math.Clamp(1 - (int)Math.Floor(Math.Log10((hi - lo) / (ticks - 1))), 0, 4);
        for (var i = 0; i < ticks; i++)
        {
            var ty = top + (int)Math.Round(i / (double)(ticks - 1) * (barHeight - 1));
            var value = hi - (i / (double)(ticks - 1) * (hi - lo));
            image.Fill(x + barWidth, ty, 5, 1, Ink);
            var label = value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            BitmapFont.Draw(image, x + barWidth + 9, ty - BitmapFont.GlyphHeight, label, Scale, Ink);
        }
    }
}
