using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EarthEmbed.Torch.Serialization;

/// <summary>The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian header
/// length, a JSON header mapping each name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to
/// the end of the header, plus an optional "__metadata__" map of strings), then the raw little-endian bytes of every
/// tensor in row-major order. PyTorch reads what this writes and this reads what PyTorch writes.</summary>
public static class SafeTensors
{
    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    /// <summary>Writes <paramref name="tensors"/> (moved to CPU, made contiguous) to <paramref name="path"/>
    /// atomically: a temporary file in the same folder is renamed over the target once complete.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
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

    /// <summary>Writes the safetensors bytes to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (k, v) in metadata) meta[k] = v;
            header["__metadata__"] = meta;
        }
        long offset = 0;
        var sizes = new long[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var t = tensors[names[i]];
            sizes[i] = t.NumEl * t.DType.ElementSize();
            header[names[i]] = new JsonObject
            {
                ["dtype"] = Code(t.DType),
                ["shape"] = new JsonArray(t.Shape.Select(s => (JsonNode)s).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + sizes[i]),
            };
            offset += sizes[i];
        }
        var json = System.Text.Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8;  // align the data to 8 bytes, padding the header with spaces
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(len, padded);
        stream.Write(len);
        stream.Write(json);
        for (var i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        for (var i = 0; i < names.Count; i++)
        {
            var bytes = new byte[sizes[i]];
            CopyOut(tensors[names[i]], bytes);
            stream.Write(bytes);
        }
    }

    /// <summary>Reads every tensor of a safetensors file onto the CPU. Errors name the file and what is wrong.</summary>
    public static Dictionary<string, Tensor> Load(string path) => Load(path, out _);

    /// <summary>Reads every tensor and the "__metadata__" strings of a safetensors file.</summary>
    public static Dictionary<string, Tensor> Load(string path, out Dictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"safetensors file '{path}' does not exist", path);
        using var stream = File.OpenRead(path);
        try
        {
            return Read(stream, out metadata);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a valid safetensors file: {e.Message}", e);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"'{path}' is not a valid safetensors file: it ends inside its header (truncated?)", e);
        }
    }

    /// <summary>Reads safetensors bytes from <paramref name="stream"/>.</summary>
    public static Dictionary<string, Tensor> Read(Stream stream, out Dictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> len = stackalloc byte[8];
        stream.ReadExactly(len);
        var headerLength = BinaryPrimitives.ReadInt64LittleEndian(len);
        if (headerLength <= 0 || headerLength > MaxHeaderBytes)
            throw new InvalidDataException($"header length {headerLength} is out of range (1..{MaxHeaderBytes})");
        var json = new byte[headerLength];
        stream.ReadExactly(json);
        JsonObject header;
        try
        {
            header = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"header is not valid JSON ({e.Message})", e);
        }
        metadata = new Dictionary<string, string>();
        var entries = new List<(string Name, ScalarType Type, long[] Shape, long Begin, long End)>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                foreach (var (k, v) in node!.AsObject()) metadata[k] = v!.GetValue<string>();
                continue;
            }
            var o = node?.AsObject() ?? throw new InvalidDataException($"entry '{name}' is not an object");
            var type = Parse(o["dtype"]?.GetValue<string>() ?? throw new InvalidDataException($"entry '{name}' has no dtype"));
            var shape = o["shape"]!.AsArray().Select(x => x!.GetValue<long>()).ToArray();
            var offsets = o["data_offsets"]!.AsArray().Select(x => x!.GetValue<long>()).ToArray();
            var expected = shape.Aggregate(1L, (a, b) => a * b) * type.ElementSize();
            if (offsets.Length != 2 || offsets[1] - offsets[0] != expected)
                throw new InvalidDataException($"entry '{name}' has data_offsets [{string.Join(", ", offsets)}] but shape [{string.Join(", ", shape)}] of {type} needs {expected} bytes");
            entries.Add((name, type, shape, offsets[0], offsets[1]));
        }
        var dataStart = 8 + headerLength;
        var result = new Dictionary<string, Tensor>();
        try
        {
            foreach (var e in entries.OrderBy(e => e.Begin))
            {
                if (stream.CanSeek) stream.Seek(dataStart + e.Begin, SeekOrigin.Begin);
                var bytes = new byte[e.End - e.Begin];
                try
                {
                    stream.ReadExactly(bytes);
                }
                catch (EndOfStreamException ex)
                {
                    throw new InvalidDataException($"file ends inside the data of '{e.Name}' (truncated?)", ex);
                }
                result[e.Name] = FromBytes(bytes, e.Shape, e.Type);
            }
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        return result;
    }

    private static Tensor FromBytes(byte[] bytes, long[] shape, ScalarType type)
    {
        var t = Tensor.Empty(shape, type);
        bytes.AsSpan().CopyTo(t.AsBytes());
        return t;
    }

    private static void CopyOut(Tensor t, byte[] destination)
    {
        using var cpu = t.Device == Device.Cpu ? t.Detach() : t.To(Device.Cpu);
        using var dense = cpu.Contiguous();
        dense.AsBytes().CopyTo(destination);
    }

    private static string Code(ScalarType t) => t switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float64 => "F64",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.UInt8 => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new NotSupportedException($"safetensors has no code for {t}"),
    };

    private static ScalarType Parse(string code) => code switch
    {
        "F32" => ScalarType.Float32,
        "F64" => ScalarType.Float64,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "I16" => ScalarType.Int16,
        "I8" => ScalarType.Int8,
        "U8" => ScalarType.UInt8,
        "BOOL" => ScalarType.Bool,
        _ => throw new InvalidDataException($"dtype '{code}' is not supported (expected one of F32 F64 F16 BF16 I64 I32 I16 I8 U8 BOOL)"),
    };
}
