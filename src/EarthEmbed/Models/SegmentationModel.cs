using EarthEmbed.Models.Decoders;
using EarthEmbed.Models.Encoders;
using EarthEmbed.Models.Heads;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Models;

/// <summary>An encoder-decoder network for dense (per-pixel) prediction, composed as segmentation_models_pytorch's
/// <c>SegmentationModel</c>: <c>encoder</c> (feature maps per depth) -> <c>decoder</c> (one full-resolution map)
/// -> <c>segmentation_head</c> (output channels), so state dict keys read as smp's. With deep supervision, extra
/// heads (<c>auxiliary_heads.&lt;node&gt;</c>) predict from the decoder's <see cref="Decoder.AuxiliaryNodes"/>;
/// <see cref="ForwardAll"/> returns them after the main output for the training loss, <see cref="forward"/>
/// returns the main output only. Build one by name with <see cref="ModelRegistry.Create"/>.</summary>
public sealed class SegmentationModel : nn.Module<Tensor, Tensor>
{
    // Fields carry smp's attribute names: TorchSharp registers a module's fields by name.
    private readonly Encoder encoder;
    private readonly Decoder decoder;
    private readonly RegressionHead segmentation_head;
    private readonly ModuleDict<RegressionHead>? auxiliary_heads;

    /// <summary>Composes the parts; channel counts must chain (encoder -> decoder -> head).</summary>
    /// <param name="encoder">The encoder.</param>
    /// <param name="decoder">A decoder built for <paramref name="encoder"/>'s <see cref="Encoder.OutChannels"/>.</param>
    /// <param name="head">The head reading the decoder's output.</param>
    /// <param name="auxiliaryHeads">Deep-supervision heads, one per decoder auxiliary node, keyed by node name.</param>
    public SegmentationModel(Encoder encoder, Decoder decoder, RegressionHead head,
        IReadOnlyList<(string Node, RegressionHead Head)>? auxiliaryHeads = null) : base(nameof(SegmentationModel))
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(head);
        if (!encoder.OutChannels.SequenceEqual(decoder.EncoderChannels))
            throw new ArgumentException($"the decoder was built for encoder channels [{string.Join(", ", decoder.EncoderChannels)}], " +
                $"the encoder has [{string.Join(", ", encoder.OutChannels)}]", nameof(decoder));
        if (head.InChannels != decoder.OutChannels)
            throw new ArgumentException($"the head reads {head.InChannels} channels, the decoder gives {decoder.OutChannels}", nameof(head));
        this.encoder = encoder;
        this.decoder = decoder;
        segmentation_head = head;
        if (auxiliaryHeads is { Count: > 0 })
        {
            var nodes = decoder.AuxiliaryNodes;
            if (nodes.Count == 0)
                throw new ArgumentException($"deep supervision needs a decoder with auxiliary nodes (UNet++); {decoder.GetType().Name} has none",
                    nameof(auxiliaryHeads));
            if (!auxiliaryHeads.Select(a => a.Node).SequenceEqual(nodes.Select(n => n.Name)))
                throw new ArgumentException($"auxiliary heads must be given for the nodes [{string.Join(", ", nodes.Select(n => n.Name))}] in " +
                    $"that order, got [{string.Join(", ", auxiliaryHeads.Select(a => a.Node))}]", nameof(auxiliaryHeads));
            auxiliary_heads = new ModuleDict<RegressionHead>();
            foreach (var (node, auxHead) in auxiliaryHeads) auxiliary_heads.Add(node, auxHead);
        }
        RegisterComponents();
    }

    /// <summary>The encoder (state dict prefix "encoder.").</summary>
    public Encoder Encoder => encoder;

    /// <summary>The decoder (prefix "decoder.").</summary>
    public Decoder Decoder => decoder;

    /// <summary>The main head (prefix "segmentation_head.").</summary>
    public RegressionHead Head => segmentation_head;

    /// <summary>Whether <see cref="ForwardAll"/> returns deep-supervision outputs.</summary>
    public bool DeepSupervision => auxiliary_heads is not null;

    /// <summary>Input height and width must be multiples of this (the encoder's 2^depth).</summary>
    public long OutputStride => Encoder.OutputStride;

    /// <summary>Bands the model expects.</summary>
    public long InChannels => Encoder.InChannels;

    /// <summary>Channels the model predicts.</summary>
    public long OutChannels => Head.OutChannels;

    /// <summary>Throws, suggesting the padded size, unless <paramref name="input"/> is (N, <see cref="InChannels"/>,
    /// H, W) with H and W multiples of <see cref="OutputStride"/>.</summary>
    public void CheckInputShape(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.shape;
        if (shape.Length != 4 || shape[1] != InChannels)
            throw new ArgumentException($"the model expects (N, {InChannels}, H, W) input, got [{string.Join(", ", shape)}]", nameof(input));
        var (h, w, s) = (shape[2], shape[3], OutputStride);
        if (h % s != 0 || w % s != 0)
            throw new ArgumentException($"input {h}x{w} is not a multiple of {s}; pad to {InputPadding.RoundUp(h, s)}x{InputPadding.RoundUp(w, s)} " +
                "(InputPadding.PadToMultiple pads by reflection and returns the crop that undoes it)", nameof(input));
    }

    /// <summary>The main prediction (N, <see cref="OutChannels"/>, H, W).</summary>
    public override Tensor forward(Tensor input)
    {
        CheckInputShape(input);
        using var scope = NewDisposeScope();
        var features = encoder.call(input);
        return segmentation_head.call(decoder.call(features)).MoveToOuterDisposeScope();
    }

    /// <summary>The main prediction first, then one per deep-supervision head (all at the input's size); just the main
    /// one without deep supervision. A training loss averages over them.</summary>
    public List<Tensor> ForwardAll(Tensor input)
    {
        if (auxiliary_heads is null) return [call(input)];
        CheckInputShape(input);
        using var scope = NewDisposeScope();
        var features = encoder.call(input);
        var (output, auxiliary) = decoder.ForwardWithAuxiliary(features);
        var outputs = new List<Tensor> { segmentation_head.call(output).MoveToOuterDisposeScope() };
        for (var i = 0; i < auxiliary.Count; i++)
            outputs.Add(auxiliary_heads[i].Item2.call(auxiliary[i]).MoveToOuterDisposeScope());
        return outputs;
    }

    /// <summary>Pads <paramref name="input"/> to a multiple of <see cref="OutputStride"/>, predicts, and crops back: for
    /// images of any size.</summary>
    public Tensor ForwardPadded(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var (padded, crop) = InputPadding.PadToMultiple(input, OutputStride);
        return crop.Apply(call(padded)).MoveToOuterDisposeScope();
    }
}
