namespace EarthEmbed.Benchmarks.EngineBench;

/// <summary>The vector instruction sets of the machine's CPU that matter for libtorch's fp32 and bf16 kernels, read
/// from the <c>flags</c> line of /proc/cpuinfo.</summary>
/// <param name="Model">The CPU's model name ("?" when unknown).</param>
/// <param name="Flags">The relevant flags present, in the order of <see cref="Relevant"/>.</param>
/// <param name="Known">False when no x86 <c>flags</c> line was found (another architecture, or no /proc/cpuinfo).</param>
public sealed record CpuIsa(string Model, IReadOnlyList<string> Flags, bool Known = true)
{
    /// <summary>The flags reported, from oldest to newest: FMA and AVX2 (8 fp32 lanes), AVX-512 foundation (16),
    /// AVX-512 VNNI and BF16 (bf16 dot products), AMX tiles.</summary>
    public static IReadOnlyList<string> Relevant { get; } =
        ["fma", "avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16"];

    /// <summary>The best of AVX2, AVX-512 and AVX-512 BF16 the CPU has (AVX-512 BF16 needs avx512f too), else
    /// "no AVX2" or, without an x86 flags line, "unknown".</summary>
    public string Name =>
        Has("avx512f") && Has("avx512_bf16") ? "AVX-512 BF16"
        : Has("avx512f") ? "AVX-512"
        : Has("avx2") ? "AVX2"
        : Known ? "no AVX2"
        : "unknown";

    /// <summary>True when <paramref name="flag"/> was found.</summary>
    public bool Has(string flag) => Flags.Contains(flag, StringComparer.Ordinal);

    /// <summary>"AVX-512 BF16 (fma avx2 avx512f avx512_vnni avx512_bf16)".</summary>
    public override string ToString() => Flags.Count == 0 ? Name : $"{Name} ({string.Join(' ', Flags)})";

    /// <summary>Reads this machine's /proc/cpuinfo (an unknown ISA where there is none, e.g. off Linux).</summary>
    public static CpuIsa Current()
    {
        try
        {
            return File.Exists("/proc/cpuinfo") ? Parse(File.ReadAllText("/proc/cpuinfo")) : new CpuIsa("?", [], Known: false);
        }
        catch (IOException)
        {
            return new CpuIsa("?", [], Known: false);
        }
    }

    /// <summary>Parses the text of /proc/cpuinfo: the first <c>model name</c> and the first <c>flags</c> line.</summary>
    public static CpuIsa Parse(string cpuinfo)
    {
        ArgumentNullException.ThrowIfNull(cpuinfo);
        string? model = null;
        HashSet<string>? flags = null;
        foreach (var line in cpuinfo.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (model is null && key == "model name") model = value;
            else if (flags is null && key == "flags")
                flags = new HashSet<string>(value.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        }
        return new CpuIsa(model ?? "?", flags is null ? [] : Relevant.Where(flags.Contains).ToArray(), flags is not null);
    }
}
