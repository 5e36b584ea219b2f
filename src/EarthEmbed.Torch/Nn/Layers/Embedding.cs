using System.Globalization;

namespace EarthEmbed.Torch.Nn;

/// <summary>A lookup table of learnable vectors, like <c>torch.nn.Embedding</c>: int64 indices of any shape to
/// vectors of <see cref="EmbeddingDim"/> (weight (num, dim) drawn from N(0, 1); the padding row, if any, is zero and
/// receives no gradient).</summary>
public sealed class Embedding : Module<Tensor, Tensor>
{
    /// <summary>Creates the table with PyTorch's default initialisation.</summary>
    public Embedding(long numEmbeddings, long embeddingDim, long? paddingIdx = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numEmbeddings, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(embeddingDim, 1);
        if (paddingIdx is { } p)
        {
            if (p >= numEmbeddings || p < -numEmbeddings)
                throw new ArgumentOutOfRangeException(nameof(paddingIdx), p, $"padding index must be within [-{numEmbeddings}, {numEmbeddings})");
            paddingIdx = p < 0 ? p + numEmbeddings : p;
        }
        (NumEmbeddings, EmbeddingDim, PaddingIdx) = (numEmbeddings, embeddingDim, paddingIdx);
        Weight = RegisterParameter("weight", Tensor.Empty([numEmbeddings, embeddingDim]));
        ResetParameters();
    }

    /// <summary>Rows in the table.</summary>
    public long NumEmbeddings { get; }
    /// <summary>Length of each vector.</summary>
    public long EmbeddingDim { get; }
    /// <summary>The row kept at zero (no gradient), or null.</summary>
    public long? PaddingIdx { get; }
    /// <summary>The (num, dim) table.</summary>
    public Tensor Weight { get; }

    /// <summary>Re-draws the table from N(0, 1) and zeroes the padding row.</summary>
    public void ResetParameters()
    {
        Init.Normal_(Weight);
        if (PaddingIdx is { } p)
        {
            using var noGrad = GradMode.Disable();
            using var row = Weight.Select(0, p);
            row.Zero_();
        }
    }

    /// <summary>Integer indices (*) to vectors (*, dim).</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.DType is not (ScalarType.Int64 or ScalarType.Int32))
            throw new ArgumentException($"Embedding({NumEmbeddings}, {EmbeddingDim}): indices must be int64 or int32, got {input.DType}", nameof(input));
        return Functional.Embedding(Weight, input, PaddingIdx ?? -1);
    }

    /// <summary>PyTorch's repr, e.g. "Embedding(10, 3, padding_idx=0)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Embedding({NumEmbeddings}, {EmbeddingDim}{(PaddingIdx is { } p ? $", padding_idx={p}" : "")})");
}
