using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

// Moving values between .NET memory and tensors: one copy in, one copy out, or none through spans.
public sealed partial class Tensor
{
    /// <summary>A new CPU (or <paramref name="device"/>) tensor holding a copy of <paramref name="data"/>.</summary>
    public static unsafe Tensor FromSpan<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> shape, Device? device = null)
        where T : unmanaged
    {
        var dev = device ?? Device.Cpu;
        long expected = 1;
        foreach (var s in shape) expected *= s;
        if (expected != data.Length)
            throw new ArgumentException(
                $"data has {data.Length} elements but shape [{string.Join(", ", shape.ToArray())}] needs {expected}", nameof(data));
        fixed (T* p = data)
        fixed (long* s = shape)
        {
            Check.Ok(NativeMethods.ee_tensor_from_data(p, (long)data.Length * sizeof(T), s, shape.Length,
                (int)ScalarTypes.Of<T>(), (int)dev.Kind, dev.Index, out var h));
            return new Tensor(h);
        }
    }

    /// <summary>A new tensor holding a copy of <paramref name="data"/>; with no shape, a 1-D tensor.</summary>
    public static Tensor FromArray<T>(T[] data, params long[] shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromSpan<T>(data, shape.Length == 0 ? [data.LongLength] : shape);
    }

    /// <summary>A 0-dimensional tensor holding <paramref name="value"/>.</summary>
    public static Tensor Scalar<T>(T value) where T : unmanaged => FromSpan<T>([value], ReadOnlySpan<long>.Empty);

    /// <summary>Copies the elements (in row-major order, whatever the layout or device) into a new array.</summary>
    public unsafe T[] ToArray<T>() where T : unmanaged
    {
        CheckType<T>("ToArray");
        var result = new T[NumEl];
        fixed (T* p = result) Ok(NativeMethods.ee_tensor_copy_to(Handle, p, (long)result.Length * sizeof(T)));
        return result;
    }

    /// <summary>Copies <paramref name="source"/> into this tensor in place (row-major; sizes must match).</summary>
    public unsafe void CopyFrom<T>(ReadOnlySpan<T> source) where T : unmanaged
    {
        CheckType<T>("CopyFrom");
        fixed (T* p = source) Ok(NativeMethods.ee_tensor_copy_from(Handle, p, (long)source.Length * sizeof(T)));
    }

    /// <summary>The elements of a contiguous CPU tensor as a span over its own storage: no copy. The span is valid
    /// while this tensor is alive; writes go straight into the tensor.</summary>
    public unsafe Span<T> AsSpan<T>() where T : unmanaged
    {
        CheckType<T>("AsSpan");
        Ok(NativeMethods.ee_tensor_data_ptr(Handle, out var p));
        return new Span<T>((void*)p, checked((int)NumEl));
    }

    /// <summary>The raw bytes of a contiguous CPU tensor of any element type, over its own storage (no copy).</summary>
    internal unsafe Span<byte> AsBytes()
    {
        Ok(NativeMethods.ee_tensor_data_ptr(Handle, out var p));
        return new Span<byte>((void*)p, checked((int)(NumEl * DType.ElementSize())));
    }

    /// <summary>The single value of a one-element tensor, as a double.</summary>
    public double ToDouble()
    {
        Ok(NativeMethods.ee_tensor_item_double(Handle, out var v));
        return v;
    }

    /// <summary>The single value of a one-element tensor, as an int64.</summary>
    public long ToInt64()
    {
        Ok(NativeMethods.ee_tensor_item_int64(Handle, out var v));
        return v;
    }

    /// <summary>The single value of a one-element tensor, as a float.</summary>
    public float ToSingle() => (float)ToDouble();

    private void CheckType<T>(string what) where T : unmanaged
    {
        var want = ScalarTypes.Of<T>();
        var have = DType;
        if (want != have)
            throw new InvalidOperationException(
                $"{what}<{typeof(T).Name}> needs a {want} tensor but this one is {have}; convert it with To(ScalarType.{want}) first");
    }
}
