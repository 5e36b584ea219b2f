using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

// Attention as functions, composed from linear/bmm/softmax like torch.nn.functional.multi_head_attention_forward.
public static partial class Functional
{
    private static readonly Op BaddbmmOp = new("aten::baddbmm");

    /// <summary>softmax(q k^T / sqrt(E) + mask) v for (B, L, E) queries and (B, S, E) keys/values, with an additive
    /// float <paramref name="attnMask"/> broadcastable to (B, L, S) (-inf hides a key) and dropout
    /// <paramref name="dropoutP"/> on the weights. Returns the (B, L, E) output and the (B, L, S) weights.</summary>
    public static (Tensor Output, Tensor Weights) ScaledDotProductAttention(Tensor q, Tensor k, Tensor v,
        Tensor? attnMask = null, double dropoutP = 0)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(k);
        ArgumentNullException.ThrowIfNull(v);
        using var scope = DisposeScope.Enter();
        var qScaled = q / Math.Sqrt(q.Size(-1));
        var kT = k.Transpose(-2, -1);
        var scores = attnMask is null ? qScaled.Bmm(kT) : BaddbmmOp.Tensor(attnMask, qScaled, kT, 1.0, 1.0);
        var weights = Softmax(scores, -1);
        if (dropoutP > 0) weights = Dropout(weights, dropoutP, true);
        var output = weights.Bmm(v);
        scope.Keep(output, weights);
        return (output, weights);
    }

    /// <summary>Multi-head attention as <c>torch.nn.functional.multi_head_attention_forward</c> with packed input
    /// projection: sequence-first (L, N, E) query and (S, N, E) key/value (or unbatched (L, E), (S, E)),
    /// <paramref name="inProjWeight"/> (3E, E) and <paramref name="inProjBias"/> (3E), output projection (E, E).
    /// <paramref name="keyPaddingMask"/> (N, S): true (or -inf when float) hides a key; <paramref name="attnMask"/>
    /// (L, S) or (N * heads, L, S), bool (true hides) or additive float. Returns the (L, N, E) output and, with
    /// <paramref name="needWeights"/>, the weights averaged over heads (N, L, S), or per head (N, heads, L, S)
    /// without <paramref name="averageAttnWeights"/>.</summary>
    public static (Tensor Output, Tensor? Weights) MultiHeadAttentionForward(Tensor query, Tensor key, Tensor value,
        long numHeads, Tensor inProjWeight, Tensor? inProjBias, Tensor outProjWeight, Tensor? outProjBias,
        double dropoutP = 0, bool training = true, Tensor? keyPaddingMask = null, bool needWeights = true,
        Tensor? attnMask = null, bool averageAttnWeights = true)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(inProjWeight);
        using var scope = DisposeScope.Enter();
        var batched = CheckAttentionShapes(query, key, value, keyPaddingMask, attnMask, numHeads);
        if (!batched)
        {
            // Pretend there is a batch of one, keeping "key is value" and "query is key" (they pick the projection path).
            var q1 = query.Unsqueeze(1);
            var k1 = ReferenceEquals(key, query) ? q1 : key.Unsqueeze(1);
            value = ReferenceEquals(value, key) ? k1 : value.Unsqueeze(1);
            (query, key) = (q1, k1);
            keyPaddingMask = keyPaddingMask?.Unsqueeze(0);
        }
        long tgtLen = query.Size(0), bsz = query.Size(1), embedDim = query.Size(2), srcLen = key.Size(0);
        if (inProjWeight.Dim != 2 || inProjWeight.Size(0) != 3 * embedDim || inProjWeight.Size(1) != embedDim)
            throw new ArgumentException($"multi-head attention: in_proj_weight must be ({3 * embedDim}, {embedDim}) for embedding " +
                $"dimension {embedDim}, got {FormatShape(inProjWeight.Shape)}", nameof(inProjWeight));
        if (embedDim % numHeads != 0)
            throw new ArgumentException($"multi-head attention: embedding dimension {embedDim} is not divisible by {numHeads} heads", nameof(numHeads));
        var headDim = embedDim / numHeads;
        if (!key.Shape.SequenceEqual(value.Shape))
            throw new ArgumentException($"multi-head attention: key shape {FormatShape(key.Shape)} does not match value shape {FormatShape(value.Shape)}", nameof(value));

        var (q, k, v) = InProjectionPacked(query, key, value, inProjWeight, inProjBias, embedDim);

        if (attnMask is not null)
        {
            if (attnMask.DType == ScalarType.UInt8) attnMask = attnMask.To(ScalarType.Bool);
            else if (attnMask.DType != ScalarType.Bool && !attnMask.DType.IsFloatingPoint())
                throw new ArgumentException($"multi-head attention: attn_mask must be bool or floating point, got {attnMask.DType}", nameof(attnMask));
            if (attnMask.Dim == 2)
            {
                if (attnMask.Size(0) != tgtLen || attnMask.Size(1) != srcLen)
                    throw new ArgumentException($"multi-head attention: the 2-D attn_mask is {FormatShape(attnMask.Shape)}, should be [{tgtLen}, {srcLen}]", nameof(attnMask));
                attnMask = attnMask.Unsqueeze(0);
            }
            else if (!attnMask.Shape.SequenceEqual(new[] { bsz * numHeads, tgtLen, srcLen }))
                throw new ArgumentException($"multi-head attention: the 3-D attn_mask is {FormatShape(attnMask.Shape)}, should be [{bsz * numHeads}, {tgtLen}, {srcLen}]", nameof(attnMask));
        }

        q = q.Contiguous().View(tgtLen, bsz * numHeads, headDim).Transpose(0, 1);
        k = k.Contiguous().View(k.Size(0), bsz * numHeads, headDim).Transpose(0, 1);
        v = v.Contiguous().View(v.Size(0), bsz * numHeads, headDim).Transpose(0, 1);

        if (keyPaddingMask is not null)
        {
            if (keyPaddingMask.DType == ScalarType.UInt8) keyPaddingMask = keyPaddingMask.To(ScalarType.Bool);
            if (keyPaddingMask.Size(0) != bsz || keyPaddingMask.Size(1) != srcLen)
                throw new ArgumentException($"multi-head attention: key_padding_mask is {FormatShape(keyPaddingMask.Shape)}, should be [{bsz}, {srcLen}]", nameof(keyPaddingMask));
            var kpm = keyPaddingMask.View(bsz, 1, 1, srcLen).Expand(-1, numHeads, -1, -1).Reshape(bsz * numHeads, 1, srcLen);
            attnMask = attnMask is null ? kpm
                : attnMask.DType == ScalarType.Bool ? attnMask.LogicalOr(kpm)
                : attnMask.MaskedFill(kpm, double.NegativeInfinity);
        }
        if (attnMask is not null && attnMask.DType == ScalarType.Bool)
            attnMask = Tensor.Zeros(attnMask.Shape, q.DType, q.Device).MaskedFill_(attnMask, double.NegativeInfinity);

        var (attended, weights) = ScaledDotProductAttention(q, k, v, attnMask, training ? dropoutP : 0);
        var flat = attended.Transpose(0, 1).Contiguous().View(tgtLen * bsz, embedDim);
        var output = Linear(flat, outProjWeight, outProjBias);
        output = output.View(tgtLen, bsz, output.Size(1));
        Tensor? resultWeights = null;
        if (needWeights)
        {
            resultWeights = weights.View(bsz, numHeads, tgtLen, srcLen);
            if (averageAttnWeights) resultWeights = resultWeights.Sum(1) / numHeads;
            if (!batched) resultWeights = resultWeights.Squeeze(0);
        }
        if (!batched) output = output.Squeeze(1);
        scope.Keep(output);
        if (resultWeights is not null) scope.Keep(resultWeights);
        return (output, resultWeights);
    }

    private static (Tensor Q, Tensor K, Tensor V) InProjectionPacked(Tensor query, Tensor key, Tensor value,
        Tensor weight, Tensor? bias, long embedDim)
    {
        if (ReferenceEquals(key, value))
        {
            if (ReferenceEquals(query, key))
            {
                var qkv = Linear(query, weight, bias).Chunk(3, -1);  // self-attention: one projection
                return (qkv[0], qkv[1], qkv[2]);
            }
            var w = weight.Split([embedDim, 2 * embedDim]);
            var b = bias?.Split([embedDim, 2 * embedDim]);
            var kv = Linear(key, w[1], b?[1]).Chunk(2, -1);  // encoder-decoder attention
            return (Linear(query, w[0], b?[0]), kv[0], kv[1]);
        }
        var ws = weight.Chunk(3);
        var bs = bias?.Chunk(3);
        return (Linear(query, ws[0], bs?[0]), Linear(key, ws[1], bs?[1]), Linear(value, ws[2], bs?[2]));
    }

    /// <summary>Checks ranks as PyTorch's _mha_shape_check; true when the input is batched.</summary>
    private static bool CheckAttentionShapes(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask,
        Tensor? attnMask, long numHeads)
    {
        var batched = query.Dim switch
        {
            3 => true,
            2 => false,
            _ => throw new ArgumentException($"multi-head attention: query must be 3-D (batched) or 2-D (unbatched), got shape {FormatShape(query.Shape)}", nameof(query)),
        };
        var rank = batched ? 3 : 2;
        if (key.Dim != rank || value.Dim != rank)
            throw new ArgumentException($"multi-head attention: for a {rank}-D query, key and value must be {rank}-D, got " +
                $"{FormatShape(key.Shape)} and {FormatShape(value.Shape)}", nameof(key));
        if (keyPaddingMask is not null && keyPaddingMask.Dim != rank - 1)
            throw new ArgumentException($"multi-head attention: for a {rank}-D query, key_padding_mask must be {rank - 1}-D, got " +
                $"{FormatShape(keyPaddingMask.Shape)}", nameof(keyPaddingMask));
        if (attnMask is not null && attnMask.Dim is not (2 or 3))
            throw new ArgumentException($"multi-head attention: attn_mask must be 2-D or 3-D, got {FormatShape(attnMask.Shape)}", nameof(attnMask));
        if (!batched && attnMask is { Dim: 3 } && attnMask.Size(0) != numHeads)
            throw new ArgumentException($"multi-head attention: an unbatched 3-D attn_mask must have {numHeads} (heads) in dimension 0, got {FormatShape(attnMask.Shape)}", nameof(attnMask));
        return batched;
    }

    private static string FormatShape(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
