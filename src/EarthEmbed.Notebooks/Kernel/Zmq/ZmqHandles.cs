using System.Runtime.InteropServices;

namespace EarthEmbed.Notebooks.Kernel.Zmq;

/// <summary>A libzmq context (zmq_ctx_new). Releasing it terminates the context (zmq_ctx_term), which waits for
/// its sockets to close; every socket holds a reference to its context, so the context outlives them.</summary>
public sealed class ZmqContext : SafeHandle
{
    /// <summary>Creates a context.</summary>
    /// <exception cref="ZmqException">libzmq could not create one.</exception>
    public ZmqContext() : base(IntPtr.Zero, ownsHandle: true)
    {
        var handle = ZmqNative.CtxNew();
        if (handle == IntPtr.Zero) throw new ZmqException("zmq_ctx_new", ZmqNative.Errno());
        SetHandle(handle);
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Makes every blocking call on the context's sockets (in any thread) return with ETERM, so the threads
    /// that own them can close them and end.</summary>
    public void Shutdown()
    {
        if (!IsClosed) _ = ZmqNative.CtxShutdown(handle);
    }

    /// <summary>Opens a socket of libzmq type <paramref name="type"/> (ZMQ_ROUTER ...), with linger 0 so closing never
    /// waits for unsent messages.</summary>
    public ZmqSocket Socket(int type) => new(this, type);

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        int rc;
        do rc = ZmqNative.CtxTerm(handle);
        while (rc != 0 && ZmqNative.Errno() == ZmqNative.ErrorInterrupted);
        return rc == 0;
    }
}

/// <summary>A libzmq socket. Not thread-safe (libzmq's rule): one thread uses it at a time. Releasing it closes it
/// (zmq_close) and lets go of its context.</summary>
public sealed unsafe class ZmqSocket : SafeHandle
{
    private readonly ZmqContext _context;

    internal ZmqSocket(ZmqContext context, int type) : base(IntPtr.Zero, ownsHandle: true)
    {
        _context = context;
        var added = false;
        context.DangerousAddRef(ref added);
        var socket = ZmqNative.Socket(context.DangerousGetHandle(), type);
        if (socket == IntPtr.Zero)
        {
            var error = ZmqNative.Errno();
            context.DangerousRelease();
            throw new ZmqException($"zmq_socket(type {type})", error);
        }
        SetHandle(socket);
        SetOption(ZmqNative.OptionLinger, 0);
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Binds to <paramref name="endpoint"/> (tcp://127.0.0.1:5555, ipc://path, inproc://name).</summary>
    /// <exception cref="ZmqException">The address is taken or malformed; the message names it.</exception>
    public void Bind(string endpoint)
    {
        if (ZmqNative.Bind(handle, endpoint) != 0) throw new ZmqException($"zmq_bind({endpoint})", ZmqNative.Errno());
    }

    /// <summary>Connects to <paramref name="endpoint"/>.</summary>
    public void Connect(string endpoint)
    {
        if (ZmqNative.Connect(handle, endpoint) != 0) throw new ZmqException($"zmq_connect({endpoint})", ZmqNative.Errno());
    }

    /// <summary>Sets an integer socket option (ZMQ_LINGER ...).</summary>
    public void SetOption(int option, int value)
    {
        if (ZmqNative.SetSocketOption(handle, option, &value, sizeof(int)) != 0)
            throw new ZmqException($"zmq_setsockopt(option {option}, {value})", ZmqNative.Errno());
    }

    /// <summary>Sets a binary socket option (ZMQ_SUBSCRIBE, ZMQ_ROUTING_ID).</summary>
    public void SetOption(int option, ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value)
        {
            if (ZmqNative.SetSocketOption(handle, option, p, (nuint)value.Length) != 0)
                throw new ZmqException($"zmq_setsockopt(option {option}, {value.Length} bytes)", ZmqNative.Errno());
        }
    }

    /// <summary>Sends the frames as one multipart message (blocking while the peer's queue is full).</summary>
    public void SendMultipart(IReadOnlyList<byte[]> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        for (var i = 0; i < frames.Count; i++)
        {
            var flags = i < frames.Count - 1 ? ZmqNative.SendMore : 0;
            fixed (byte* p = frames[i])
            {
                while (ZmqNative.Send(handle, p, (nuint)frames[i].Length, flags) < 0)
                {
                    var error = ZmqNative.Errno();
                    if (error != ZmqNative.ErrorInterrupted) throw new ZmqException($"zmq_send(frame {i + 1} of {frames.Count})", error);
                }
            }
        }
    }

    /// <summary>Receives one multipart message; null when <paramref name="wait"/> is false and none is queued.</summary>
    /// <exception cref="ZmqException">The socket failed, or its context was shut down (<see cref="ZmqException.Terminated"/>).</exception>
    public List<byte[]>? ReceiveMultipart(bool wait = true)
    {
        var frames = new List<byte[]>();
        ZmqNative.Message message;
        while (true)
        {
            _ = ZmqNative.MessageInit(&message);
            try
            {
                var flags = wait || frames.Count > 0 ? 0 : ZmqNative.DontWait;
                if (ZmqNative.MessageReceive(&message, handle, flags) < 0)
                {
                    var error = ZmqNative.Errno();
                    if (error == ZmqNative.ErrorInterrupted) continue;
                    if (error == ZmqNative.ErrorAgain && frames.Count == 0) return null;
                    throw new ZmqException("zmq_msg_recv", error);
                }
                frames.Add(new ReadOnlySpan<byte>(ZmqNative.MessageData(&message), checked((int)ZmqNative.MessageSize(&message))).ToArray());
                if (ZmqNative.MessageMore(&message) == 0) return frames;
            }
            finally
            {
                _ = ZmqNative.MessageClose(&message);
            }
        }
    }

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> (-1: forever) until one of
    /// <paramref name="sockets"/> has a message; returns which ones do.</summary>
    public static bool[] Poll(IReadOnlyList<ZmqSocket> sockets, int timeoutMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        var items = stackalloc ZmqNative.PollItem[sockets.Count];
        for (var i = 0; i < sockets.Count; i++)
            items[i] = new ZmqNative.PollItem { Socket = sockets[i].DangerousGetHandle(), Events = ZmqNative.PollIn };
        if (ZmqNative.Poll(items, sockets.Count, timeoutMilliseconds) < 0)
        {
            var error = ZmqNative.Errno();
            if (error == ZmqNative.ErrorInterrupted) return new bool[sockets.Count];
            throw new ZmqException("zmq_poll", error);
        }
        var ready = new bool[sockets.Count];
        for (var i = 0; i < sockets.Count; i++) ready[i] = (items[i].ReturnedEvents & ZmqNative.PollIn) != 0;
        return ready;
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        var ok = ZmqNative.Close(handle) == 0;
        _context.DangerousRelease();
        return ok;
    }
}
