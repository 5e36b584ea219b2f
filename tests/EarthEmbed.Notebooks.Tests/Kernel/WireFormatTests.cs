using System.Text;
using System.Text.Json.Nodes;
using EarthEmbed.Notebooks.Kernel.Protocol;
using EarthEmbed.Notebooks.Kernel.Zmq;

namespace EarthEmbed.Notebooks.Tests.Kernel;

/// <summary>The wire format and its signature against values computed independently with Python's hmac module:
/// <c>hmac.new(key, header + parent + metadata + content, hashlib.sha256).hexdigest()</c>.</summary>
public class WireFormatTests
{
    private static readonly byte[] Header = "{\"msg_id\":\"a1\",\"msg_type\":\"execute_request\"}"u8.ToArray();
    private static readonly byte[] Empty = "{}"u8.ToArray();
    private static readonly byte[] Content = "{\"code\":\"1+1\"}"u8.ToArray();

    [Fact]
    public void The_signature_is_the_hmac_sha256_python_computes()
    {
        Assert.Equal("87411400debbc320fbf460f232240940489cfb78cc860066fd79e0460f951538", new MessageSigner("secret-key").Sign(Header, Empty, Empty, Content));
    }

    [Fact]
    public void A_non_ascii_key_is_used_as_its_utf8_bytes()
    {
        Assert.Equal("a926f91ec6cbcb4d230f913af239b593559a274e2fb17a4df0612f9a74cb4986", new MessageSigner("clé-ü").Sign(Header, Empty, Empty, Content));
    }

    [Fact]
    public void Verify_accepts_the_right_signature_and_rejects_a_wrong_key_or_an_altered_frame()
    {
        var signer = new MessageSigner("secret-key");
        var signature = Encoding.ASCII.GetBytes(signer.Sign(Header, Empty, Empty, Content));
        Assert.True(signer.Verify(signature, Header, Empty, Empty, Content));
        Assert.False(new MessageSigner("other-key").Verify(signature, Header, Empty, Empty, Content));
        Assert.False(signer.Verify(signature, Header, Empty, Empty, "{\"code\":\"1+2\"}"u8.ToArray()));
        Assert.False(signer.Verify(signature[..^1], Header, Empty, Empty, Content));
        Assert.False(signer.Verify([], Header, Empty, Empty, Content));
    }

    [Fact]
    public void An_empty_key_means_no_signature_and_no_check()
    {
        var signer = new MessageSigner(string.Empty);
        Assert.False(signer.Enabled);
        Assert.Equal(string.Empty, signer.Sign(Header, Empty, Empty, Content));
        Assert.True(signer.Verify("anything"u8.ToArray(), Header, Empty, Empty, Content));
    }

    [Fact]
    public void Encode_puts_identities_delimiter_signature_and_the_four_frames_in_order_and_decode_reads_them_back()
    {
        var signer = new MessageSigner("k");
        var request = new JupyterMessage([[1, 2, 3]], new JsonObject { ["msg_id"] = "r1", ["msg_type"] = "kernel_info_request" }, [], [], [], []);
        var reply = JupyterMessage.Create("kernel_info_reply", new JsonObject { ["status"] = "ok", ["banner"] = "<b>é</b>" }, "session-1", request);
        var frames = WireFormat.Encode(reply, signer);

        Assert.Equal(7, frames.Count);
        Assert.Equal(new byte[] { 1, 2, 3 }, frames[0]);
        Assert.Equal("<IDS|MSG>", Encoding.ASCII.GetString(frames[1]));
        Assert.Equal(signer.Sign(frames[3], frames[4], frames[5], frames[6]), Encoding.ASCII.GetString(frames[2]));
        Assert.Contains("\"banner\":\"<b>é</b>\"", Encoding.UTF8.GetString(frames[6]), StringComparison.Ordinal);

        var decoded = WireFormat.Decode(frames, signer);
        Assert.Equal("kernel_info_reply", decoded.Type);
        Assert.Equal("r1", decoded.ParentHeader["msg_id"]!.GetValue<string>());
        Assert.Equal("session-1", decoded.Header["session"]!.GetValue<string>());
        Assert.Equal("5.3", decoded.Header["version"]!.GetValue<string>());
        Assert.Equal(new byte[] { 1, 2, 3 }, decoded.Identities.Single());
    }

    [Fact]
    public void Decode_refuses_a_wrong_signature_a_missing_delimiter_and_too_few_frames()
    {
        var frames = WireFormat.Encode(JupyterMessage.Create("status", [], "s"), new MessageSigner("right"));
        Assert.Contains("signature does not match", Assert.Throws<KernelException>(() => WireFormat.Decode(frames, new MessageSigner("wrong"))).Message, StringComparison.Ordinal);
        Assert.Contains("no <IDS|MSG>", Assert.Throws<KernelException>(() => WireFormat.Decode(frames.Skip(1).ToList(), new MessageSigner("right"))).Message, StringComparison.Ordinal);
        Assert.Contains("expected at least 5", Assert.Throws<KernelException>(() => WireFormat.Decode(frames.Take(4).ToList(), new MessageSigner("right"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_zmq_binding_carries_a_multipart_message_and_reports_libzmq_errors_in_its_words()
    {
        using var context = new ZmqContext();
        using var a = context.Socket(ZmqNative.Pair);
        using var b = context.Socket(ZmqNative.Pair);
        a.Bind("inproc://wire-test");
        b.Connect("inproc://wire-test");
        a.SendMultipart([[1], [], [2, 3]]);
        Assert.True(ZmqSocket.Poll([b], 5000)[0]);
        var received = b.ReceiveMultipart()!;
        Assert.Equal([[1], [], [2, 3]], received);
        Assert.Null(b.ReceiveMultipart(wait: false));
        var error = Assert.Throws<ZmqException>(() => a.Bind("nonsense://here"));
        Assert.Contains("zmq_bind(nonsense://here)", error.Message, StringComparison.Ordinal);
        Assert.Contains("not supported", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_connection_file_gives_endpoints_and_a_bad_one_is_refused_by_name()
    {
        var info = ConnectionInfo.Parse(JsonNode.Parse("""
            {"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005,
             "ip": "127.0.0.1", "key": "abc", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": ""}
            """)!.AsObject());
        Assert.Equal("tcp://127.0.0.1:5001", info.Endpoint(info.ShellPort));
        Assert.Equal("abc", info.Key);
        Assert.Equal("ipc://kernel-5005", (info with { Transport = "ipc", Ip = "kernel" }).Endpoint(info.HeartbeatPort));
        var noPort = Assert.Throws<KernelException>(() => ConnectionInfo.Parse(JsonNode.Parse("""{"shell_port": 1}""")!.AsObject(), "c.json"));
        Assert.Contains("c.json: \"iopub_port\" must be a port number", noPort.Message, StringComparison.Ordinal);
        var scheme = Assert.Throws<KernelException>(() => ConnectionInfo.Parse(JsonNode.Parse(
            """{"shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5,"signature_scheme":"hmac-md5"}""")!.AsObject()));
        Assert.Contains("hmac-md5", scheme.Message, StringComparison.Ordinal);
    }
}
