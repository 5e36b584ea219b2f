using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace EarthEmbed.Notebooks.Kernel.Protocol;

/// <summary>One Jupyter message (messaging protocol 5.3): the routing identities it came with, its header, the
/// header of the request it answers, metadata, content and binary buffers.</summary>
public sealed record JupyterMessage(
    IReadOnlyList<byte[]> Identities, JsonObject Header, JsonObject ParentHeader, JsonObject Metadata, JsonObject Content,
    IReadOnlyList<byte[]> Buffers)
{
    /// <summary>The protocol version this kernel speaks.</summary>
    public const string ProtocolVersion = "5.3";

    /// <summary>header.msg_type.</summary>
    public string Type => Header["msg_type"]?.GetValue<string>() ?? string.Empty;

    /// <summary>header.msg_id.</summary>
    public string Id => Header["msg_id"]?.GetValue<string>() ?? string.Empty;

    /// <summary>A new message of <paramref name="type"/> in session <paramref name="session"/> answering (or
    /// published on behalf of) <paramref name="parent"/>, addressed to the parent's identities unless
    /// <paramref name="identities"/> says otherwise.</summary>
    public static JupyterMessage Create(string type, JsonObject content, string session, JupyterMessage? parent = null,
        IReadOnlyList<byte[]>? identities = null, JsonObject? metadata = null)
    {
        var header = new JsonObject
        {
            ["msg_id"] = Guid.NewGuid().ToString("N"),
            ["session"] = session,
            ["username"] = "kernel",
            ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ["msg_type"] = type,
            ["version"] = ProtocolVersion,
        };
        var parentHeader = parent?.Header.DeepClone().AsObject() ?? [];
        return new JupyterMessage(identities ?? parent?.Identities ?? [], header, parentHeader, metadata ?? [], content, []);
    }
}

/// <summary>The wire format: <c>[identities..., "&lt;IDS|MSG&gt;", signature, header, parent_header, metadata,
/// content, buffers...]</c>, the four JSON frames signed with <see cref="MessageSigner"/>.</summary>
public static class WireFormat
{
    /// <summary>The frame that separates routing identities from the message.</summary>
    public static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();

    // Outputs carry HTML (and plotly.js): leave <, >, & and non-ASCII text as they are rather than \uXXXX-escaped.
    private static readonly System.Text.Json.JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The frames of <paramref name="message"/>, signed.</summary>
    public static List<byte[]> Encode(JupyterMessage message, MessageSigner signer)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(signer);
        var header = Json(message.Header);
        var parent = Json(message.ParentHeader);
        var metadata = Json(message.Metadata);
        var content = Json(message.Content);
        var frames = new List<byte[]>(message.Identities.Count + 6 + message.Buffers.Count);
        frames.AddRange(message.Identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(header, parent, metadata, content)));
        frames.Add(header);
        frames.Add(parent);
        frames.Add(metadata);
        frames.Add(content);
        frames.AddRange(message.Buffers);
        return frames;
    }

    /// <summary>Reads frames as they arrived on a socket; checks the signature first.</summary>
    /// <exception cref="KernelException">No delimiter, too few frames, a wrong signature, or a frame that is not a
    /// JSON object; the message says which.</exception>
    public static JupyterMessage Decode(IReadOnlyList<byte[]> frames, MessageSigner signer)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(signer);
        var delimiter = -1;
        for (var i = 0; i < frames.Count; i++)
        {
            if (frames[i].AsSpan().SequenceEqual(Delimiter))
            {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0) throw new KernelException($"message of {frames.Count} frames has no <IDS|MSG> delimiter");
        if (frames.Count < delimiter + 6)
            throw new KernelException($"message has {frames.Count - delimiter - 1} frames after <IDS|MSG>; expected at least 5 (signature, header, parent_header, metadata, content)");
        var at = delimiter + 1;
        if (!signer.Verify(frames[at], frames[at + 1], frames[at + 2], frames[at + 3], frames[at + 4]))
            throw new KernelException("message signature does not match (wrong key or altered message)");
        return new JupyterMessage(
            frames.Take(delimiter).ToArray(),
            Object(frames[at + 1], "header"), Object(frames[at + 2], "parent_header"), Object(frames[at + 3], "metadata"),
            Object(frames[at + 4], "content"), frames.Skip(at + 5).ToArray());
    }

    private static byte[] Json(JsonObject value) => Encoding.UTF8.GetBytes(value.ToJsonString(Compact));

    private static JsonObject Object(byte[] frame, string name)
    {
        try
        {
            return JsonNode.Parse(frame) as JsonObject ?? throw new KernelException($"message {name} is not a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new KernelException($"message {name} is not JSON: {e.Message}", e);
        }
    }
}
