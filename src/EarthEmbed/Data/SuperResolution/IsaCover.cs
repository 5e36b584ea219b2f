namespace EarthEmbed.Data.SuperResolution;

/// <summary>How much impervious surface each 10 m pixel holds, and how much it changes that pixel's reflectance: the
/// physics that bounds what any model can recover at 1 m from the 10 m image. A road or roof that covers a share f of
/// a coarse pixel moves the pixel's mean reflectance by f times the contrast between the ISA and the pervious land
/// around it (linear mixing); below the sensor noise the trace is lost, and even above it the coarse pixel does not
/// say where inside it the ISA lies. Recall by cover bin (<see cref="Bin"/>, reported per test split) measures the
/// second limit.</summary>
public static class IsaCover
{
    /// <summary>Upper edges of the cover bins (the last bin ends at 1, inclusive).</summary>
    public static IReadOnlyList<double> BinEdges { get; } = [0.25, 0.5, 0.75, 1.0];

    /// <summary>Names of the cover bins, as split suffixes ("cover_00_25" ... "cover_75_100").</summary>
    public static IReadOnlyList<string> BinNames { get; } = ["cover_00_25", "cover_25_50", "cover_50_75", "cover_75_100"];

    /// <summary>The bin of a cover fraction (0..<see cref="BinEdges"/>.Count - 1): [0, 0.25), [0.25, 0.5),
    /// [0.5, 0.75), [0.75, 1].</summary>
    public static int Bin(double cover)
    {
        for (var k = 0; k < BinEdges.Count - 1; k++)
            if (cover < BinEdges[k]) return k;
        return BinEdges.Count - 1;
    }

    /// <summary>Share of impervious pixels (label 1) among the known ones (label not 255) in each coarse pixel of a
    /// fine label of (<paramref name="lowHeight"/> x <paramref name="factor"/>) x (<paramref name="lowWidth"/> x
    /// <paramref name="factor"/>) pixels, row-major at the coarse resolution; NaN where no label is known.</summary>
    public static double[] Fraction(ReadOnlySpan<byte> label, int lowHeight, int lowWidth, int factor)
    {
        var width = lowWidth * factor;
        if (lowHeight < 1 || lowWidth < 1 || factor < 1 || label.Length != lowHeight * factor * width)
            throw new ArgumentException($"label has {label.Length} pixels, expected ({lowHeight} x {factor}) x ({lowWidth} x {factor})", nameof(label));
        var isa = new int[lowHeight * lowWidth];
        var known = new int[lowHeight * lowWidth];
        for (var row = 0; row < lowHeight * factor; row++)
            for (var col = 0; col < width; col++)
            {
                var v = label[(row * width) + col];
                if (v == 255) continue;
                var cell = ((row / factor) * lowWidth) + (col / factor);
                known[cell]++;
                if (v == 1) isa[cell]++;
            }
        return isa.Select((n, i) => known[i] == 0 ? double.NaN : n / (double)known[i]).ToArray();
    }

    /// <summary>The ISA's trace in each coarse pixel before the point spread function and noise: the largest, over
    /// the bands, of cover share times |mean reflectance of the pixel's ISA - mean reflectance of the pervious land
    /// in the 3 x 3 coarse pixels around it|, i.e. how far the ISA moves the pixel's block mean from what the same
    /// pixel would read under its pervious surroundings. 0 where the pixel holds no ISA; +infinity where it holds ISA
    /// but no pervious land lies around it. <paramref name="image"/> is band-sequential at the fine resolution.</summary>
    public static double[] Trace(ReadOnlySpan<float> image, int bands, ReadOnlySpan<byte> label, int lowHeight, int lowWidth, int factor)
    {
        int width = lowWidth * factor, plane = lowHeight * factor * width, cells = lowHeight * lowWidth;
        if (image.Length != bands * plane) throw new ArgumentException($"image has {image.Length} values, expected {bands} x {plane}", nameof(image));
        var cover = Fraction(label, lowHeight, lowWidth, factor);
        var isaSum = new double[bands * cells];
        var soilSum = new double[bands * cells];
        var isaCount = new int[cells];
        var soilCount = new int[cells];
        for (var row = 0; row < lowHeight * factor; row++)
            for (var col = 0; col < width; col++)
            {
                var i = (row * width) + col;
                if (label[i] == 255) continue;
                var cell = ((row / factor) * lowWidth) + (col / factor);
                var isa = label[i] == 1;
                if (isa) isaCount[cell]++;
                else soilCount[cell]++;
                for (var b = 0; b < bands; b++) (isa ? isaSum : soilSum)[(b * cells) + cell] += image[(b * plane) + i];
            }
        var trace = new double[cells];
        for (var r = 0; r < lowHeight; r++)
            for (var c = 0; c < lowWidth; c++)
            {
                var cell = (r * lowWidth) + c;
                if (isaCount[cell] == 0) continue;
                var around = 0;
                var background = new double[bands];
                for (var dr = -1; dr <= 1; dr++)
                    for (var dc = -1; dc <= 1; dc++)
                    {
                        int rr = r + dr, cc = c + dc;
                        if (rr < 0 || cc < 0 || rr >= lowHeight || cc >= lowWidth) continue;
                        var n = (rr * lowWidth) + cc;
                        around += soilCount[n];
                        for (var b = 0; b < bands; b++) background[b] += soilSum[(b * cells) + n];
                    }
                if (around == 0) { trace[cell] = double.PositiveInfinity; continue; }
                for (var b = 0; b < bands; b++)
                {
                    var contrast = Math.Abs((isaSum[(b * cells) + cell] / isaCount[cell]) - (background[b] / around));
                    trace[cell] = Math.Max(trace[cell], cover[cell] * contrast);
                }
            }
        return trace;
    }
}
