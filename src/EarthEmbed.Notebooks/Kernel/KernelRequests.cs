using System.Reflection;
using System.Text.Json.Nodes;
using EarthEmbed.Notebooks.Kernel.Assistance;
using EarthEmbed.Notebooks.Kernel.Protocol;
using Microsoft.CodeAnalysis.CSharp;

namespace EarthEmbed.Notebooks.Kernel;

/// <summary>Answers the requests that do not run code, on the I/O thread (so completions and inspection work while
/// a cell runs, against the state of the last finished cell); execute_request goes to the cell queue. Every request
/// is wrapped in status busy / idle on iopub.</summary>
internal sealed class KernelRequests(JupyterKernel kernel)
{
    /// <summary>The implementation name in kernel_info_reply.</summary>
    internal const string Implementation = "earthembed";

    internal void Handle(Channel channel, JupyterMessage request)
    {
        if (request.Type == "execute_request" && channel == Channel.Shell)
        {
            kernel.Queue.Enqueue(request);
            return;
        }
        if (channel == Channel.Stdin)
        {
            if (request.Type == "input_reply") kernel.Input.Reply(request);
            else JupyterKernel.Log.WriteLine($"earthembed kernel: ignored {request.Type} on stdin (expected input_reply)");
            return;
        }
        kernel.Status("busy", request);
        try
        {
            var (type, content) = Answer(request);
            if (type != null) kernel.Reply(channel, request, type, content!);
            if (request.Type == "shutdown_request") kernel.Stop();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            JupyterKernel.Log.WriteLine($"earthembed kernel: {request.Type} failed: {e}");
            var reply = request.Type.EndsWith("_request", StringComparison.Ordinal) ? request.Type[..^"_request".Length] + "_reply" : null;
            if (reply != null)
                kernel.Reply(channel, request, reply, new JsonObject { ["status"] = "error", ["ename"] = e.GetType().Name, ["evalue"] = e.Message, ["traceback"] = new JsonArray() });
        }
        finally
        {
            kernel.Status("idle", request);
        }
    }

    private (string? Type, JsonObject? Content) Answer(JupyterMessage request)
    {
        var content = request.Content;
        switch (request.Type)
        {
            case "kernel_info_request":
                return ("kernel_info_reply", KernelInfo());
            case "is_complete_request":
            {
                var complete = SubmissionText.IsComplete(content["code"]?.GetValue<string>() ?? string.Empty);
                return ("is_complete_reply", complete
                    ? new JsonObject { ["status"] = "complete" }
                    : new JsonObject { ["status"] = "incomplete", ["indent"] = "    " });
            }
            case "complete_request":
            {
                var code = content["code"]?.GetValue<string>() ?? string.Empty;
                var cursor = content["cursor_pos"]?.GetValue<int>() ?? code.Length;
                var found = CodeCompletion.Complete(code, cursor, kernel.Cells.State, kernel.Cells.Options);
                var types = new JsonArray(found.Matches.Select((m, i) => (JsonNode?)new JsonObject
                {
                    ["start"] = found.CursorStart, ["end"] = found.CursorEnd, ["text"] = m, ["type"] = found.Kinds[i],
                }).ToArray());
                return ("complete_reply", new JsonObject
                {
                    ["status"] = "ok",
                    ["matches"] = new JsonArray(found.Matches.Select(m => (JsonNode?)m).ToArray()),
                    ["cursor_start"] = found.CursorStart,
                    ["cursor_end"] = found.CursorEnd,
                    ["metadata"] = new JsonObject { ["_jupyter_types_experimental"] = types },
                });
            }
            case "inspect_request":
            {
                var code = content["code"]?.GetValue<string>() ?? string.Empty;
                var cursor = content["cursor_pos"]?.GetValue<int>() ?? code.Length;
                var detail = content["detail_level"]?.GetValue<int>() ?? 0;
                var data = SymbolInspector.Inspect(code, cursor, detail, kernel.Cells.State, kernel.Cells.Options);
                return ("inspect_reply", new JsonObject
                {
                    ["status"] = "ok", ["found"] = data != null, ["data"] = data ?? new JsonObject(), ["metadata"] = new JsonObject(),
                });
            }
            case "history_request":
                return ("history_reply", new JsonObject { ["status"] = "ok", ["history"] = new JsonArray() });
            case "comm_info_request":
                return ("comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() });
            case "interrupt_request":
                kernel.Queue.Interrupt();
                return ("interrupt_reply", new JsonObject { ["status"] = "ok" });
            case "shutdown_request":
                return ("shutdown_reply", new JsonObject { ["status"] = "ok", ["restart"] = content["restart"]?.GetValue<bool>() ?? false });
            case "comm_open" or "comm_msg" or "comm_close":
                return (null, null);  // no comm targets: ignored, as the protocol allows
            default:
                JupyterKernel.Log.WriteLine($"earthembed kernel: unknown message type {request.Type}; ignored");
                return (null, null);
        }
    }

    /// <summary>kernel_info_reply's content.</summary>
    internal static JsonObject KernelInfo()
    {
        var version = typeof(KernelRequests).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0) version = version[..plus];
        var csharp = LanguageVersion.Latest.MapSpecifiedToEffectiveVersion().ToDisplayString();
        return new JsonObject
        {
            ["status"] = "ok",
            ["protocol_version"] = JupyterMessage.ProtocolVersion,
            ["implementation"] = Implementation,
            ["implementation_version"] = version,
            ["language_info"] = new JsonObject
            {
                ["name"] = "C#",
                ["version"] = csharp,
                ["mimetype"] = "text/x-csharp",
                ["file_extension"] = ".cs",
                ["pygments_lexer"] = "csharp",
                ["codemirror_mode"] = "text/x-csharp",
                ["nbconvert_exporter"] = "script",
            },
            ["banner"] = $"EarthEmbed C# kernel {version}: C# {csharp} through Roslyn scripting on .NET {Environment.Version}. " +
                         "Cells share state; display(x) shows charts, maps and tables.",
            ["help_links"] = new JsonArray(),
            ["debugger"] = false,
        };
    }
}
