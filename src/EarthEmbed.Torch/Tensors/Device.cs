namespace EarthEmbed.Torch;

/// <summary>Where a tensor lives. Values of <see cref="DeviceKind"/> match c10::DeviceType.</summary>
public readonly record struct Device(DeviceKind Kind, int Index = -1)
{
    /// <summary>The CPU.</summary>
    public static readonly Device Cpu = new(DeviceKind.Cpu);

    /// <summary>CUDA device <paramref name="index"/>.</summary>
    public static Device Cuda(int index = 0) => new(DeviceKind.Cuda, index);

    /// <summary>Parses "cpu", "cuda" or "cuda:N".</summary>
    public static Device Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "cpu") return Cpu;
        if (text == "cuda") return Cuda();
        if (text.StartsWith("cuda:", StringComparison.Ordinal) &&
            int.TryParse(text.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture, out var i)) return Cuda(i);
        throw new ArgumentException($"device '{text}' is not one of cpu, cuda, cuda:N", nameof(text));
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        DeviceKind.Cpu => "cpu",
        DeviceKind.Cuda => Index < 0 ? "cuda" : $"cuda:{Index}",
        _ => $"{Kind}:{Index}",
    };
}

/// <summary>Device types (c10::DeviceType codes).</summary>
public enum DeviceKind
{
    /// <summary>Host memory.</summary>
    Cpu = 0,
    /// <summary>An NVIDIA GPU.</summary>
    Cuda = 1,
}
