using System.Security.Cryptography;
using System.Text;

namespace EarthEmbed.Notebooks.Kernel.Protocol;

/// <summary>Jupyter's message signature: HMAC-SHA256 over the four JSON frames (header, parent_header, metadata,
/// content) in that order, as lowercase hex. An empty key means messages are neither signed nor checked (the
/// signature frame is empty).</summary>
public sealed class MessageSigner
{
    private readonly byte[] _key;

    /// <summary>A signer with <paramref name="key"/> (the connection file's "key", used as its UTF-8 bytes).</summary>
    public MessageSigner(string key) => _key = Encoding.UTF8.GetBytes(key ?? string.Empty);

    /// <summary>Whether messages are signed (the key is not empty).</summary>
    public bool Enabled => _key.Length > 0;

    /// <summary>The hex signature of the four frames; empty when signing is off.</summary>
    public string Sign(byte[] header, byte[] parentHeader, byte[] metadata, byte[] content)
    {
        if (!Enabled) return string.Empty;
        return Convert.ToHexStringLower(Compute(header, parentHeader, metadata, content));
    }

    /// <summary>Whether <paramref name="signature"/> (hex, as received) is the signature of the frames. Compares in
    /// constant time, so how long it takes says nothing about how much of a forged signature was right. With signing
    /// off every message passes.</summary>
    public bool Verify(byte[] signature, byte[] header, byte[] parentHeader, byte[] metadata, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (!Enabled) return true;
        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(Compute(header, parentHeader, metadata, content)));
        return CryptographicOperations.FixedTimeEquals(expected, signature);
    }

    private byte[] Compute(byte[] header, byte[] parentHeader, byte[] metadata, byte[] content)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(header);
        hmac.AppendData(parentHeader);
        hmac.AppendData(metadata);
        hmac.AppendData(content);
        return hmac.GetHashAndReset();
    }
}
