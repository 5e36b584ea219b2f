using System.Globalization;

namespace EarthEmbed.Torch.Nn;

/// <summary>Layer normalisation over the trailing dimensions, like <c>torch.nn.LayerNorm</c>: each sample is
/// normalised over its last <c>normalizedShape.Length</c> dimensions, then scaled and shifted element-wise.</summary>
public sealed class LayerNorm : Module<Tensor, Tensor>
{
    private readonly long[] normalizedShape;

    /// <summary>Creates the layer over one trailing dimension of size <paramref name="normalizedShape"/>.</summary>
    public LayerNorm(long normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
        : this([normalizedShape], eps, elementwiseAffine)
    {
    }

    /// <summary>Creates the layer over trailing dimensions of the given sizes: weight 1, bias 0.</summary>
    public LayerNorm(long[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        if (normalizedShape.Length == 0 || normalizedShape.Any(s => s < 1))
            throw new ArgumentException($"normalizedShape must be non-empty with positive sizes, got {Shapes.Format(normalizedShape)}", nameof(normalizedShape));
        this.normalizedShape = (long[])normalizedShape.Clone();
        (Eps, ElementwiseAffine) = (eps, elementwiseAffine);
        if (elementwiseAffine)
        {
            Weight = RegisterParameter("weight", Init.Ones_(Tensor.Empty(normalizedShape)));
            Bias = RegisterParameter("bias", Init.Zeros_(Tensor.Empty(normalizedShape)));
        }
    }

    /// <summary>The trailing dimensions normalised over.</summary>
    public IReadOnlyList<long> NormalizedShape => normalizedShape;
    /// <summary>Added to the variance before the square root.</summary>
    public double Eps { get; }
    /// <summary>Whether the layer has a learnable element-wise scale and shift.</summary>
    public bool ElementwiseAffine { get; }
    /// <summary>The scale (shape <see cref="NormalizedShape"/>), or null without affine.</summary>
    public Tensor? Weight { get; }
    /// <summary>The shift (shape <see cref="NormalizedShape"/>), or null without affine.</summary>
    public Tensor? Bias { get; }

    /// <summary>(*, normalizedShape) to the same shape.</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.Shape;
        var k = normalizedShape.Length;
        if (shape.Length < k || !shape.AsSpan(shape.Length - k).SequenceEqual(normalizedShape))
            throw new ArgumentException($"LayerNorm({Shapes.Format(normalizedShape)}): input's trailing dimensions must be " +
                $"{Shapes.Format(normalizedShape)}, got input shape {Shapes.Format(shape)}", nameof(input));
        return Functional.LayerNorm(input, normalizedShape, Weight, Bias, Eps);
    }

    /// <summary>PyTorch's repr, e.g. "LayerNorm((64,), eps=1e-05, elementwise_affine=True)".</summary>
    public override string ToString()
    {
        var dims = normalizedShape.Length == 1
            ? string.Create(CultureInfo.InvariantCulture, $"({normalizedShape[0]},)")
            : "(" + string.Join(", ", normalizedShape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + ")";
        return $"LayerNorm({dims}, eps={Shapes.Py(Eps)}, elementwise_affine={Shapes.Py(ElementwiseAffine)})";
    }
}
