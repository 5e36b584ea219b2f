using System.Text.Json;
using System.Text.Json.Serialization;
using EarthEmbed.Models;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.Height;

/// <summary>What rebuilds a trained height model from its checkpoint alone: the architecture and its options, the
/// band count, and the target normaliser. Stored as JSON in the checkpoint's safetensors metadata under
/// <see cref="HeightModelFile.SpecKey"/>, so <c>earthembed predict</c> needs nothing but the file.</summary>
public sealed record HeightModelSpec
{
    /// <summary>"unet", "unetpp" or "ridge".</summary>
    public string Architecture { get; init; } = "unet";

    /// <summary>Encoder name (networks only).</summary>
    public string Encoder { get; init; } = "resnet18";

    /// <summary>Encoder stages (networks only).</summary>
    public int EncoderDepth { get; init; } = 5;

    /// <summary>Decoder channels, deepest first; empty for the encoder's default.</summary>
    public long[] DecoderChannels { get; init; } = [];

    /// <summary>Input bands the model expects.</summary>
    public int Bands { get; init; }

    /// <summary>Mean of the training heights (the network predicts (h - mean) / std).</summary>
    public double TargetMean { get; init; }

    /// <summary>Standard deviation of the training heights.</summary>
    public double TargetStd { get; init; } = 1;

    /// <summary>What the model was trained on, in words.</summary>
    public string TrainedOn { get; init; } = "";

    /// <summary>The options for <see cref="ModelRegistry.Create"/>.</summary>
    public ModelOptions ToModelOptions() => new()
    {
        Encoder = Encoder,
        InChannels = Bands,
        Classes = 1,
        EncoderDepth = EncoderDepth,
        DecoderChannels = DecoderChannels.Length == 0 ? null : DecoderChannels,
    };

    /// <summary>As JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>From JSON written by <see cref="ToJson"/>.</summary>
    public static HeightModelSpec FromJson(string json) =>
        JsonSerializer.Deserialize<HeightModelSpec>(json, Json) ?? throw new InvalidDataException("empty height model spec");

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
}

/// <summary>A U-Net or U-Net++ for height with its input normalisation built in: it standardises each band with the
/// training mean and standard deviation (buffers <c>input_mean</c>, <c>input_std</c>, saved in the state dict),
/// then runs the segmentation model (prefix <c>net.</c>), padding inputs that are not a multiple of its output
/// stride and cropping back. The output is the standardised height; <see cref="HeightModelSpec.TargetMean"/> and
/// <see cref="HeightModelSpec.TargetStd"/> turn it into metres.</summary>
public sealed class HeightNetwork : nn.Module<Tensor, Tensor>
{
    // Field names are the state dict's (TorchSharp registers fields by name).
    private readonly SegmentationModel net;
    private readonly Tensor input_mean;
    private readonly Tensor input_std;

    /// <summary>Builds the network of <paramref name="spec"/>; the input statistics default to identity (0, 1)
    /// until set with <see cref="SetInputStatistics"/> or loaded from a checkpoint.</summary>
    public HeightNetwork(HeightModelSpec spec) : base(nameof(HeightNetwork))
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Architecture is not ("unet" or "unetpp"))
            throw new ArgumentException($"a height network is unet or unetpp, got '{spec.Architecture}'", nameof(spec));
        Spec = spec;
        net = ModelRegistry.Create(spec.Architecture, spec.ToModelOptions());
        // Buffers live as long as the network, not as long as a dispose scope the caller may be in.
        input_mean = zeros(1, spec.Bands, 1, 1).DetachFromDisposeScope();
        input_std = ones(1, spec.Bands, 1, 1).DetachFromDisposeScope();
        RegisterComponents();
    }

    /// <summary>How it was built.</summary>
    public HeightModelSpec Spec { get; }

    /// <summary>The segmentation model.</summary>
    public SegmentationModel Net => net;

    /// <summary>Input height and width are padded to multiples of this.</summary>
    public long OutputStride => net.OutputStride;

    /// <summary>Sets the per-band input mean and standard deviation (from the training pixels).</summary>
    public void SetInputStatistics(float[] mean, float[] std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length != Spec.Bands || std.Length != Spec.Bands)
            throw new ArgumentException($"need {Spec.Bands} means and standard deviations, got {mean.Length} and {std.Length}", nameof(mean));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        input_mean.copy_(tensor(mean, [1, Spec.Bands, 1, 1]));
        input_std.copy_(tensor(std, [1, Spec.Bands, 1, 1]));
    }

    /// <summary>Standardised height (N, 1, H, W) for inputs (N, bands, H, W) of any size.</summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4 || input.shape[1] != Spec.Bands)
            throw new ArgumentException($"the height network expects (N, {Spec.Bands}, H, W) input, got [{string.Join(", ", input.shape)}]", nameof(input));
        using var scope = NewDisposeScope();
        return net.ForwardPadded((input - input_mean) / input_std).MoveToOuterDisposeScope();
    }
}

/// <summary>Turns a network's standardised output into metres: h = z · std + mean.</summary>
internal sealed class MetresOutput : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> net;
    private readonly double mean;
    private readonly double std;

    /// <summary>Wraps <paramref name="network"/> (registered as <c>net</c>).</summary>
    public MetresOutput(nn.Module<Tensor, Tensor> network, double mean, double std) : base(nameof(MetresOutput))
    {
        ArgumentNullException.ThrowIfNull(network);
        net = network;
        this.mean = mean;
        this.std = std;
        RegisterComponents();
    }

    /// <summary>The wrapped network.</summary>
    public nn.Module<Tensor, Tensor> Network => net;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return (net.call(input) * std + mean).MoveToOuterDisposeScope();
    }
}
