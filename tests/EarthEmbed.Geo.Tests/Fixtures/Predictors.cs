namespace EarthEmbed.Geo.Tests.Fixtures;

/// <summary>Copies its input: tiled prediction with it must give back the input.</summary>
public sealed class IdentityPredictor(int bands, int sizeMultiple = 1) : ITilePredictor
{
    public int InputBands => bands;
    public int OutputBands => bands;
    public int SizeMultiple => sizeMultiple;

    /// <summary>Calls so far.</summary>
    public int Calls { get; private set; }

    /// <summary>True once a NaN reached the model.</summary>
    public bool SawNaN { get; private set; }

    public void Predict(ReadOnlySpan<float> input, int batch, int height, int width, Span<float> output)
    {
        Assert.Equal(batch * bands * height * width, input.Length);
        Assert.Equal(0, height % sizeMultiple);
        Assert.Equal(0, width % sizeMultiple);
        Calls++;
        foreach (var v in input) SawNaN |= float.IsNaN(v);
        input.CopyTo(output);
    }
}

/// <summary>Outputs, for every pixel of a tile, the tile's running number (0, 1, 2, ... in the order tiles arrive).</summary>
public sealed class TileNumberPredictor(int bands) : ITilePredictor
{
    private int next;
    public int InputBands => bands;
    public int OutputBands => 1;
    public int SizeMultiple => 1;

    public void Predict(ReadOnlySpan<float> input, int batch, int height, int width, Span<float> output)
    {
        for (var k = 0; k < batch; k++) output.Slice(k * height * width, height * width).Fill(next++);
    }
}

/// <summary>Maps 3 bands to 2: (b0 + b1, 2 * b2), pixel by pixel.</summary>
public sealed class MixingPredictor : ITilePredictor
{
    public int InputBands => 3;
    public int OutputBands => 2;
    public int SizeMultiple => 8;

    public void Predict(ReadOnlySpan<float> input, int batch, int height, int width, Span<float> output)
    {
        var plane = height * width;
        for (var k = 0; k < batch; k++)
            for (var p = 0; p < plane; p++)
            {
                var i = k * 3 * plane + p;
                var o = k * 2 * plane + p;
                output[o] = input[i] + input[i + plane];
                output[o + plane] = 2 * input[i + 2 * plane];
            }
    }
}

/// <summary>Throws on a given call, to test that failures leave nothing behind.</summary>
public sealed class FailingPredictor(int bands, int failOnCall) : ITilePredictor
{
    private int calls;
    public int InputBands => bands;
    public int OutputBands => bands;
    public int SizeMultiple => 1;

    public void Predict(ReadOnlySpan<float> input, int batch, int height, int width, Span<float> output)
    {
        if (++calls == failOnCall) throw new InvalidOperationException($"model failed on call {calls}");
        input.CopyTo(output);
    }
}

/// <summary>A model with spatial context: each output pixel is the mean of the pixel and its four neighbours inside the
/// tile (missing neighbours at the tile's edges are left out), plus the tile's height / 1000, so outputs near tile
/// edges depend on where the tile lies: what makes halos and blending matter.</summary>
public sealed class BlurPredictor(int bands) : ITilePredictor
{
    public int InputBands => bands;
    public int OutputBands => bands;
    public int SizeMultiple => 1;

    public void Predict(ReadOnlySpan<float> input, int batch, int height, int width, Span<float> output)
    {
        var plane = height * width;
        for (var k = 0; k < batch * bands; k++)
        {
            var x = input.Slice(k * plane, plane);
            var y = output.Slice(k * plane, plane);
            for (var r = 0; r < height; r++)
                for (var c = 0; c < width; c++)
                {
                    float sum = x[r * width + c];
                    var n = 1;
                    if (r > 0) { sum += x[(r - 1) * width + c]; n++; }
                    if (r < height - 1) { sum += x[(r + 1) * width + c]; n++; }
                    if (c > 0) { sum += x[r * width + c - 1]; n++; }
                    if (c < width - 1) { sum += x[r * width + c + 1]; n++; }
                    y[r * width + c] = sum / n + height / 1000f;
                }
        }
    }
}
