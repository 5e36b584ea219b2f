using System.Runtime.InteropServices;

namespace EarthEmbed.Torch.Native;

/// <summary>The C ABI of the native shim (src/EarthEmbed.Torch/native). Every function returns 0 or -1;
/// callers wrap each call in <see cref="Check.Ok"/>, which turns -1 into a <see cref="TorchException"/>.</summary>
internal static unsafe partial class NativeMethods
{
    internal const string Lib = "earthembed_torch";

    static NativeMethods() => NativeLoader.EnsureRegistered();

    [LibraryImport(Lib)] internal static partial IntPtr ee_last_error();

    // runtime.cpp
    [LibraryImport(Lib)] internal static partial IntPtr ee_runtime_version();
    [LibraryImport(Lib)] internal static partial int ee_runtime_config(out IntPtr text);
    [LibraryImport(Lib)] internal static partial int ee_runtime_set_num_threads(int n);
    [LibraryImport(Lib)] internal static partial int ee_runtime_get_num_threads(out int n);
    [LibraryImport(Lib)] internal static partial int ee_runtime_set_num_interop_threads(int n);
    [LibraryImport(Lib)] internal static partial int ee_runtime_manual_seed(long seed);
    [LibraryImport(Lib)] internal static partial int ee_runtime_cuda_device_count(out int n);
    [LibraryImport(Lib)] internal static partial int ee_runtime_cudnn_available(out int yes);
    [LibraryImport(Lib)] internal static partial int ee_runtime_set_autocast_cpu(int enabled, int dtype);
    [LibraryImport(Lib)] internal static partial int ee_runtime_set_autocast_cuda(int enabled, int dtype);
    [LibraryImport(Lib)] internal static partial int ee_runtime_autocast_cpu_enabled(out int yes);

    // tensor.cpp
    [LibraryImport(Lib)] internal static partial int ee_tensor_free(IntPtr t);
    [LibraryImport(Lib)] internal static partial int ee_tensor_alias(IntPtr t, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int ee_tensor_empty(long* shape, int ndim, int dtype, int deviceType, int deviceIndex, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int ee_tensor_from_data(void* data, long nbytes, long* shape, int ndim, int dtype, int deviceType, int deviceIndex, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int ee_tensor_copy_to(IntPtr t, void* data, long nbytes);
    [LibraryImport(Lib)] internal static partial int ee_tensor_copy_from(IntPtr t, void* data, long nbytes);
    [LibraryImport(Lib)] internal static partial int ee_tensor_data_ptr(IntPtr t, out IntPtr data);
    [LibraryImport(Lib)] internal static partial int ee_tensor_dim(IntPtr t, out int dim);
    [LibraryImport(Lib)] internal static partial int ee_tensor_sizes(IntPtr t, long* sizes);
    [LibraryImport(Lib)] internal static partial int ee_tensor_strides(IntPtr t, long* strides);
    [LibraryImport(Lib)] internal static partial int ee_tensor_numel(IntPtr t, out long numel);
    [LibraryImport(Lib)] internal static partial int ee_tensor_dtype(IntPtr t, out int dtype);
    [LibraryImport(Lib)] internal static partial int ee_tensor_device(IntPtr t, out int type, out int index);
    [LibraryImport(Lib)] internal static partial int ee_tensor_is_contiguous(IntPtr t, out int yes);
    [LibraryImport(Lib)] internal static partial int ee_tensor_is_channels_last(IntPtr t, out int yes);
    [LibraryImport(Lib)] internal static partial int ee_tensor_same(IntPtr a, IntPtr b, out int yes);
    [LibraryImport(Lib)] internal static partial int ee_tensor_item_double(IntPtr t, out double value);
    [LibraryImport(Lib)] internal static partial int ee_tensor_item_int64(IntPtr t, out long value);
    [LibraryImport(Lib)] internal static partial int ee_tensor_to_string(IntPtr t, out IntPtr text);
    [LibraryImport(Lib)] internal static partial int ee_tensor_set_data(IntPtr t, IntPtr source);

    // autograd.cpp
    [LibraryImport(Lib)] internal static partial int ee_autograd_requires_grad(IntPtr t, out int yes);
    [LibraryImport(Lib)] internal static partial int ee_autograd_set_requires_grad(IntPtr t, int value);
    [LibraryImport(Lib)] internal static partial int ee_autograd_is_leaf(IntPtr t, out int yes);
    [LibraryImport(Lib)] internal static partial int ee_autograd_retain_grad(IntPtr t);
    [LibraryImport(Lib)] internal static partial int ee_autograd_grad_of(IntPtr t, out IntPtr grad);
    [LibraryImport(Lib)] internal static partial int ee_autograd_set_grad(IntPtr t, IntPtr grad);
    [LibraryImport(Lib)] internal static partial int ee_autograd_backward(IntPtr t, IntPtr gradient, int retainGraph, int createGraph);
    [LibraryImport(Lib)] internal static partial int ee_autograd_grad(IntPtr* outputs, int nOutputs, IntPtr* inputs, int nInputs, IntPtr* gradOutputs, int retainGraph, int createGraph, int allowUnused, IntPtr* result);
    [LibraryImport(Lib)] internal static partial int ee_autograd_grad_enabled(out int yes);
    [LibraryImport(Lib)] internal static partial int ee_autograd_set_grad_enabled(int enabled);

    // ops.cpp
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int ee_op_find(string name, string overload, out int op);
    [LibraryImport(Lib)] internal static partial int ee_op_schema(int op, out IntPtr text);
    [LibraryImport(Lib)] internal static partial int ee_op_call(int op, EeValue* args, int nArgs, EeValue* outs, int capacity, out int nOut);
    [LibraryImport(Lib)] internal static partial int ee_op_take_pending(EeValue* outs, int count);
}

/// <summary>One argument or result cell of a generic operator call; layout matches ee_value in shim.h.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct EeValue
{
    public ValueKind Kind;
    public int Flags;
    public long I;
    public double D;
    public IntPtr P;
    public long Len;
}

/// <summary>Kinds of <see cref="EeValue"/>; values match EE_KIND_* in shim.h.</summary>
internal enum ValueKind
{
    None = 0,
    Default = 1,
    Tensor = 2,
    Int = 3,
    Double = 4,
    Bool = 5,
    IntList = 6,
    DoubleList = 7,
    TensorList = 8,
    String = 9,
    Device = 10,
}
