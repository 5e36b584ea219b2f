using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

// Activations and dropout, as in torch.nn.functional.
public static partial class Functional
{
    private static readonly Op ReluOp = new("aten::relu"), ReluIn = new("aten::relu_"), LeakyReluOp = new("aten::leaky_relu");
    private static readonly Op GeluOp = new("aten::gelu"), SiluOp = new("aten::silu"), SigmoidOp = new("aten::sigmoid");
    private static readonly Op TanhOp = new("aten::tanh"), EluOp = new("aten::elu"), SoftplusOp = new("aten::softplus");
    private static readonly Op HardtanhOp = new("aten::hardtanh"), HardswishOp = new("aten::hardswish"), MishOp = new("aten::mish");
    private static readonly Op LogSigmoidOp = new("aten::log_sigmoid");
    private static readonly Op SoftmaxOp = new("aten::softmax.int"), LogSoftmaxOp = new("aten::log_softmax.int");
    private static readonly Op DropoutOp = new("aten::dropout"), FeatureDropoutOp = new("aten::feature_dropout");

    /// <summary>max(0, x).</summary>
    public static Tensor Relu(Tensor x) => ReluOp.Tensor(x);

    /// <summary>In place max(0, x); returns <paramref name="x"/>.</summary>
    public static Tensor Relu_(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        ReluIn.InPlace(x);
        return x;
    }

    /// <summary>min(max(0, x), 6), MobileNet's clipped ReLU.</summary>
    public static Tensor Relu6(Tensor x) => HardtanhOp.Tensor(x, 0.0, 6.0);

    /// <summary>x for x &gt; 0, <paramref name="negativeSlope"/> * x otherwise.</summary>
    public static Tensor LeakyRelu(Tensor x, double negativeSlope = 0.01) => LeakyReluOp.Tensor(x, negativeSlope);

    /// <summary>x for x &gt; 0, alpha (e^x - 1) otherwise.</summary>
    public static Tensor Elu(Tensor x, double alpha = 1.0) => EluOp.Tensor(x, alpha);

    /// <summary>Gaussian error linear unit x Φ(x); <paramref name="approximate"/> "tanh" for the tanh form
    /// 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))).</summary>
    /// <remarks>When a gradient will be taken through the exact form, this computes 0.5 x (1 + erf(x / √2)) from
    /// elementary ops instead of calling aten::gelu: libtorch 1.13's CPU <c>gelu_backward</c> (approximate "none")
    /// returns wrong values when the incoming gradient is not contiguous (e.g. after einsum, permute or attention),
    /// which PyTorch 1.13 itself reproduces (<c>aten.gelu_backward(g.permute(...), z)</c> differs from the same call
    /// with <c>g.contiguous()</c>). Values are the same to float rounding; without autograd aten::gelu runs.</remarks>
    public static Tensor Gelu(Tensor x, string approximate = "none")
    {
        ArgumentNullException.ThrowIfNull(x);
        if (approximate is not ("none" or "tanh"))
            throw new ArgumentException($"approximate '{approximate}' is not one of \"none\", \"tanh\"", nameof(approximate));
        if (approximate == "none" && GradMode.IsEnabled && x.RequiresGrad)
        {
            using var scope = DisposeScope.Enter();
            return scope.Keep(x * 0.5 * ((x * (1 / Math.Sqrt(2))).Erf() + 1.0));
        }
        return GeluOp.Tensor(x, approximate);
    }

    /// <summary>x * sigmoid(x) (also called swish).</summary>
    public static Tensor Silu(Tensor x) => SiluOp.Tensor(x);

    /// <summary>x * tanh(softplus(x)).</summary>
    public static Tensor Mish(Tensor x) => MishOp.Tensor(x);

    /// <summary>x * relu6(x + 3) / 6, MobileNetV3's cheap swish.</summary>
    public static Tensor Hardswish(Tensor x) => HardswishOp.Tensor(x);

    /// <summary>log(1 + e^(beta x)) / beta, linear above <paramref name="threshold"/> (in beta x) for stability.</summary>
    public static Tensor Softplus(Tensor x, double beta = 1.0, double threshold = 20.0) => SoftplusOp.Tensor(x, beta, threshold);

    /// <summary>1 / (1 + e^-x).</summary>
    public static Tensor Sigmoid(Tensor x) => SigmoidOp.Tensor(x);

    /// <summary>log(sigmoid(x)), computed stably.</summary>
    public static Tensor LogSigmoid(Tensor x) => LogSigmoidOp.Tensor(x);

    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor Tanh(Tensor x) => TanhOp.Tensor(x);

    /// <summary>exp(x) / sum(exp(x)) along <paramref name="dim"/>.</summary>
    public static Tensor Softmax(Tensor x, int dim) => SoftmaxOp.Tensor(x, dim);

    /// <summary>Log of softmax along <paramref name="dim"/>, computed stably (x - logsumexp(x)).</summary>
    public static Tensor LogSoftmax(Tensor x, int dim) => LogSoftmaxOp.Tensor(x, dim);

    /// <summary>In training, zeroes each element with probability <paramref name="p"/> and scales the rest by
    /// 1/(1-p), so the expectation is unchanged; outside training returns <paramref name="x"/> unchanged.</summary>
    public static Tensor Dropout(Tensor x, double p, bool training)
    {
        CheckProbability(p);
        return DropoutOp.Tensor(x, p, training);
    }

    /// <summary>Channel dropout for (N, C, H, W): in training zeroes whole channels with probability
    /// <paramref name="p"/> and scales the others by 1/(1-p), like <c>F.dropout2d</c>.</summary>
    public static Tensor Dropout2d(Tensor x, double p, bool training)
    {
        CheckProbability(p);
        return FeatureDropoutOp.Tensor(x, p, training);
    }

    private static void CheckProbability(double p)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be between 0 and 1");
    }
}
