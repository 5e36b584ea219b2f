using System.Text.Json.Nodes;
using EarthEmbed.Benchmarks.EngineBench;

namespace EarthEmbed.Engine.Tests.Benchmarks;

public class EngineResultTests
{
    // A peak of 2e9 FLOP in 0.01 s = 200 GFLOP/s; fp32 EarthEmbed at 8 samples/s x 20 GFLOP = 160 GFLOP/s = 80 %.
    private static readonly PeakGemm Peak = new(1000, 3, 0.01);

    private static EngineResult Sample()
    {
        var settings = new EngineSettings { Threads = 2, Steps = 3, Rounds = 3 };
        var fp32 = new VariantResult(EngineVariant.Fp32, [8.0, 7.0, 9.0], [7.5, 8.5, 8.0], 20.0);
        var nhwc = new VariantResult(EngineVariant.Fp32ChannelsLast, [6.0, 5.0, 4.0], [8.0, 8.0, 10.0], 20.0);
        return new EngineResult(settings, [fp32, nhwc], new Dictionary<string, string>
        {
            ["cores"] = "2", ["isa"] = "AVX-512 BF16", ["libtorch"] = "2.10.0", ["torch"] = "1.13.0a0", ["torchsharp"] = "0.107.0",
        }, Peak);
    }

    [Fact]
    public void Figures_are_medians_of_the_rounds_and_the_ratio_divides_them()
    {
        var fp32 = Sample().Variants[0];
        Assert.Equal(8.0, fp32.EarthEmbedSamplesPerS);
        Assert.Equal(8.0, fp32.PyTorchSamplesPerS);
        Assert.Equal(1.0, fp32.Ratio);
        Assert.Equal(160.0, fp32.EarthEmbedGflopPerS);
        var nhwc = Sample().Variants[1];
        Assert.Equal(0.625, nhwc.Ratio);
    }

    [Fact]
    public void The_peak_is_two_flops_per_multiply_add_of_the_fastest_product()
    {
        Assert.Equal(2e9, Peak.Flop);
        Assert.Equal(200.0, Peak.GflopPerS, 9);
        Assert.Equal(2.0 * 2048 * 2048 * 2048, new PeakGemm(2048, 5, 1).Flop);
    }

    [Fact]
    public void Shares_of_the_peak_divide_each_sides_gflop_rate_by_it()
    {
        var fp32 = Sample().Variants[0];
        Assert.Equal(0.8, fp32.EarthEmbedShareOfPeak(Peak), 12);
        Assert.Equal(0.8, fp32.PyTorchShareOfPeak(Peak), 12);
        var nhwc = Sample().Variants[1];
        Assert.Equal(0.5, nhwc.EarthEmbedShareOfPeak(Peak), 12);
        Assert.Equal(0.8, nhwc.PyTorchShareOfPeak(Peak), 12);
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        Assert.Equal(2.5, Statistics.Median([4.0, 1.0, 2.0, 3.0]));
        Assert.True(double.IsNaN(Statistics.Median([])));
    }

    [Fact]
    public void The_json_holds_the_fp32_headline_the_peak_the_isa_and_every_variant()
    {
        var json = Sample().ToJson();
        Assert.Equal(8.0, json["earthembed_samples_per_s"]!.GetValue<double>());
        Assert.Equal(8.0, json["pytorch_samples_per_s"]!.GetValue<double>());
        Assert.Equal(1.0, json["ratio"]!.GetValue<double>());
        Assert.Equal(160.0, json["earthembed_gflop_per_s"]!.GetValue<double>());
        Assert.Equal(160.0, json["pytorch_gflop_per_s"]!.GetValue<double>());
        Assert.Equal(200.0, json["fp32_peak_gflop_per_s"]!.GetValue<double>(), 9);
        Assert.Equal(0.8, json["earthembed_share_of_peak"]!.GetValue<double>(), 12);
        Assert.Equal(0.8, json["pytorch_share_of_peak"]!.GetValue<double>(), 12);
        Assert.Equal(1000, json["peak"]!["size"]!.GetValue<int>());
        Assert.Equal("AVX-512 BF16", json["isa"]!.GetValue<string>());
        Assert.Equal("2.10.0", json["machine"]!["libtorch"]!.GetValue<string>());
        Assert.Null(json["bf16_ratio"]);
        var variants = json["variants"]!.AsArray();
        Assert.Equal(["fp32", "fp32 channels-last"], variants.Select(v => v!["variant"]!.GetValue<string>()));
        Assert.Equal(3, variants[0]!["pytorch_rounds"]!.AsArray().Count);
        Assert.True(variants[1]!["channels_last"]!.GetValue<bool>());
        Assert.Equal(0.5, variants[1]!["earthembed_share_of_peak"]!.GetValue<double>(), 12);
    }

    [Fact]
    public void Writing_the_json_leaves_only_the_finished_file()
    {
        var dir = Directory.CreateTempSubdirectory("ee-bench-");
        try
        {
            var path = Path.Combine(dir.FullName, "sub", "engine.json");
            Sample().WriteJson(path);
            Assert.Equal(["engine.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
            var read = JsonNode.Parse(File.ReadAllText(path))!;
            Assert.Equal(1.0, read["ratio"]!.GetValue<double>());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_table_shows_each_variant_the_peak_the_isa_and_the_two_engines_versions()
    {
        var table = EngineBenchmark.Table(Sample());
        Assert.Contains("fp32 channels-last", table, StringComparison.Ordinal);
        Assert.Contains("fp32 peak 200.0 GFLOP/s", table, StringComparison.Ordinal);
        Assert.Contains("AVX-512 BF16", table, StringComparison.Ordinal);
        Assert.Contains("80.0", table, StringComparison.Ordinal); // 80 % of the peak
        Assert.Contains("libtorch 2.10.0, PyTorch 1.13.0a0 (different libtorch releases", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Versions_of_one_release_are_told_apart_from_different_releases()
    {
        Assert.True(EngineBenchmark.SameRelease("2.10.0", "2.10.0+cpu"));
        Assert.False(EngineBenchmark.SameRelease("2.10.0", "1.13.0a0"));
        Assert.False(EngineBenchmark.SameRelease("2.1.0", "2.10.0"));
        Assert.False(EngineBenchmark.SameRelease("?", "?"));
    }

    [Fact]
    public void Variant_selection_always_starts_with_plain_fp32()
    {
        Assert.Equal(["fp32"], EngineVariant.Selection(false).Select(v => v.Name));
        Assert.Equal(["fp32", "fp32 channels-last"], EngineVariant.Selection(true).Select(v => v.Name));
    }

    [Fact]
    public void The_pytorch_script_gets_the_same_setting_and_the_variant_flag()
    {
        var settings = new EngineSettings { Threads = 3, Steps = 4, Batch = 2, Size = 32, Seed = 7 };
        var args = PyTorchRunner.Arguments(settings, EngineVariant.Fp32ChannelsLast).ToList();
        string After(string flag) => args[args.IndexOf(flag) + 1];
        Assert.Equal("3", After("--threads"));
        Assert.Equal("4", After("--steps"));
        Assert.Equal("2", After("--batch"));
        Assert.Equal("32", After("--size"));
        Assert.Equal("64", After("--in-channels"));
        Assert.Equal("7", After("--seed"));
        Assert.Contains("--channels-last", args);
        Assert.DoesNotContain("--bf16", args);
        Assert.DoesNotContain("--channels-last", PyTorchRunner.Arguments(settings, EngineVariant.Fp32));
    }

    [Fact]
    public void A_setting_with_no_peak_repetitions_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new EngineSettings { PeakRepetitions = 0 }.Validate());
        Assert.Contains("PeakRepetitions", e.Message, StringComparison.Ordinal);
    }
}

public class PyTorchRunnerTests
{
    [Fact]
    public void A_script_that_fails_is_reported_with_its_exit_code_and_error_output()
    {
        var e = Assert.Throws<InvalidOperationException>(() => PyTorchRunner.RunOnce(["--depth", "four"]));
        Assert.Contains("exit code 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("invalid int value: 'four'", e.Message, StringComparison.Ordinal);
    }
}

public class MallocTuningTests
{
    [Fact]
    public void Raising_the_malloc_thresholds_works_on_linux_glibc()
    {
        if (!OperatingSystem.IsLinux()) return;
        Assert.True(MallocTuning.RetainFreedMemory());
        Assert.True(MallocTuning.IsApplied);
    }

    [Fact]
    public void A_threshold_below_one_mebibyte_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MallocTuning.RetainFreedMemory(4096));
    }
}
