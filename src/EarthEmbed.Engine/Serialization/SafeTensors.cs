using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Serialization;

/// <summary>The safetensors format (https://github.com/huggingface/safetensors) for TorchSharp tensors: an 8-byte
/// little-endian header length, a JSON header mapping each name to {"dtype", "shape", "data_offsets": [begin, end]}
/// (offsets relative to the end of the header) plus an optional "__metadata__" map of strings, then the raw
/// little-endian bytes of every tensor in row-major order. PyTorch reads what this writes and this reads what PyTorch
/// writes (tests/EarthEmbed.Engine.Tests/Checkpoints).</summary>
/// <remarks>Ours rather than TorchSharp.PyBridge's <c>Safetensors</c> class, which neither writes nor returns
/// "__metadata__", writes in place (<c>File.OpenWrite</c>, which does not even truncate a longer old file) and
/// reports a bad entry without the file's name. The dtypes are those of the old engine: F32 F64 F16 BF16 I64 I32 I16
/// I8 U8 BOOL.</remarks>
public static class SafeTensors
{
    private const long MaxHeaderBytes = 100L * 1024 * 1024;
    private const int CopyBuffer = 1 << 20;
    private static readonly JsonSerializerOptions HeaderJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="tensors"/> (copied to the CPU, made contiguous; names sorted) with the
    /// optional <paramref name="metadata"/> strings to <paramref name="path"/> atomically: the bytes go to a
    /// temporary file in the same folder, which is flushed and then renamed over the target, so an interrupted save
    /// leaves the old file (or none), never a half-written one. Creates the folder if needed.</summary>
    /// <exception cref="ArgumentException">a name is empty or "__metadata__".</exception>
    /// <exception cref="NotSupportedException">a tensor's dtype has no safetensors code.</exception>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBuffer))
            {
                Write(stream, tensors, metadata);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes the safetensors bytes of <paramref name="tensors"/> and <paramref name="metadata"/> to
    /// <paramref name="stream"/> (left open). The header is padded with spaces to a multiple of 8 bytes.</summary>
    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        RequireLittleEndian();
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (k, v) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) meta[k] = v;
            header["__metadata__"] = meta;
        }
        long offset = 0;
        foreach (var name in names)
        {
            if (name.Length == 0 || name == "__metadata__")
                throw new ArgumentException($"'{name}' cannot be the name of a tensor in a safetensors file", nameof(tensors));
            var t = tensors[name];
            var size = t.NumberOfElements * t.ElementSize;
            header[name] = new JsonObject
            {
                ["dtype"] = Code(t.dtype, name),
                ["shape"] = new JsonArray(t.shape.Select(s => (JsonNode)s).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + size),
            };
            offset += size;
        }
        var json = System.Text.Encoding.UTF8.GetBytes(header.ToJsonString(HeaderJson));
        var padded = (json.Length + 7) / 8 * 8;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, padded);
        stream.Write(length);
        stream.Write(json);
        for (var i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var name in names)
        {
            var t = tensors[name];
            if (t.NumberOfElements == 0) continue;
            using var scope = NewDisposeScope();
            var dense = t.detach().cpu().contiguous();
            dense.WriteBytesToStream(stream, CopyBuffer);
        }
    }

    /// <summary>Reads every tensor of a safetensors file onto the CPU (the caller owns and disposes them).</summary>
    /// <exception cref="FileNotFoundException">the file does not exist.</exception>
    /// <exception cref="InvalidDataException">the file is truncated or not safetensors; the message names it.</exception>
    public static Dictionary<string, Tensor> Load(string path) => Load(path, out _);

    /// <summary>Reads every tensor and the "__metadata__" strings (empty when there are none) of a safetensors
    /// file.</summary>
    /// <inheritdoc cref="Load(string)" />
    public static Dictionary<string, Tensor> Load(string path, out Dictionary<string, string> metadata)
    {
        using var stream = Open(path);
        try
        {
            return Read(stream, out metadata);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw Named(path, e);
        }
    }

    /// <summary>Reads only the "__metadata__" strings of a safetensors file (the header, not the tensor data).</summary>
    /// <inheritdoc cref="Load(string)" />
    public static Dictionary<string, string> ReadMetadata(string path)
    {
        using var stream = Open(path);
        try
        {
            _ = ReadHeader(stream, out var metadata);
            return metadata;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw Named(path, e);
        }
    }

    /// <summary>Reads safetensors bytes from <paramref name="stream"/> (left open). Every entry is checked against
    /// its dtype and shape before any data is read.</summary>
    /// <exception cref="InvalidDataException">the bytes are not valid safetensors.</exception>
    /// <exception cref="EndOfStreamException">the stream ends early.</exception>
    public static Dictionary<string, Tensor> Read(Stream stream, out Dictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(stream);
        RequireLittleEndian();
        var entries = ReadHeader(stream, out metadata);
        var dataStart = stream.CanSeek ? stream.Position : 0;
        long position = 0;
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var e in entries.OrderBy(e => e.Begin))
            {
                if (stream.CanSeek && dataStart + e.End > stream.Length)
                    throw new InvalidDataException($"the data of '{e.Name}' ends at byte {dataStart + e.End} but the file has {stream.Length} (truncated?)");
                if (stream.CanSeek) stream.Seek(dataStart + e.Begin, SeekOrigin.Begin);
                else if (e.Begin != position) throw new InvalidDataException($"entry '{e.Name}' does not follow the previous one (a non-seekable stream needs contiguous data)");
                var tensor = empty(e.Shape, e.Type, device: CPU);
                result[e.Name] = tensor;
                if (e.End > e.Begin)
                {
                    try
                    {
                        tensor.ReadBytesFromStream(stream, CopyBuffer);
                    }
                    catch (EndOfStreamException ex)
                    {
                        throw new InvalidDataException($"the file ends inside the data of '{e.Name}' (truncated?)", ex);
                    }
                }
                position = e.End;
            }
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        return result;
    }

    private sealed record Entry(string Name, ScalarType Type, long[] Shape, long Begin, long End);

    private static List<Entry> ReadHeader(Stream stream, out Dictionary<string, string> metadata)
    {
        Span<byte> length = stackalloc byte[8];
        stream.ReadExactly(length);
        var headerLength = BinaryPrimitives.ReadInt64LittleEndian(length);
        if (headerLength <= 0 || headerLength > MaxHeaderBytes)
            throw new InvalidDataException($"header length {headerLength} is out of range (1..{MaxHeaderBytes})");
        var json = new byte[headerLength];
        stream.ReadExactly(json);
        List<KeyValuePair<string, JsonNode?>> header;
        try
        {
            var root = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("the header is not a JSON object");
            header = root.ToList();  // enumerating finds duplicate names
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidDataException($"the header is not a valid JSON object ({e.Message})", e);
        }
        metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<Entry>();
        foreach (var (name, node) in header)
        {
            try
            {
                if (name == "__metadata__")
                {
                    foreach (var (k, v) in node!.AsObject()) metadata[k] = v!.GetValue<string>();
                    continue;
                }
                var o = node!.AsObject();
                var type = Parse(o["dtype"]!.GetValue<string>(), name);
                var shape = o["shape"]!.AsArray().Select(x => x!.GetValue<long>()).ToArray();
                var offsets = o["data_offsets"]!.AsArray().Select(x => x!.GetValue<long>()).ToArray();
                if (shape.Any(s => s < 0)) throw new InvalidDataException($"entry '{name}' has a negative dimension in shape [{string.Join(", ", shape)}]");
                var bytes = shape.Aggregate(1L, (a, b) => a * b) * type.ElementSize();
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] - offsets[0] != bytes)
                    throw new InvalidDataException($"entry '{name}' has data_offsets [{string.Join(", ", offsets)}] but shape [{string.Join(", ", shape)}] of {type} needs {bytes} bytes");
                entries.Add(new Entry(name, type, shape, offsets[0], offsets[1]));
            }
            catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"header entry '{name}' is malformed ({e.Message})", e);
            }
        }
        return entries;
    }

    private static FileStream Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"safetensors file '{path}' does not exist", path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBuffer);
    }

    private static InvalidDataException Named(string path, Exception e) => new(e is EndOfStreamException
        ? $"'{path}' is not a valid safetensors file: it ends inside its header (truncated?)"
        : $"'{path}' is not a valid safetensors file: {e.Message}", e);

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors I/O assumes a little-endian machine");
    }

    /// <summary>The safetensors code of a dtype, e.g. "F32".</summary>
    internal static string Code(ScalarType t, string name = "") => t switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float64 => "F64",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new NotSupportedException($"tensor '{name}': safetensors has no code for {t}"),
    };

    private static ScalarType Parse(string code, string name) => code switch
    {
        "F32" => ScalarType.Float32,
        "F64" => ScalarType.Float64,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "I16" => ScalarType.Int16,
        "I8" => ScalarType.Int8,
        "U8" => ScalarType.Byte,
        "BOOL" => ScalarType.Bool,
        _ => throw new InvalidDataException($"entry '{name}' has dtype '{code}', which is not supported (expected one of F32 F64 F16 BF16 I64 I32 I16 I8 U8 BOOL)"),
    };
}
