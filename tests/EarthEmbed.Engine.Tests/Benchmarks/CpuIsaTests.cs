using EarthEmbed.Benchmarks.EngineBench;

namespace EarthEmbed.Engine.Tests.Benchmarks;

public class CpuIsaTests
{
    private const string Zen4 = """
        processor	: 0
        vendor_id	: AuthenticAMD
        model name	: AMD EPYC 9R14
        flags		: fpu sse2 fma avx2 avx512f avx512dq avx512_vnni avx512_bf16 avx512vl
        processor	: 1
        model name	: AMD EPYC 9R14
        flags		: fpu sse2 fma avx2 avx512f avx512dq avx512_vnni avx512_bf16 avx512vl
        """;

    [Fact]
    public void A_cpu_with_avx512_bf16_is_named_so_and_its_relevant_flags_listed_in_order()
    {
        var isa = CpuIsa.Parse(Zen4);
        Assert.Equal("AVX-512 BF16", isa.Name);
        Assert.Equal("AMD EPYC 9R14", isa.Model);
        Assert.Equal(["fma", "avx2", "avx512f", "avx512_vnni", "avx512_bf16"], isa.Flags);
        Assert.Equal("AVX-512 BF16 (fma avx2 avx512f avx512_vnni avx512_bf16)", isa.ToString());
    }

    [Theory]
    [InlineData("flags : fpu fma avx2 avx512f avx512bw", "AVX-512")]
    [InlineData("flags : fpu fma avx2", "AVX2")]
    [InlineData("flags : fpu sse4_2 avx", "no AVX2")]
    [InlineData("flags : avx2 avx512_bf16", "AVX2")] // bf16 dot products are an AVX-512 extension: not without avx512f
    [InlineData("flags : avx2 avx512fp16", "AVX2")] // a flag must match whole, not by prefix
    [InlineData("Features : fp asimd", "unknown")]  // no x86 flags line (an ARM cpuinfo)
    public void The_isa_is_the_best_of_avx2_avx512_and_avx512_bf16(string cpuinfo, string expected)
    {
        Assert.Equal(expected, CpuIsa.Parse(cpuinfo).Name);
    }

    [Fact]
    public void This_machines_cpuinfo_is_read_when_there_is_one()
    {
        if (!File.Exists("/proc/cpuinfo")) return;
        var flags = File.ReadLines("/proc/cpuinfo").First(l => l.StartsWith("flags", StringComparison.Ordinal));
        Assert.Equal(flags.Contains(" avx2", StringComparison.Ordinal), CpuIsa.Current().Has("avx2"));
    }
}
