using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch.Nn;

/// <summary>How <see cref="Init.KaimingUniform_"/> and <see cref="Init.KaimingNormal_"/> pick the fan: "fan_in"
/// preserves the forward activations' variance, "fan_out" the backward gradients'.</summary>
public enum FanMode
{
    /// <summary>Inputs per output unit (in_channels * kernel area).</summary>
    FanIn,
    /// <summary>Outputs per input unit (out_channels * kernel area).</summary>
    FanOut,
}

/// <summary>Which activation follows a layer, for <see cref="Init.CalculateGain"/> (torch.nn.init's names).</summary>
public enum Nonlinearity
{
    /// <summary>Identity (gain 1).</summary>
    Linear,
    /// <summary>Convolution without activation (gain 1).</summary>
    Conv,
    /// <summary>Sigmoid (gain 1).</summary>
    Sigmoid,
    /// <summary>Tanh (gain 5/3).</summary>
    Tanh,
    /// <summary>ReLU (gain sqrt 2).</summary>
    Relu,
    /// <summary>Leaky ReLU with slope a (gain sqrt(2 / (1 + a^2))).</summary>
    LeakyRelu,
    /// <summary>SELU (gain 3/4).</summary>
    Selu,
}

/// <summary>Weight initialisation in place, following <c>torch.nn.init</c> formula for formula: with the same seed
/// (<see cref="Engine.ManualSeed"/>) these draw the same numbers as PyTorch. Each runs without recording gradients,
/// so it can be applied to parameters.</summary>
public static class Init
{
    private static readonly Op ErfinvIn = new("aten::erfinv_");

    /// <summary>The recommended gain for a nonlinearity (torch.nn.init.calculate_gain); <paramref name="param"/> is
    /// the leaky ReLU slope (0.01 when null).</summary>
    public static double CalculateGain(Nonlinearity nonlinearity, double? param = null) => nonlinearity switch
    {
        Nonlinearity.Linear or Nonlinearity.Conv or Nonlinearity.Sigmoid => 1.0,
        Nonlinearity.Tanh => 5.0 / 3,
        Nonlinearity.Relu => Math.Sqrt(2.0),
        Nonlinearity.LeakyRelu => Math.Sqrt(2.0 / (1 + Math.Pow(param ?? 0.01, 2))),
        Nonlinearity.Selu => 3.0 / 4,
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "unknown nonlinearity"),
    };

    /// <summary>(fan_in, fan_out) of a weight: size(1) and size(0) times the receptive field (the product of the
    /// trailing dimensions), as PyTorch computes them. Needs at least 2 dimensions.</summary>
    public static (long FanIn, long FanOut) CalculateFanInAndFanOut(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = tensor.Shape;
        if (shape.Length < 2)
            throw new ArgumentException($"fan in and fan out need a tensor of at least 2 dimensions, got shape {Shapes.Format(shape)}", nameof(tensor));
        long receptive = 1;
        for (var i = 2; i < shape.Length; i++) receptive *= shape[i];
        return (shape[1] * receptive, shape[0] * receptive);
    }

    /// <summary>Uniform values in [<paramref name="a"/>, <paramref name="b"/>).</summary>
    public static Tensor Uniform_(Tensor tensor, double a = 0, double b = 1)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var noGrad = GradMode.Disable();
        return tensor.Uniform_(a, b);
    }

    /// <summary>Normal values N(mean, std^2).</summary>
    public static Tensor Normal_(Tensor tensor, double mean = 0, double std = 1)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var noGrad = GradMode.Disable();
        return tensor.Normal_(mean, std);
    }

    /// <summary>Every element <paramref name="value"/>.</summary>
    public static Tensor Constant_(Tensor tensor, double value)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var noGrad = GradMode.Disable();
        return tensor.Fill_(value);
    }

    /// <summary>Every element 0.</summary>
    public static Tensor Zeros_(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var noGrad = GradMode.Disable();
        return tensor.Zero_();
    }

    /// <summary>Every element 1.</summary>
    public static Tensor Ones_(Tensor tensor) => Constant_(tensor, 1);

    /// <summary>He initialisation, uniform: U(-bound, bound) with bound = gain * sqrt(3 / fan). Linear and
    /// convolution layers use <c>a = sqrt(5)</c>, which gives bound = 1 / sqrt(fan_in).</summary>
    public static Tensor KaimingUniform_(Tensor tensor, double a = 0, FanMode mode = FanMode.FanIn,
        Nonlinearity nonlinearity = Nonlinearity.LeakyRelu)
    {
        var std = KaimingStd(tensor, a, mode, nonlinearity);
        var bound = Math.Sqrt(3.0) * std;
        return Uniform_(tensor, -bound, bound);
    }

    /// <summary>He initialisation, normal: N(0, std^2) with std = gain / sqrt(fan).</summary>
    public static Tensor KaimingNormal_(Tensor tensor, double a = 0, FanMode mode = FanMode.FanIn,
        Nonlinearity nonlinearity = Nonlinearity.LeakyRelu) =>
        Normal_(tensor, 0, KaimingStd(tensor, a, mode, nonlinearity));

    /// <summary>Glorot initialisation, uniform: U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)).</summary>
    public static Tensor XavierUniform_(Tensor tensor, double gain = 1)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        var bound = Math.Sqrt(3.0) * gain * Math.Sqrt(2.0 / (fanIn + fanOut));
        return Uniform_(tensor, -bound, bound);
    }

    /// <summary>Glorot initialisation, normal: N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out)).</summary>
    public static Tensor XavierNormal_(Tensor tensor, double gain = 1)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        return Normal_(tensor, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)));
    }

    /// <summary>Normal N(mean, std^2) truncated to [a, b], by inverse-CDF sampling exactly as PyTorch's
    /// trunc_normal_ (used by vision transformers for their embeddings).</summary>
    public static Tensor TruncNormal_(Tensor tensor, double mean = 0, double std = 1, double a = -2, double b = 2)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!(a < b)) throw new ArgumentException($"truncation interval [a={a}, b={b}] is empty", nameof(b));
        static double Cdf(double x) => (1 + Erf(x / Math.Sqrt(2))) / 2;
        var l = Cdf((a - mean) / std);
        var u = Cdf((b - mean) / std);
        using var noGrad = GradMode.Disable();
        tensor.Uniform_(2 * l - 1, 2 * u - 1);
        ErfinvIn.InPlace(tensor);
        tensor.Mul_(std * Math.Sqrt(2));
        tensor.Add_(mean);
        return tensor.Clamp_(a, b);
    }

    private static double KaimingStd(Tensor tensor, double a, FanMode mode, Nonlinearity nonlinearity)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        var fan = mode == FanMode.FanIn ? fanIn : fanOut;
        if (fan == 0) throw new ArgumentException($"cannot initialise a tensor of shape {Shapes.Format(tensor.Shape)}: its fan is 0", nameof(tensor));
        return CalculateGain(nonlinearity, a) / Math.Sqrt(fan);
    }

    private static double Erf(double x)
    {
        using var t = Tensor.Scalar(x);
        using var e = t.Erf();
        return e.ToDouble();
    }
}
