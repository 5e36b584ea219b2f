using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>A 3x3 or 4x4 convolution whose weight is divided by its largest singular value, estimated by power
/// iteration (Miyato et al. 2018), as <c>torch.nn.utils.spectral_norm(nn.Conv2d(...))</c> in PyTorch 1.13: the state
/// dict holds <c>weight_orig</c>, <c>bias</c>, <c>weight_u</c> and <c>weight_v</c>; in training mode each forward
/// runs <see cref="PowerIterations"/> steps v = normalize(W^T u), u = normalize(W v) without gradients and uses
/// sigma = u . W v (with gradients through W); in evaluation the stored u and v are used as they are. It keeps the
/// U-Net discriminator 1-Lipschitz per layer, which steadies adversarial training. (TorchSharp has no spectral
/// normalisation of its own.)</summary>
internal sealed class SpectralNormConv2d : nn.Module<Tensor, Tensor>
{
    // Fields carry PyTorch's state-dict names: TorchSharp registers a module's fields by name.
    private readonly Parameter weight_orig;
    private readonly Parameter? bias;
    private readonly Tensor weight_u, weight_v;

    /// <summary>Creates the convolution (PyTorch's default initialisation) and draws u and v as PyTorch does
    /// (normal, then normalised).</summary>
    public SpectralNormConv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, bool bias = true,
        int powerIterations = 1) : base(nameof(SpectralNormConv2d))
    {
        Stride = stride;
        Padding = padding;
        PowerIterations = powerIterations;
        using var scope = torch.NewDisposeScope();
        using (var conv = nn.Conv2d(inChannels, outChannels, kernelSize, stride, padding, bias: bias))
        {
            weight_orig = nn.Parameter(conv.weight!.detach().clone().DetachFromDisposeScope());
            this.bias = bias ? nn.Parameter(conv.bias!.detach().clone().DetachFromDisposeScope()) : null;
        }
        using (torch.no_grad())
        {
            var rows = outChannels;
            var cols = inChannels * kernelSize * kernelSize;
            weight_u = Normalize(torch.randn(new[] { rows })).DetachFromDisposeScope();
            weight_v = Normalize(torch.randn(new[] { cols })).DetachFromDisposeScope();
        }
        RegisterComponents();
    }

    /// <summary>The unnormalised weight (trained; state dict "weight_orig").</summary>
    public Parameter WeightOrig => weight_orig;

    /// <summary>The bias, or null.</summary>
    public Parameter? Bias => bias;

    /// <summary>Stride of the convolution.</summary>
    public long Stride { get; }

    /// <summary>Zero padding of the convolution.</summary>
    public long Padding { get; }

    /// <summary>Power-iteration steps per training forward (PyTorch's default 1).</summary>
    public int PowerIterations { get; }

    /// <summary>The current estimate of the largest singular value of the weight (no gradient).</summary>
    public double Sigma
    {
        get
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var w = weight_orig.reshape(weight_orig.shape[0], -1);
            return weight_u.dot(w.mv(weight_v)).ToDouble();
        }
    }

    /// <summary>The normalised weight W / sigma, updating u and v first in training mode.</summary>
    public Tensor NormalizedWeight()
    {
        var w = weight_orig.reshape(weight_orig.shape[0], -1);
        if (training)
        {
            using var noGrad = torch.no_grad();
            using var inner = torch.NewDisposeScope();
            for (var i = 0; i < PowerIterations; i++)
            {
                weight_v.copy_(Normalize(w.t().mv(weight_u)));
                weight_u.copy_(Normalize(w.mv(weight_v)));
            }
        }
        // As PyTorch: in training the graph keeps copies of u and v, so the next forward may update the buffers in
        // place while this forward's backward is still pending (the discriminator runs on real and fake batches).
        var (u, v) = training && PowerIterations > 0 ? (weight_u.clone(), weight_v.clone()) : (weight_u, weight_v);
        var sigma = u.dot(w.mv(v));
        return weight_orig.div(sigma);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) =>
        F.conv2d(input, NormalizedWeight(), bias, new[] { Stride, Stride }, new[] { Padding, Padding });

    private static Tensor Normalize(Tensor x) => x.div(x.norm().clamp_min(1e-12));
}
