using EarthEmbed.Torch;
using EarthEmbed.Torch.Nn;
using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>A 3x3 or 4x4 convolution whose weight is divided by its largest singular value, estimated by power
/// iteration (Miyato et al. 2018), as <c>torch.nn.utils.spectral_norm(nn.Conv2d(...))</c> in PyTorch 1.13: the state
/// dict holds <c>weight_orig</c>, <c>bias</c>, <c>weight_u</c> and <c>weight_v</c>; in training mode each forward
/// runs <see cref="PowerIterations"/> steps v = normalize(W^T u), u = normalize(W v) without gradients and uses
/// sigma = u . W v (with gradients through W); in evaluation the stored u and v are used as they are. It keeps the
/// U-Net discriminator 1-Lipschitz per layer, which steadies adversarial training.</summary>
public sealed class SpectralNormConv2d : Module<Tensor, Tensor>
{
    private readonly Tensor weightU, weightV;

    /// <summary>Creates the convolution (PyTorch's default initialisation) and draws u and v as PyTorch does
    /// (normal, then normalised).</summary>
    public SpectralNormConv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, bool bias = true,
        int powerIterations = 1)
    {
        using var conv = new Conv2d(inChannels, outChannels, kernelSize, stride, padding, bias: bias);
        Stride = stride;
        Padding = padding;
        PowerIterations = powerIterations;
        WeightOrig = RegisterParameter("weight_orig", conv.Weight.Detach().Clone());
        Bias = bias ? RegisterParameter("bias", conv.Bias!.Detach().Clone()) : null;
        using var scope = DisposeScope.Enter();
        using var noGrad = GradMode.Disable();
        var rows = outChannels;
        var cols = inChannels * kernelSize * kernelSize;
        weightU = RegisterBuffer("weight_u", scope.Keep(Normalize(Tensor.Randn([rows]))))!;
        weightV = RegisterBuffer("weight_v", scope.Keep(Normalize(Tensor.Randn([cols]))))!;
    }

    /// <summary>The unnormalised weight (trained).</summary>
    public Tensor WeightOrig { get; }

    /// <summary>The bias, or null.</summary>
    public Tensor? Bias { get; }

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
            using var scope = DisposeScope.Enter();
            using var noGrad = GradMode.Disable();
            var w = WeightOrig.Reshape(WeightOrig.Shape[0], -1);
            return weightU.MatMul(w.MatMul(weightV)).ToDouble();
        }
    }

    /// <summary>The normalised weight W / sigma, updating u and v first in training mode.</summary>
    public Tensor NormalizedWeight()
    {
        var w = WeightOrig.Reshape(WeightOrig.Shape[0], -1);
        if (Training)
        {
            using var noGrad = GradMode.Disable();
            using var inner = DisposeScope.Enter();
            for (var i = 0; i < PowerIterations; i++)
            {
                weightV.Copy_(Normalize(w.T().MatMul(weightU)));
                weightU.Copy_(Normalize(w.MatMul(weightV)));
            }
        }
        // As PyTorch: in training the graph keeps copies of u and v, so the next forward may update the buffers in
        // place while this forward's backward is still pending (the discriminator runs on real and fake batches).
        var (u, v) = Training && PowerIterations > 0 ? (weightU.Clone(), weightV.Clone()) : (weightU, weightV);
        var sigma = u.MatMul(w.MatMul(v));
        return WeightOrig.Div(sigma);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => F.Conv2d(input, NormalizedWeight(), Bias, Stride, Padding);

    private static Tensor Normalize(Tensor x) => x.Div(x.Norm().ClampMin(1e-12));
}
