using System.Runtime.InteropServices;
using System.Text;

namespace EarthEmbed.Torch.Native;

/// <summary>An ATen operator looked up by schema name (for example "aten::add.Tensor", or "aten::conv2d" for the
/// default overload) and called through libtorch's dispatcher, so autograd and autocast apply as in PyTorch.
/// Arguments are positional in schema order, keyword-only ones included; missing trailing arguments and
/// <see cref="Arg.Default"/> take the schema's defaults.</summary>
internal sealed unsafe class Op
{
    private const int DirectResults = 8;
    private const int ArenaBytes = 64 * 1024;

    [ThreadStatic] private static byte* arena;

    private readonly string name;
    private readonly string overload;
    private int id = -1;

    internal Op(string qualifiedName)
    {
        var sep = qualifiedName.IndexOf("::", StringComparison.Ordinal);
        var dot = qualifiedName.IndexOf('.', sep < 0 ? 0 : sep + 2);
        name = dot < 0 ? qualifiedName : qualifiedName[..dot];
        overload = dot < 0 ? string.Empty : qualifiedName[(dot + 1)..];
    }

    /// <summary>The dispatcher id, looked up on first use.</summary>
    internal int Id
    {
        get
        {
            var v = id;
            if (v >= 0) return v;
            Check.Ok(NativeMethods.ee_op_find(name, overload, out v));
            id = v;
            return v;
        }
    }

    /// <summary>The operator's schema, as libtorch prints it.</summary>
    internal string Schema
    {
        get
        {
            Check.Ok(NativeMethods.ee_op_schema(Id, out var text));
            return Check.Text(text);
        }
    }

    /// <summary>Calls an operator that returns one tensor.</summary>
    internal Tensor Tensor(params ReadOnlySpan<Arg> args)
    {
        EeValue* outs = stackalloc EeValue[DirectResults];
        var n = Invoke(args, outs, DirectResults);
        if (n != 1 || outs[0].Kind != ValueKind.Tensor)
        {
            Release(outs, Math.Min(n, DirectResults));
            throw new TorchException($"{name}: expected one tensor result, got {n}");
        }
        return new Tensor(outs[0].P);
    }

    /// <summary>Calls an operator that returns several tensors (a tuple or a list); None results are null.</summary>
    internal Tensor?[] Tensors(params ReadOnlySpan<Arg> args)
    {
        EeValue* outs = stackalloc EeValue[DirectResults];
        var n = Invoke(args, outs, DirectResults);
        var all = n <= DirectResults ? outs : TakeAll(outs, n);
        try
        {
            var result = new Tensor?[n];
            for (var k = 0; k < n; k++)
                result[k] = all[k].Kind == ValueKind.Tensor ? new Tensor(all[k].P)
                    : all[k].Kind == ValueKind.None ? null
                    : throw new TorchException($"{name}: result {k} is not a tensor");
            return result;
        }
        finally
        {
            if (all != outs) NativeMemory.Free(all);
        }
    }

    /// <summary>Calls an operator for its side effect (in-place ops); results are dropped without allocating.</summary>
    internal void InPlace(params ReadOnlySpan<Arg> args) => Invoke(args, null, 0);

    /// <summary>Calls an operator that returns a number (int, float or bool).</summary>
    internal double Number(params ReadOnlySpan<Arg> args)
    {
        EeValue* outs = stackalloc EeValue[DirectResults];
        var n = Invoke(args, outs, DirectResults);
        if (n == 1 && outs[0].Kind == ValueKind.Double) return outs[0].D;
        if (n == 1 && outs[0].Kind is ValueKind.Int or ValueKind.Bool) return outs[0].I;
        Release(outs, Math.Min(n, DirectResults));
        throw new TorchException($"{name}: expected one number result, got {n}");
    }

    private int Invoke(ReadOnlySpan<Arg> args, EeValue* outs, int capacity)
    {
        EeValue* cells = stackalloc EeValue[args.Length];
        var needed = 0;
        foreach (var a in args) needed += ListBytes(a);
        if (arena == null) arena = (byte*)NativeMemory.Alloc(ArenaBytes);
        var scratch = needed <= ArenaBytes ? arena : (byte*)NativeMemory.Alloc((nuint)needed);
        try
        {
            var cursor = scratch;
            for (var k = 0; k < args.Length; k++) cells[k] = Encode(args[k], ref cursor);
            Check.Ok(NativeMethods.ee_op_call(Id, cells, args.Length, outs, capacity, out var n));
            return n;
        }
        finally
        {
            if (scratch != arena) NativeMemory.Free(scratch);
            foreach (var a in args) GC.KeepAlive(a.Ref);  // a temporary argument must outlive the native call
        }
    }

    private static int ListBytes(in Arg a) => a.Ref switch
    {
        long[] l => l.Length * 8,
        double[] d => d.Length * 8,
        Tensor?[] t => t.Length * IntPtr.Size,
        string s => Encoding.UTF8.GetMaxByteCount(s.Length) + 1,
        _ => 0,
    };

    private static EeValue Encode(in Arg a, ref byte* cursor)
    {
        var v = new EeValue { Kind = a.Kind, I = a.I, D = a.D };
        switch (a.Ref)
        {
            case Tensor t:
                v.P = t.Handle;
                break;
            case long[] l:
                v.P = (IntPtr)cursor;
                v.Len = l.Length;
                l.AsSpan().CopyTo(new Span<long>(cursor, l.Length));
                cursor += l.Length * 8;
                break;
            case double[] d:
                v.P = (IntPtr)cursor;
                v.Len = d.Length;
                d.AsSpan().CopyTo(new Span<double>(cursor, d.Length));
                cursor += d.Length * 8;
                break;
            case Tensor?[] ts:
                v.P = (IntPtr)cursor;
                v.Len = ts.Length;
                var ptrs = (IntPtr*)cursor;
                for (var k = 0; k < ts.Length; k++) ptrs[k] = ts[k]?.Handle ?? IntPtr.Zero;
                cursor += ts.Length * IntPtr.Size;
                break;
            case string s:
                v.P = (IntPtr)cursor;
                var written = Encoding.UTF8.GetBytes(s, new Span<byte>(cursor, Encoding.UTF8.GetMaxByteCount(s.Length)));
                cursor[written] = 0;
                cursor += written + 1;
                break;
        }
        if (a.Kind == ValueKind.Device) v.Len = (long)a.D;
        return v;
    }

    private static EeValue* TakeAll(EeValue* direct, int n)
    {
        var all = (EeValue*)NativeMemory.Alloc((nuint)(n * sizeof(EeValue)));
        new Span<EeValue>(direct, DirectResults).CopyTo(new Span<EeValue>(all, n));
        Check.Ok(NativeMethods.ee_op_take_pending(all + DirectResults, n - DirectResults));
        return all;
    }

    private static void Release(EeValue* outs, int n)
    {
        for (var k = 0; k < n; k++)
            if (outs[k].Kind == ValueKind.Tensor) _ = NativeMethods.ee_tensor_free(outs[k].P);
    }
}
