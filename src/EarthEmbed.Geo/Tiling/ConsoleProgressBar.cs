using System.Diagnostics;
using System.Globalization;

namespace EarthEmbed.Geo;

/// <summary>A one-line text progress bar for tiled prediction, redrawn in place with a carriage return:
/// <c>[########............]  40%  tiles 88/220  rows 2048/8192  12 s</c>. Redraws at most every
/// <paramref name="minInterval"/> (default 0.2 s) and always when every tile is done and every row written, ending the line there. Thread-safe.</summary>
public sealed class ConsoleProgressBar(TextWriter output, int width = 30, TimeSpan? minInterval = null) : IProgress<TilingProgress>
{
    private readonly Lock gate = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly TimeSpan interval = minInterval ?? TimeSpan.FromSeconds(0.2);
    private TimeSpan? lastDrawn;
    private bool finished;

    /// <summary>A bar on standard error (so it does not mix with output meant for pipes).</summary>
    public ConsoleProgressBar() : this(Console.Error)
    {
    }

    /// <inheritdoc />
    public void Report(TilingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (gate)
        {
            var done = value.TilesDone >= value.TilesTotal && value.RowsWritten >= value.RowsTotal;
            if (finished || (!done && lastDrawn is { } last && clock.Elapsed - last < interval)) return;
            lastDrawn = clock.Elapsed;
            output.Write("\r" + Line(value, width, clock.Elapsed));
            if (done)
            {
                output.WriteLine();
                finished = true;
            }
            output.Flush();
        }
    }

    /// <summary>The text of the bar for a progress value.</summary>
    public static string Line(TilingProgress value, int width, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(value);
        var filled = (int)Math.Floor(value.Fraction * width);
        return string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', width - filled)}] {value.Fraction * 100,3:F0}%  tiles {value.TilesDone}/{value.TilesTotal}  rows {value.RowsWritten}/{value.RowsTotal}  {elapsed.TotalSeconds:F0} s");
    }
}
