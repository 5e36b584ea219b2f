using System.Runtime.InteropServices;

namespace EarthEmbed.Notebooks.Kernel.Zmq;

/// <summary>The few libzmq (Debian's libzmq5, C API 4.x) functions the kernel uses, bound with LibraryImport.
/// Constants are those of zmq.h.</summary>
internal static unsafe partial class ZmqNative
{
    private const string Library = "libzmq.so.5";

    internal const int Pair = 0, Pub = 1, Sub = 2, Req = 3, Rep = 4, Dealer = 5, Router = 6, Pull = 7, Push = 8;
    internal const int OptionRoutingId = 5, OptionSubscribe = 6, OptionLinger = 17, OptionRouterHandover = 56;
    internal const int DontWait = 1, SendMore = 2;
    internal const short PollIn = 1;
    internal const int ErrorAgain = 11, ErrorInterrupted = 4;

    /// <summary>ETERM: the context was shut down (ZMQ_HAUSNUMERO + 53).</summary>
    internal const int ErrorTerminated = 156384712 + 53;

    /// <summary>zmq_msg_t: 64 opaque bytes, pointer-aligned.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 64)]
    internal struct Message
    {
        private readonly long _first;
    }

    /// <summary>zmq_pollitem_t on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PollItem
    {
        internal nint Socket;
        internal int FileDescriptor;
        internal short Events;
        internal short ReturnedEvents;
    }

    [LibraryImport(Library, EntryPoint = "zmq_ctx_new")]
    internal static partial nint CtxNew();

    [LibraryImport(Library, EntryPoint = "zmq_ctx_shutdown")]
    internal static partial int CtxShutdown(nint context);

    [LibraryImport(Library, EntryPoint = "zmq_ctx_term")]
    internal static partial int CtxTerm(nint context);

    [LibraryImport(Library, EntryPoint = "zmq_socket")]
    internal static partial nint Socket(nint context, int type);

    [LibraryImport(Library, EntryPoint = "zmq_close")]
    internal static partial int Close(nint socket);

    [LibraryImport(Library, EntryPoint = "zmq_bind", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Bind(nint socket, string endpoint);

    [LibraryImport(Library, EntryPoint = "zmq_connect", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Connect(nint socket, string endpoint);

    [LibraryImport(Library, EntryPoint = "zmq_setsockopt")]
    internal static partial int SetSocketOption(nint socket, int option, void* value, nuint length);

    [LibraryImport(Library, EntryPoint = "zmq_send")]
    internal static partial int Send(nint socket, byte* buffer, nuint length, int flags);

    [LibraryImport(Library, EntryPoint = "zmq_msg_init")]
    internal static partial int MessageInit(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_recv")]
    internal static partial int MessageReceive(Message* message, nint socket, int flags);

    [LibraryImport(Library, EntryPoint = "zmq_msg_data")]
    internal static partial byte* MessageData(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_size")]
    internal static partial nuint MessageSize(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_more")]
    internal static partial int MessageMore(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_close")]
    internal static partial int MessageClose(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_poll")]
    internal static partial int Poll(PollItem* items, int count, long timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "zmq_errno")]
    internal static partial int Errno();

    [LibraryImport(Library, EntryPoint = "zmq_strerror")]
    internal static partial nint StrError(int error);

    /// <summary>libzmq's text for an error number.</summary>
    internal static string Describe(int error) => Marshal.PtrToStringUTF8(StrError(error)) ?? $"error {error}";
}

/// <summary>A libzmq call failed; the message names the call, what it was given and libzmq's own words
/// (zmq_strerror).</summary>
public sealed class ZmqException : Exception
{
    /// <summary>Creates the exception for <paramref name="what"/> failing with libzmq error <paramref name="error"/>.</summary>
    public ZmqException(string what, int error)
        : base($"{what}: {ZmqNative.Describe(error)} (zmq errno {error})") => Error = error;

    /// <summary>An empty exception (for serializers and analyzers).</summary>
    public ZmqException() : base("libzmq call failed")
    {
    }

    /// <summary>An exception with a message of the caller's.</summary>
    public ZmqException(string message) : base(message)
    {
    }

    /// <summary>An exception with a message and a cause.</summary>
    public ZmqException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>libzmq's errno (zmq_errno()) for the failed call.</summary>
    public int Error { get; }

    /// <summary>Whether the context was shut down under the call (the socket's owner is closing).</summary>
    public bool Terminated => Error == ZmqNative.ErrorTerminated;
}
