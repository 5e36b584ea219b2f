using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

/// <summary>A handle to a libtorch tensor. Dispose it, or create it inside a <see cref="DisposeScope"/>, so native
/// memory is freed deterministically; the finaliser is only a safety net. Operations live in the partial files
/// beside this one, grouped as PyTorch groups them (arithmetic, reductions, shape, indexing, autograd).</summary>
public sealed partial class Tensor : IDisposable
{
    private IntPtr handle;

    internal Tensor(IntPtr handle)
    {
        this.handle = handle;
        DisposeScope.Adopt(this);
    }

    /// <summary>The scope that will dispose this tensor, if any.</summary>
    internal DisposeScope? Scope { get; set; }

    /// <summary>The native handle; throws if the tensor was disposed.</summary>
    internal IntPtr Handle => handle != IntPtr.Zero ? handle
        : throw new ObjectDisposedException(nameof(Tensor), "the tensor was disposed (by Dispose or its DisposeScope)");

    /// <summary>True once the native tensor has been freed.</summary>
    public bool IsDisposed => handle == IntPtr.Zero;

    /// <summary>Frees the native tensor now (its storage lives on while other tensors view it).</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the native tensor if the program forgot to.</summary>
    ~Tensor() => Free();

    private void Free()
    {
        var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
        if (h != IntPtr.Zero) _ = NativeMethods.ee_tensor_free(h);
    }

    /// <summary>Checks a native call's status; being an instance call, it keeps this tensor reachable until the
    /// native code has returned, so the finaliser cannot free the handle mid-call (a temporary such as
    /// <c>a.Sum().ToDouble()</c> is otherwise unreferenced once its handle has been read).</summary>
    private void Ok(int status)
    {
        Check.Ok(status);
        GC.KeepAlive(this);
    }

    /// <summary>Number of dimensions.</summary>
    public int Dim
    {
        get
        {
            Ok(NativeMethods.ee_tensor_dim(Handle, out var d));
            return d;
        }
    }

    /// <summary>The size of each dimension.</summary>
    public unsafe long[] Shape
    {
        get
        {
            var shape = new long[Dim];
            fixed (long* p = shape) Ok(NativeMethods.ee_tensor_sizes(Handle, p));
            return shape;
        }
    }

    /// <summary>The size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public long Size(int dim)
    {
        var shape = Shape;
        var d = dim < 0 ? dim + shape.Length : dim;
        if (d < 0 || d >= shape.Length)
            throw new ArgumentOutOfRangeException(nameof(dim), dim, $"tensor has {shape.Length} dimensions");
        return shape[d];
    }

    /// <summary>Element strides of each dimension.</summary>
    public unsafe long[] Strides
    {
        get
        {
            var strides = new long[Dim];
            fixed (long* p = strides) Ok(NativeMethods.ee_tensor_strides(Handle, p));
            return strides;
        }
    }

    /// <summary>Number of elements.</summary>
    public long NumEl
    {
        get
        {
            Ok(NativeMethods.ee_tensor_numel(Handle, out var n));
            return n;
        }
    }

    /// <summary>The element type.</summary>
    public ScalarType DType
    {
        get
        {
            Ok(NativeMethods.ee_tensor_dtype(Handle, out var t));
            return (ScalarType)t;
        }
    }

    /// <summary>The device holding the data.</summary>
    public Device Device
    {
        get
        {
            Ok(NativeMethods.ee_tensor_device(Handle, out var type, out var index));
            return new Device((DeviceKind)type, index);
        }
    }

    /// <summary>True when the elements are laid out densely in row-major order.</summary>
    public bool IsContiguous
    {
        get
        {
            Ok(NativeMethods.ee_tensor_is_contiguous(Handle, out var yes));
            return yes != 0;
        }
    }

    /// <summary>True when a 4-D tensor is laid out channels-last (NHWC in memory).</summary>
    public bool IsChannelsLast
    {
        get
        {
            Ok(NativeMethods.ee_tensor_is_channels_last(Handle, out var yes));
            return yes != 0;
        }
    }

    /// <summary>True when both handles refer to the same tensor object (not just equal values).</summary>
    public bool IsSameAs(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Ok(NativeMethods.ee_tensor_same(Handle, other.Handle, out var yes));
        GC.KeepAlive(other);
        return yes != 0;
    }

    /// <summary>A second handle to the same tensor, with its own lifetime (useful to keep a tensor beyond a scope
    /// that owns the original).</summary>
    public Tensor Alias()
    {
        Ok(NativeMethods.ee_tensor_alias(Handle, out var h));
        return new Tensor(h);
    }

    /// <summary>libtorch's printout of the values.</summary>
    public override string ToString()
    {
        if (IsDisposed) return "Tensor(disposed)";
        Ok(NativeMethods.ee_tensor_to_string(Handle, out var text));
        return Check.Text(text);
    }
}
