using System.Text.Json.Nodes;
using EarthEmbed.Benchmarks.EngineBench;

namespace EarthEmbed.Torch.Tests.Benchmarks;

public class EngineResultTests
{
    private static EngineResult Sample()
    {
        var settings = new EngineSettings { Threads = 2, Steps = 3, Rounds = 3 };
        var fp32 = new VariantResult(EngineVariant.Fp32, [8.0, 7.0, 9.0], [7.5, 8.5, 8.0], 20.0);
        var bf16 = new VariantResult(new EngineVariant(Bf16: true), [12.0, 13.0, 11.0], [12.0, 12.0, 12.0], 20.0);
        return new EngineResult(settings, [fp32, bf16], new Dictionary<string, string> { ["cores"] = "2" });
    }

    [Fact]
    public void Figures_are_medians_of_the_rounds_and_the_ratio_divides_them()
    {
        var fp32 = Sample().Variants[0];
        Assert.Equal(8.0, fp32.EarthEmbedSamplesPerS);
        Assert.Equal(8.0, fp32.PyTorchSamplesPerS);
        Assert.Equal(1.0, fp32.Ratio);
        Assert.Equal(160.0, fp32.EarthEmbedGflopPerS);
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        Assert.Equal(2.5, Statistics.Median([4.0, 1.0, 2.0, 3.0]));
        Assert.True(double.IsNaN(Statistics.Median([])));
    }

    [Fact]
    public void The_json_holds_the_fp32_headline_the_bf16_figures_and_every_variant()
    {
        var json = Sample().ToJson();
        Assert.Equal(8.0, json["earthembed_samples_per_s"]!.GetValue<double>());
        Assert.Equal(8.0, json["pytorch_samples_per_s"]!.GetValue<double>());
        Assert.Equal(1.0, json["ratio"]!.GetValue<double>());
        Assert.Equal(12.0, json["bf16_earthembed_samples_per_s"]!.GetValue<double>());
        Assert.Equal(1.0, json["bf16_ratio"]!.GetValue<double>());
        var variants = json["variants"]!.AsArray();
        Assert.Equal(["fp32", "bf16"], variants.Select(v => v!["variant"]!.GetValue<string>()));
        Assert.Equal(3, variants[0]!["pytorch_rounds"]!.AsArray().Count);
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
    public void Variant_selection_always_starts_with_plain_fp32()
    {
        Assert.Equal(["fp32"], EngineVariant.Selection(false, false).Select(v => v.Name));
        Assert.Equal(["fp32", "fp32 channels-last", "bf16", "bf16 channels-last"],
            EngineVariant.Selection(true, true).Select(v => v.Name));
    }

    [Fact]
    public void The_pytorch_script_gets_the_same_setting_and_the_variant_flags()
    {
        var settings = new EngineSettings { Threads = 3, Steps = 4, Batch = 2, Size = 32 };
        var args = PyTorchRunner.Arguments(settings, new EngineVariant(Bf16: true, ChannelsLast: true)).ToList();
        string After(string flag) => args[args.IndexOf(flag) + 1];
        Assert.Equal("3", After("--threads"));
        Assert.Equal("4", After("--steps"));
        Assert.Equal("2", After("--batch"));
        Assert.Equal("32", After("--size"));
        Assert.Equal("64", After("--in-channels"));
        Assert.Contains("--bf16", args);
        Assert.Contains("--channels-last", args);
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
