using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using EarthEmbed.Notebooks.Execution;
using EarthEmbed.Notebooks.Kernel.Execution;
using EarthEmbed.Notebooks.Kernel.Protocol;
using EarthEmbed.Notebooks.Kernel.Zmq;

namespace EarthEmbed.Notebooks.Kernel;

/// <summary>The socket a message travels on.</summary>
internal enum Channel
{
    Shell,
    Control,
    Stdin,
    IOPub,
}

/// <summary>The EarthEmbed Jupyter kernel: binds the five sockets of a connection file and answers the messaging
/// protocol (5.3) until a shutdown_request. One I/O thread owns the shell, control and stdin sockets and iopub (libzmq
/// sockets are single-threaded); cells run on a worker thread (<see cref="ExecuteQueue"/>), so an interrupt on the
/// control socket is read while a cell runs; the heartbeat echoes on its own thread. Other threads hand outgoing
/// messages to the I/O thread through a queue and an inproc wake-up socket.</summary>
public sealed class JupyterKernel
{
    private readonly ConnectionInfo _connection;
    private readonly MessageSigner _signer;
    private readonly ConcurrentQueue<(Channel Channel, JupyterMessage Message)> _outgoing = new();
    private readonly object _wakeGate = new();
    private readonly KernelRequests _requests;
    private ZmqSocket? _wake;
    private int _wakePending;
    private volatile bool _stopping;

    /// <summary>A kernel for <paramref name="connection"/>, running cells with <paramref name="workingDirectory"/> as
    /// the base of relative <c>#r</c> paths (Jupyter starts kernels in the notebook's folder).</summary>
    public JupyterKernel(ConnectionInfo connection, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _signer = new MessageSigner(connection.Key);
        Session = Guid.NewGuid().ToString("N");
        Cells = new ScriptSession(workingDirectory);
        Queue = new ExecuteQueue(this, Cells);
        _requests = new KernelRequests(this);
        Input = new StdinReader(this);
    }

    /// <summary>This kernel's session id (header.session of every message it sends).</summary>
    public string Session { get; }

    internal ScriptSession Cells { get; }

    internal ExecuteQueue Queue { get; }

    /// <summary>Console.In: Console.ReadLine() in a cell asks the client (input_request).</summary>
    internal StdinReader Input { get; }

    /// <summary>Where the kernel logs (dropped messages, unknown requests): the process's real standard error.</summary>
    internal static TextWriter Log => ConsoleRouter.RealError;

    /// <summary>Runs until a shutdown_request arrives; returns the process exit code (0).</summary>
    /// <exception cref="ZmqException">A socket cannot bind (port taken); the message names the endpoint.</exception>
    public int Run()
    {
        ConsoleRouter.Install();
        Console.SetIn(Input);
        using var context = new ZmqContext();
        using var shell = Bound(context, ZmqNative.Router, _connection.ShellPort);
        using var control = Bound(context, ZmqNative.Router, _connection.ControlPort);
        using var stdin = Bound(context, ZmqNative.Router, _connection.StdinPort);
        using var iopub = Bound(context, ZmqNative.Pub, _connection.IopubPort);
        var heartbeat = Bound(context, ZmqNative.Rep, _connection.HeartbeatPort);
        using var wakeReceiver = context.Socket(ZmqNative.Pull);
        var wakeAddress = $"inproc://earthembed-wake-{Session}";
        wakeReceiver.Bind(wakeAddress);
        _wake = context.Socket(ZmqNative.Push);
        _wake.Connect(wakeAddress);
        var beat = new Thread(() => Echo(heartbeat)) { IsBackground = true, Name = "earthembed-heartbeat" };
        beat.Start();
        Queue.Start();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c =>
        {
            c.Cancel = true;
            Queue.Interrupt();
        });
        Publish("status", new JsonObject { ["execution_state"] = "starting" }, null);
        Log.WriteLine($"earthembed kernel: listening on {_connection.Endpoint(_connection.ShellPort)} (shell), session {Session}");

        var polled = new[] { control, shell, stdin, wakeReceiver };
        var channels = new[] { Channel.Control, Channel.Shell, Channel.Stdin };
        while (true)
        {
            Flush(shell, control, stdin, iopub);
            if (_stopping && _outgoing.IsEmpty) break;
            var ready = ZmqSocket.Poll(polled, -1);
            for (var i = 0; i < channels.Length; i++)
            {
                if (!ready[i]) continue;
                while (polled[i].ReceiveMultipart(wait: false) is { } frames) Receive(channels[i], frames);
            }
            if (ready[3]) while (wakeReceiver.ReceiveMultipart(wait: false) != null) { }
        }
        lock (_wakeGate)
        {
            _wake.Dispose();
            _wake = null;
        }
        context.Shutdown();
        beat.Join(TimeSpan.FromSeconds(2));
        Log.WriteLine("earthembed kernel: shut down");
        return 0;
    }

    /// <summary>Queues <paramref name="message"/> for <paramref name="channel"/> (any thread).</summary>
    internal void Send(Channel channel, JupyterMessage message)
    {
        _outgoing.Enqueue((channel, message));
        if (Interlocked.Exchange(ref _wakePending, 1) == 1) return;
        lock (_wakeGate) _wake?.SendMultipart([[]]);
    }

    /// <summary>Publishes a message of <paramref name="type"/> on iopub, its topic <c>kernel.SESSION.TYPE</c>.</summary>
    internal void Publish(string type, JsonObject content, JupyterMessage? parent) =>
        Send(Channel.IOPub, JupyterMessage.Create(type, content, Session, parent, [System.Text.Encoding.UTF8.GetBytes($"kernel.{Session}.{type}")]));

    /// <summary>Replies to <paramref name="request"/> on the channel it came from.</summary>
    internal void Reply(Channel channel, JupyterMessage request, string type, JsonObject content) =>
        Send(channel, JupyterMessage.Create(type, content, Session, request));

    /// <summary>Status busy or idle on iopub for <paramref name="parent"/>.</summary>
    internal void Status(string state, JupyterMessage parent) => Publish("status", new JsonObject { ["execution_state"] = state }, parent);

    /// <summary>Ends the I/O loop once what is queued has been sent.</summary>
    internal void Stop() => _stopping = true;

    private void Receive(Channel channel, List<byte[]> frames)
    {
        JupyterMessage message;
        try
        {
            message = WireFormat.Decode(frames, _signer);
        }
        catch (KernelException e)
        {
            Log.WriteLine($"earthembed kernel: dropped a message on {channel.ToString().ToLowerInvariant()}: {e.Message}");
            return;
        }
        _requests.Handle(channel, message);
    }

    private void Flush(ZmqSocket shell, ZmqSocket control, ZmqSocket stdin, ZmqSocket iopub)
    {
        Volatile.Write(ref _wakePending, 0);
        while (_outgoing.TryDequeue(out var item))
        {
            var socket = item.Channel switch
            {
                Channel.Shell => shell,
                Channel.Control => control,
                Channel.Stdin => stdin,
                _ => iopub,
            };
            socket.SendMultipart(WireFormat.Encode(item.Message, _signer));
        }
    }

    private ZmqSocket Bound(ZmqContext context, int type, int port)
    {
        var socket = context.Socket(type);
        if (type == ZmqNative.Router) socket.SetOption(ZmqNative.OptionRouterHandover, 1);
        socket.Bind(_connection.Endpoint(port));
        return socket;
    }

    /// <summary>The heartbeat: echoes every message until the context shuts down.</summary>
    private static void Echo(ZmqSocket heartbeat)
    {
        using (heartbeat)
        {
            try
            {
                while (heartbeat.ReceiveMultipart() is { } frames) heartbeat.SendMultipart(frames);
            }
            catch (ZmqException e) when (e.Terminated)
            {
                // Shutting down.
            }
        }
    }
}
