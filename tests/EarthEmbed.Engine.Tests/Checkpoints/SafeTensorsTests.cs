using System.Buffers.Binary;
using System.Text;
using EarthEmbed.Engine.Serialization;
using EarthEmbed.Engine.Tests.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Tests.Checkpoints;

/// <summary>The safetensors reader and writer on TorchSharp tensors: PyTorch's files, every dtype, metadata, atomic
/// replacement, and errors that name the file and the entry.</summary>
public sealed class SafeTensorsTests : IDisposable
{
    private static readonly Dictionary<string, string> AwkwardMetadata = new()
    {
        ["format"] = "test.dtypes/1",
        ["quote"] = "say \"hi\"",
        ["lines"] = "a\nb",
        ["unicode"] = "Höhe ≥ 3 m",
    };

    private static readonly long[] Int64s = [long.MinValue, -1, 0, long.MaxValue];
    private static readonly int[] Int32s = [int.MinValue, 7];
    private static readonly short[] Int16s = [-300, 300];
    private static readonly sbyte[] Int8s = [-128, 127];
    private static readonly byte[] UInt8s = [0, 255];
    private static readonly bool[] Bools = [true, false, true];

    private readonly string folder = Path.Combine(Path.GetTempPath(), "ee-engine-st-" + Guid.NewGuid().ToString("N"));

    public SafeTensorsTests()
    {
        TorchEngine.EnsureLoaded();
        Directory.CreateDirectory(folder);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Every_dtype_written_by_PyTorch_reads_back_with_its_values_shape_and_metadata()
    {
        using var scope = NewDisposeScope();
        var t = ReferenceFixtures.Load("ckpt", "dtypes", out var metadata);
        Assert.Equal(AwkwardMetadata.OrderBy(kv => kv.Key), metadata.OrderBy(kv => kv.Key));
        var types = new Dictionary<string, ScalarType>
        {
            ["float32"] = ScalarType.Float32, ["float64"] = ScalarType.Float64, ["float16"] = ScalarType.Float16,
            ["bfloat16"] = ScalarType.BFloat16, ["int64"] = ScalarType.Int64, ["int32"] = ScalarType.Int32,
            ["int16"] = ScalarType.Int16, ["int8"] = ScalarType.Int8, ["uint8"] = ScalarType.Byte,
        };
        foreach (var (name, type) in types)
        {
            Assert.Equal(type, t[name].dtype);
            Assert.Equal([3L, 4], t[name].shape);
            var expected = Enumerable.Range(0, 12).Select(i => (double)(i - (name == "uint8" ? 0 : 5))).ToArray();
            Assert.Equal(expected, t[name].to(ScalarType.Float64).data<double>().ToArray());
        }
        Assert.Equal(ScalarType.Bool, t["bool"].dtype);
        Assert.Equal([true, false, true, false, false, true], t["bool"].data<bool>().ToArray());
        Assert.Empty(t["scalar"].shape);
        Assert.Equal(2.5, t["scalar"].item<double>());
        Assert.Equal([0L, 3], t["empty"].shape);
    }

    [Fact]
    public void A_file_written_here_reads_back_bit_for_bit_in_every_dtype_with_its_metadata()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(11);
        var source = new Dictionary<string, Tensor>
        {
            ["f32"] = randn([3, 5], generator: g),
            ["f64"] = randn([2, 2, 2], dtype: ScalarType.Float64, generator: g),
            ["f16"] = randn([7], generator: g).to(ScalarType.Float16),
            ["bf16"] = randn([7], generator: g).to(ScalarType.BFloat16),
            ["i64"] = tensor(Int64s),
            ["i32"] = tensor(Int32s),
            ["i16"] = tensor(Int16s),
            ["i8"] = tensor(Int8s),
            ["u8"] = tensor(UInt8s),
            ["bool"] = tensor(Bools),
            ["scalar"] = tensor(3.25),
            ["empty"] = zeros([0, 4]),
            ["transposed"] = arange(6, dtype: ScalarType.Float32).reshape(2, 3).t(),  // not contiguous
        };
        var path = Path.Combine(folder, "sub", "all.safetensors");
        SafeTensors.Save(path, source, AwkwardMetadata);

        var back = SafeTensors.Load(path, out var metadata);
        Assert.Equal(AwkwardMetadata.OrderBy(kv => kv.Key), metadata.OrderBy(kv => kv.Key));
        Assert.Equal(AwkwardMetadata.OrderBy(kv => kv.Key), SafeTensors.ReadMetadata(path).OrderBy(kv => kv.Key));
        Assert.Equal(source.Keys.Order(), back.Keys.Order());
        foreach (var (name, expected) in source)
        {
            Assert.Equal(expected.dtype, back[name].dtype);
            Assert.Equal(expected.shape, back[name].shape);
            Assert.True(expected.contiguous().bytes.SequenceEqual(back[name].bytes), $"{name}: bytes differ");
        }
        Assert.Equal([0f, 3, 1, 4, 2, 5], back["transposed"].data<float>().ToArray());
    }

    [Fact]
    public void Saving_over_an_existing_file_replaces_it_whole_and_leaves_no_temporary_file()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(folder, "state.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["big"] = zeros([1000]) });
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["small"] = ones([3]) }, new Dictionary<string, string> { ["v"] = "2" });
        var back = SafeTensors.Load(path, out var metadata);
        Assert.Equal(["small"], back.Keys);
        Assert.Equal("2", metadata["v"]);
        Assert.Equal(8 + HeaderLength(path) + 12, new FileInfo(path).Length);  // no stale bytes of the old file
        Assert.Equal(["state.safetensors"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void A_missing_file_is_named_in_the_error()
    {
        var path = Path.Combine(folder, "nope.safetensors");
        var e = Assert.Throws<FileNotFoundException>(() => SafeTensors.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5)]     // inside the length prefix
    [InlineData(40)]    // inside the JSON header
    [InlineData(-100)]  // inside the tensor data
    public void A_truncated_file_is_reported_as_invalid_with_its_name(int keep)
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(folder, "cut.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["weight"] = ones([64]), ["bias"] = zeros([8]) });
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(keep > 0 ? keep : bytes.Length + keep)]);
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_entry_whose_offsets_do_not_fit_its_shape_is_refused_with_the_entry_named()
    {
        var path = Path.Combine(folder, "bad.safetensors");
        WriteRaw(path, """{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}}""", new byte[20]);
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("'w'", e.Message, StringComparison.Ordinal);
        Assert.Contains("24 bytes", e.Message, StringComparison.Ordinal);

        WriteRaw(path, """{"w":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}""", new byte[8]);
        e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains("'C64'", e.Message, StringComparison.Ordinal);

        WriteRaw(path, """{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", new byte[8]);
        e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);

        WriteRaw(path, "not json", []);
        e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TorchSharp_PyBridge_reads_our_files_but_its_own_files_carry_no_metadata()
    {
        using var scope = NewDisposeScope();
        var ours = Path.Combine(folder, "ours.safetensors");
        var weight = randn([4, 3], generator: new Generator(3));
        SafeTensors.Save(ours, new Dictionary<string, Tensor> { ["w"] = weight }, new Dictionary<string, string> { ["format"] = "x" });
        var read = TorchSharp.PyBridge.Safetensors.LoadStateDict(ours);
        Assert.True(ReferenceFixtures.Identical(read["w"], weight));

        // PyBridge's writer has no metadata parameter: a file it writes reads here with an empty "__metadata__".
        var theirs = Path.Combine(folder, "theirs.safetensors");
        TorchSharp.PyBridge.Safetensors.SaveStateDict(theirs, new Dictionary<string, Tensor> { ["w"] = weight });
        var back = SafeTensors.Load(theirs, out var metadata);
        Assert.Empty(metadata);
        Assert.True(ReferenceFixtures.Identical(back["w"], weight));
    }

    private static long HeaderLength(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> length = stackalloc byte[8];
        stream.ReadExactly(length);
        return BinaryPrimitives.ReadInt64LittleEndian(length);
    }

    private static void WriteRaw(string path, string header, byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        using var stream = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, json.Length);
        stream.Write(length);
        stream.Write(json);
        stream.Write(data);
    }
}
