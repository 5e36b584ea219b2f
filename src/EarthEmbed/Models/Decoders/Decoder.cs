using static TorchSharp.torch;

namespace EarthEmbed.Models.Decoders;

/// <summary>A decoder node whose output can get its own prediction head (deep supervision).</summary>
/// <param name="Name">The node's name in the decoder (e.g. "x_1_3"), used to name its head.</param>
/// <param name="Channels">Channels of the node's output.</param>
/// <param name="Upsampling">Factor from the node's resolution to the model input's.</param>
public readonly record struct AuxiliaryNode(string Name, long Channels, long Upsampling);

/// <summary>The middle part of a <see cref="SegmentationModel"/>: turns the encoder's feature maps (input first, as
/// <see cref="Encoders.Encoder"/> returns them) into one full-resolution map of <see cref="OutChannels"/>
/// channels for the head, as segmentation_models_pytorch's decoders do.</summary>
public abstract class Decoder : nn.Module<IReadOnlyList<Tensor>, Tensor>
{
    /// <summary>Names the module (TorchSharp's module name, used in diagnostics).</summary>
    protected Decoder(string name) : base(name) { }

    /// <summary>The encoder channels this decoder was built for (input first).</summary>
    public abstract IReadOnlyList<long> EncoderChannels { get; }

    /// <summary>Channels of the decoder's output.</summary>
    public abstract long OutChannels { get; }

    /// <summary>Intermediate nodes that can be supervised (none by default), in the order
    /// <see cref="ForwardWithAuxiliary"/> returns them.</summary>
    public virtual IReadOnlyList<AuxiliaryNode> AuxiliaryNodes => [];

    /// <summary>The output and the outputs of <see cref="AuxiliaryNodes"/>; the default has no auxiliary outputs.</summary>
    public virtual (Tensor Output, IReadOnlyList<Tensor> Auxiliary) ForwardWithAuxiliary(IReadOnlyList<Tensor> features) =>
        (forward(features), []);

    /// <summary>Checks the feature list against <see cref="EncoderChannels"/> (count, channels, halving sizes) and
    /// says which map is wrong.</summary>
    protected void CheckFeatures(IReadOnlyList<Tensor> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var name = GetType().Name;
        if (features.Count != EncoderChannels.Count)
            throw new ArgumentException($"{name} expects {EncoderChannels.Count} feature maps (the input and {EncoderChannels.Count - 1} " +
                $"encoder stages), got {features.Count}", nameof(features));
        for (var i = 0; i < features.Count; i++)
        {
            var shape = features[i].shape;
            if (shape.Length != 4 || shape[1] != EncoderChannels[i])
                throw new ArgumentException($"{name}: feature {i} should be (N, {EncoderChannels[i]}, H, W), got " +
                    $"[{string.Join(", ", shape)}]", nameof(features));
            if (i > 1)
            {
                var previous = features[i - 1].shape;
                if (previous[2] != 2 * shape[2] || previous[3] != 2 * shape[3])
                    throw new ArgumentException($"{name}: feature {i} is {shape[2]}x{shape[3]} but feature {i - 1} is " +
                        $"{previous[2]}x{previous[3]}; each stage must halve the size (is the input a multiple of the output stride?)",
                        nameof(features));
            }
        }
    }
}
