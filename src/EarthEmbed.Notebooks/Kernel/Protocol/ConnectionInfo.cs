using System.Globalization;
using System.Text.Json.Nodes;

namespace EarthEmbed.Notebooks.Kernel.Protocol;

/// <summary>A Jupyter connection file: where the five sockets bind and how messages are signed. Jupyter writes it
/// before starting the kernel and passes its path as <c>{connection_file}</c>.</summary>
public sealed record ConnectionInfo
{
    /// <summary>"tcp" or "ipc".</summary>
    public string Transport { get; init; } = "tcp";

    /// <summary>The address to bind (an IP for tcp, a path prefix for ipc).</summary>
    public string Ip { get; init; } = "127.0.0.1";

    /// <summary>Shell (ROUTER) port.</summary>
    public int ShellPort { get; init; }

    /// <summary>IOPub (PUB) port.</summary>
    public int IopubPort { get; init; }

    /// <summary>Stdin (ROUTER) port.</summary>
    public int StdinPort { get; init; }

    /// <summary>Control (ROUTER) port.</summary>
    public int ControlPort { get; init; }

    /// <summary>Heartbeat (REP) port.</summary>
    public int HeartbeatPort { get; init; }

    /// <summary>The HMAC key (UTF-8 bytes of the file's "key"); empty: messages are not signed.</summary>
    public string Key { get; init; } = string.Empty;

    /// <summary>"hmac-sha256" (the only scheme supported).</summary>
    public string SignatureScheme { get; init; } = "hmac-sha256";

    /// <summary>Reads a connection file.</summary>
    /// <exception cref="KernelException">The file is missing, not JSON, lacks a port, or names a signature scheme
    /// other than hmac-sha256.</exception>
    public static ConnectionInfo Load(string path)
    {
        if (!File.Exists(path)) throw new KernelException($"{path}: no such connection file");
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new KernelException($"{path}: expected a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new KernelException($"{path}: not a connection file: {e.Message}", e);
        }
        return Parse(root, path);
    }

    /// <summary>Reads an already parsed connection file.</summary>
    public static ConnectionInfo Parse(JsonObject root, string path = "connection file")
    {
        ArgumentNullException.ThrowIfNull(root);
        int Port(string name) => root[name] is JsonValue v && v.TryGetValue<int>(out var port) && port > 0
            ? port
            : throw new KernelException($"{path}: \"{name}\" must be a port number, got {root[name]?.ToJsonString() ?? "nothing"}");
        var scheme = root["signature_scheme"]?.GetValue<string>() ?? "hmac-sha256";
        if (!string.Equals(scheme, "hmac-sha256", StringComparison.Ordinal))
            throw new KernelException($"{path}: signature_scheme \"{scheme}\" is not supported; expected hmac-sha256");
        var transport = root["transport"]?.GetValue<string>() ?? "tcp";
        if (transport is not ("tcp" or "ipc")) throw new KernelException($"{path}: transport \"{transport}\" is not supported; expected tcp or ipc");
        return new ConnectionInfo
        {
            Transport = transport,
            Ip = root["ip"]?.GetValue<string>() ?? "127.0.0.1",
            ShellPort = Port("shell_port"),
            IopubPort = Port("iopub_port"),
            StdinPort = Port("stdin_port"),
            ControlPort = Port("control_port"),
            HeartbeatPort = Port("hb_port"),
            Key = root["key"]?.GetValue<string>() ?? string.Empty,
            SignatureScheme = scheme,
        };
    }

    /// <summary>The endpoint of a port: tcp://IP:PORT, or ipc://IP-PORT (jupyter_client's ipc naming).</summary>
    public string Endpoint(int port) => Transport == "ipc"
        ? string.Create(CultureInfo.InvariantCulture, $"ipc://{Ip}-{port}")
        : string.Create(CultureInfo.InvariantCulture, $"tcp://{Ip}:{port}");
}

/// <summary>The kernel cannot start or a message is unusable; the message says which file or field and why.</summary>
public sealed class KernelException : Exception
{
    /// <summary>An empty exception.</summary>
    public KernelException()
    {
    }

    /// <summary>An exception with a message.</summary>
    public KernelException(string message) : base(message)
    {
    }

    /// <summary>An exception with a message and a cause.</summary>
    public KernelException(string message, Exception inner) : base(message, inner)
    {
    }
}
