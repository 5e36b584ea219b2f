using System.Text.Json;

namespace EarthEmbed.Notebooks.Tests.Cli;

/// <summary>`earthembed bench tiles` on a tiny raster as a user runs it: the JSON keeps its keys and gains the worker
/// runs (figures are not judged: tests never time anything; only their presence and the memory bound).</summary>
public class BenchTilesCommandTests
{
    [Fact]
    public void A_tiny_run_writes_the_issue_keys_and_pixels_per_second_and_peak_rss_for_one_and_two_workers()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "test-output", "bench-tiles");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var json = Path.Combine(folder, "tiles.json");
        var (code, stdout, stderr) = NotebookCommandTests.Earthembed("bench", "tiles", "--size", "96", "--rows", "64", "--tile", "32", "--overlap", "8",
            "--output-tile", "48", "--cache", folder, "--json", json);
        Assert.True(code == 0, $"bench tiles exited {code}:\n{stdout}\n{stderr}");
        Assert.Contains("K=2 worker(s)", stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        foreach (var key in new[] { "pixels_per_s", "model_only_pixels_per_s", "efficiency", "peak_rss_mb" })
            Assert.True(root.GetProperty(key).GetDouble() > 0, key);
        foreach (var k in new[] { 1, 2 })
        {
            var w = root.GetProperty("workers").GetProperty(k.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(w.GetProperty("pixels_per_s").GetDouble() > 0);
            Assert.Equal(4, w.GetProperty("output_tiles").GetInt32());
            var rss = w.GetProperty("peak_rss_mb").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(k, rss.Length);
            Assert.All(rss, m => Assert.InRange(m, 1, 2048));
        }
    }
}
