using EarthEmbed.Data;
using EarthEmbed.Engine;
using EarthEmbed.Engine.Serialization;
using EarthEmbed.Geo;
using EarthEmbed.Models.Ridge;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.Height;

/// <summary>Reading and writing trained height models as safetensors files that rebuild themselves: the trainer's
/// checkpoints (best.safetensors, last.safetensors, written by <see cref="Checkpoint"/>) and the ridge file carry a
/// <see cref="HeightModelSpec"/> in their metadata, so <see cref="LoadPredictor"/> needs only the path. Files are
/// written atomically (<see cref="SafeTensors.Save"/>: a temporary name, then a rename).</summary>
public static class HeightModelFile
{
    /// <summary>The metadata key (under the checkpoint's "meta." prefix) that holds the spec JSON.</summary>
    public const string SpecKey = "height_model";

    /// <summary>The file format marker of a saved ridge model.</summary>
    public const string RidgeFormat = "earthembed.ridge/1";

    /// <summary>Saves a fitted ridge model with its spec.</summary>
    public static void SaveRidge(string path, RidgeRegression ridge, HeightModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(ridge);
        ArgumentNullException.ThrowIfNull(spec);
        TorchEngine.EnsureLoaded();
        using var scope = NewDisposeScope();
        SafeTensors.Save(path, ridge.StateDict(), new Dictionary<string, string>
        {
            ["format"] = RidgeFormat,
            ["meta." + SpecKey] = spec.ToJson(),
        });
    }

    /// <summary>The spec stored in <paramref name="path"/> (read from the file's header only; no tensor is loaded);
    /// clear errors for a missing file or a file that is not a height model.</summary>
    /// <exception cref="FileNotFoundException">the file does not exist.</exception>
    /// <exception cref="InvalidDataException">the file is not safetensors, or not a height model.</exception>
    public static HeightModelSpec ReadSpec(string path)
    {
        Require(path);
        return Spec(path, Checkpoint.ReadMetadata(path));
    }

    /// <summary>A tile predictor giving height in metres for the model in <paramref name="path"/> (a network
    /// checkpoint or a ridge file), and its spec. Dispose the predictor to free the model.</summary>
    /// <exception cref="FileNotFoundException">the file does not exist.</exception>
    /// <exception cref="InvalidDataException">the file is truncated, not safetensors, or not a height model.</exception>
    /// <exception cref="ArgumentException">the file's tensors do not fit the model its spec describes.</exception>
    public static HeightTilePredictor LoadPredictor(string path)
    {
        TorchEngine.EnsureLoaded();
        var spec = ReadSpec(path);
        if (spec.Architecture == "ridge")
        {
            using var scope = NewDisposeScope();
            var ridge = RidgeRegression.FromStateDict(SafeTensors.Load(path));
            return new HeightTilePredictor(spec, new RidgeTilePredictor(ridge), null);
        }
        var network = new HeightNetwork(spec);
        try
        {
            Checkpoint.Load(path, network);
            var metres = new MetresOutput(network, spec.TargetMean, spec.TargetStd);
            return new HeightTilePredictor(spec, new ModuleTilePredictor(metres, spec.Bands, 1, (int)network.OutputStride), metres);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private static void Require(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint '{path}' does not exist", path);
    }

    private static HeightModelSpec Spec(string path, IReadOnlyDictionary<string, string> meta)
    {
        if (!meta.TryGetValue(SpecKey, out var json))
            throw new InvalidDataException($"'{path}' is not a height model: its metadata has no '{SpecKey}' entry " +
                "(use best.safetensors, last.safetensors or ridge.safetensors written by 'earthembed replicate height')");
        return HeightModelSpec.FromJson(json);
    }
}

/// <summary>A loaded height model as a tile predictor (metres out), with its spec.</summary>
public sealed class HeightTilePredictor : ITilePredictor, IDisposable
{
    private readonly ITilePredictor inner;
    private readonly IDisposable? owner;

    internal HeightTilePredictor(HeightModelSpec spec, ITilePredictor inner, IDisposable? owner)
    {
        Spec = spec;
        this.inner = inner;
        this.owner = owner;
    }

    /// <summary>How the model was built and trained.</summary>
    public HeightModelSpec Spec { get; }

    /// <inheritdoc />
    public int InputBands => inner.InputBands;

    /// <inheritdoc />
    public int OutputBands => 1;

    /// <inheritdoc />
    public int SizeMultiple => inner.SizeMultiple;

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> input, int batch, int height, int width, Span<float> output) =>
        inner.Predict(input, batch, height, width, output);

    /// <summary>Frees the model.</summary>
    public void Dispose() => owner?.Dispose();
}

/// <summary>The ridge baseline as a tile predictor: one linear map per pixel.</summary>
internal sealed class RidgeTilePredictor(RidgeRegression ridge) : ITilePredictor
{
    /// <inheritdoc />
    public int InputBands => ridge.Features;

    /// <inheritdoc />
    public int OutputBands => 1;

    /// <inheritdoc />
    public int SizeMultiple => 1;

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> input, int batch, int height, int width, Span<float> output)
    {
        using var scope = NewDisposeScope();
        var x = RasterTensors.FromSpan(input, [batch, InputBands, height, width]);
        RasterTensors.CopyTo(ridge.Predict(x), output);
    }
}
