using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EarthEmbed.Notebooks.Kernel.Protocol;

namespace EarthEmbed.Notebooks.Kernel;

/// <summary>Console.In while the kernel runs: <c>Console.ReadLine()</c> in a cell sends an input_request on the stdin
/// socket to the client that sent the execute_request and returns the value of its input_reply (the protocol's way
/// to ask the user). Refused when the client said allow_stdin false (nbclient, most headless clients); an interrupt
/// ends the wait. Reading outside a cell returns null (end of input).</summary>
internal sealed class StdinReader(JupyterKernel kernel) : TextReader
{
    private readonly BlockingCollection<string> _replies = [];
    private JupyterMessage? _request;
    private bool _allowed;
    private CancellationToken _token;

    /// <summary>The execute_request whose cell is running now (null: none).</summary>
    internal void Begin(JupyterMessage request, bool allowStdin, CancellationToken token)
    {
        while (_replies.TryTake(out _)) { }
        _request = request;
        _allowed = allowStdin;
        _token = token;
    }

    internal void End() => _request = null;

    /// <summary>An input_reply arrived on the stdin socket (I/O thread).</summary>
    internal void Reply(JupyterMessage reply) => _replies.Add(reply.Content["value"]?.GetValue<string>() ?? string.Empty);

    public override string? ReadLine() => Ask(string.Empty, password: false);

    public override int Read() => throw new NotSupportedException("the kernel reads whole lines only: use Console.ReadLine()");

    public override string ReadToEnd() => throw new NotSupportedException("the kernel reads whole lines only: use Console.ReadLine()");

    /// <summary>Sends input_request with <paramref name="prompt"/> and waits for the answer.</summary>
    /// <exception cref="InvalidOperationException">The client does not accept input requests.</exception>
    /// <exception cref="OperationCanceledException">The cell was interrupted while waiting.</exception>
    internal string? Ask(string prompt, bool password)
    {
        var request = _request;
        if (request == null) return null;
        if (!_allowed)
        {
            throw new InvalidOperationException(
                "Console.ReadLine(): this client does not accept input requests (allow_stdin is false, as in nbclient and headless runs); " +
                "put the value in a variable or a parameters cell instead");
        }
        Console.Out.Flush();
        kernel.Send(Channel.Stdin, JupyterMessage.Create("input_request", new JsonObject { ["prompt"] = prompt, ["password"] = password }, kernel.Session, request));
        return _replies.Take(_token);
    }
}
