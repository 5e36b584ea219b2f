using System.Runtime.InteropServices;
using EarthEmbed.Geo.Tests.Fixtures;

namespace EarthEmbed.Geo.Tests.Embeddings;

/// <summary>AlphaEarth tiles: int8 codes de-quantised, -128 masked, bottom-up tiles read north-up, float tiles read
/// as they are, unit length checked. The truth is the generator's float32 vectors (alphaearth_truth.bin).</summary>
public class AlphaEarthReaderTests
{
    private const int Rows = 20, Cols = 24;

    private static float[] Truth() => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Fixture.Path("alphaearth_truth.bin"))).ToArray();

    private static bool IsNoDataPixel(int r, int c) => r < 2 || (r == 10 && c == 10);

    [Theory]
    [InlineData(0, 0f)]
    [InlineData(127, 0.992172241f)]     // (127 / 127.5)^2
    [InlineData(-64, -0.251964629f)]    // -(64 / 127.5)^2
    [InlineData(1, 0.0000615148f)]      // (1 / 127.5)^2
    public void Dequantize_is_sign_times_the_square_of_q_over_127_5(sbyte q, float expected) =>
        Assert.Equal(expected, AlphaEarthReader.Dequantize(q), 6);

    [Fact]
    public void Minus_128_is_no_data()
    {
        Assert.True(float.IsNaN(AlphaEarthReader.Dequantize(-128)));
        for (var q = -127; q <= 127; q++) Assert.Equal((sbyte)q, AlphaEarthReader.Quantize(AlphaEarthReader.Dequantize((sbyte)q)));
    }

    [Fact]
    public void A_bottom_up_int8_tile_dequantises_to_the_true_vectors_north_up_within_the_quantisation_error()
    {
        using var reader = AlphaEarthReader.Open(Fixture.Path("alphaearth_int8.tif"));
        Assert.True(reader.IsQuantized);
        Assert.True(reader.Dataset.IsBottomUp);
        Assert.Equal(new GeoTransform(400000, 10, 0, 9000000, 0, -10), reader.Grid.Transform);
        var w = reader.ReadAll();
        var truth = Truth();
        for (var b = 0; b < 64; b++)
            for (var r = 0; r < Rows; r++)
                for (var c = 0; c < Cols; c++)
                {
                    var i = (b * Rows + r) * Cols + c;
                    Assert.Equal(!IsNoDataPixel(r, c), w.Valid[i]);
                    if (IsNoDataPixel(r, c)) continue;
                    // |q / 127.5 - s| <= 0.5 / 127.5 with s = sign(v) sqrt|v|, so the square is off by at most 2|s|e + e^2.
                    var s = Math.Sqrt(Math.Abs(truth[i]));
                    var e = 0.5 / 127.5;
                    Assert.True(Math.Abs(w.Values[i] - truth[i]) <= 2 * s * e + e * e + 1e-6,
                        $"band {b} ({r}, {c}): {w.Values[i]} vs true {truth[i]}");
                }
    }

    [Fact]
    public void A_float_tile_reads_the_vectors_exactly_with_nan_masked()
    {
        using var reader = AlphaEarthReader.Open(Fixture.Path("alphaearth_float.tif"));
        Assert.False(reader.IsQuantized);
        var w = reader.ReadAll();
        var truth = Truth();
        for (var i = 0; i < truth.Length; i++)
        {
            Assert.Equal(!float.IsNaN(truth[i]), w.Valid[i]);
            if (w.Valid[i]) Assert.Equal(truth[i], w.Values[i]);
        }
    }

    [Fact]
    public void Int8_and_float_tiles_of_the_same_place_share_a_grid_and_agree()
    {
        using var q = AlphaEarthReader.Open(Fixture.Path("alphaearth_int8.tif"));
        using var f = AlphaEarthReader.Open(Fixture.Path("alphaearth_float.tif"));
        Assert.Equal(f.Grid, q.Grid);
        var window = new PixelWindow(4, 5, 10, 6);
        var a = q.Read(window);
        var b = f.Read(window);
        Assert.Equal(b.Valid, a.Valid);
        for (var i = 0; i < a.Values.Length; i++) if (a.Valid[i]) Assert.Equal(b.Values[i], a.Values[i], 0.02f);
    }

    [Fact]
    public void Valid_vectors_have_unit_length_and_a_strict_tolerance_catches_the_quantisation_error()
    {
        using var reader = AlphaEarthReader.Open(Fixture.Path("alphaearth_int8.tif"));
        var w = reader.ReadAll();
        var check = AlphaEarthReader.CheckUnitLength(w);
        Assert.True(check.Passed, $"norms {check.MinNorm}..{check.MaxNorm}");
        Assert.Equal(Rows * Cols - 2 * Cols - 1, check.ValidPixels);
        Assert.Equal(1.0, check.MeanNorm, 2);
        var strict = AlphaEarthReader.CheckUnitLength(w, tolerance: 1e-5);
        Assert.False(strict.Passed);

        using var exact = AlphaEarthReader.Open(Fixture.Path("alphaearth_float.tif"));
        Assert.True(AlphaEarthReader.CheckUnitLength(exact.ReadAll(), tolerance: 1e-5).Passed);
    }

    [Fact]
    public void Vectors_scaled_away_from_unit_length_fail_the_check()
    {
        using var reader = AlphaEarthReader.Open(Fixture.Path("alphaearth_float.tif"));
        var w = reader.ReadAll();
        for (var i = 0; i < w.Values.Length; i++) w.Values[i] *= 1.2f;
        var check = AlphaEarthReader.CheckUnitLength(w);
        Assert.Equal(check.ValidPixels, check.OutsideTolerance);
        Assert.Equal(1.2, check.MeanNorm, 4);
    }

    [Fact]
    public void A_tile_with_the_wrong_band_count_is_refused_naming_the_file_and_both_counts()
    {
        var path = Fixture.Path("alphaearth_16bands.tif");
        var ex = Assert.Throws<RasterInputException>(() => AlphaEarthReader.Open(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("16 band(s)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsigned_byte_raster_is_refused_as_an_embedding_tile()
    {
        var ex = Assert.Throws<RasterInputException>(() => AlphaEarthReader.Open(Fixture.Path("byte_plain.tif"), expectedBands: 1));
        Assert.Contains("Byte", ex.Message, StringComparison.Ordinal);
    }
}
