namespace EarthEmbed.Torch.Native;

/// <summary>A typed argument for a generic operator call; implicit conversions make call sites read like
/// PyTorch's: <c>Ops.Conv2d.Tensor(input, weight, bias, new long[] { 1, 1 }, padding, ...)</c>.</summary>
internal readonly struct Arg
{
    internal readonly ValueKind Kind;
    internal readonly long I;
    internal readonly double D;
    internal readonly object? Ref;

    private Arg(ValueKind kind, long i = 0, double d = 0, object? reference = null)
    {
        Kind = kind;
        I = i;
        D = d;
        Ref = reference;
    }

    /// <summary>Use the operator schema's default for this position.</summary>
    internal static readonly Arg Default = new(ValueKind.Default);

    /// <summary>Python's None.</summary>
    internal static readonly Arg None = new(ValueKind.None);

    public static implicit operator Arg(Tensor? t) => t is null ? None : new(ValueKind.Tensor, reference: t);
    public static implicit operator Arg(long v) => new(ValueKind.Int, v);
    public static implicit operator Arg(int v) => new(ValueKind.Int, v);
    public static implicit operator Arg(double v) => new(ValueKind.Double, d: v);
    public static implicit operator Arg(bool v) => new(ValueKind.Bool, v ? 1 : 0);
    public static implicit operator Arg(long? v) => v is null ? None : new(ValueKind.Int, v.Value);
    public static implicit operator Arg(double? v) => v is null ? None : new(ValueKind.Double, d: v.Value);
    public static implicit operator Arg(ScalarType v) => new(ValueKind.Int, (long)v);
    public static implicit operator Arg(ScalarType? v) => v is null ? None : new(ValueKind.Int, (long)v.Value);
    public static implicit operator Arg(long[]? v) => v is null ? None : new(ValueKind.IntList, reference: v);
    public static implicit operator Arg(double[]? v) => v is null ? None : new(ValueKind.DoubleList, reference: v);
    public static implicit operator Arg(Tensor?[]? v) => v is null ? None : new(ValueKind.TensorList, reference: v);
    public static implicit operator Arg(string? v) => v is null ? None : new(ValueKind.String, reference: v);
    public static implicit operator Arg(Device v) => new(ValueKind.Device, (long)v.Kind, d: v.Index);
}
