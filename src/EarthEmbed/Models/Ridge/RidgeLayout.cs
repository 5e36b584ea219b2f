using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Models.Ridge;

/// <summary>Turns the layouts <see cref="RidgeRegression.Accumulate"/> accepts into float64 rows: features (N, C),
/// targets (N, K) and an optional boolean row mask (N).</summary>
internal static class RidgeLayout
{
    public static (Tensor X, Tensor Y, Tensor? Mask) Rows(Tensor features, Tensor targets, Tensor? mask)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        var fs = features.shape;
        var ts = targets.shape;
        Tensor x, y;
        Tensor? m = null;
        if (fs.Length == 2)
        {
            if (ts.Length is not (1 or 2) || ts[0] != fs[0])
                throw new ArgumentException($"features are (N={fs[0]}, C={fs[1]}): targets should be ({fs[0]}) or ({fs[0]}, K), got {Format(ts)}", nameof(targets));
            x = features.to(ScalarType.Float64);
            y = (ts.Length == 1 ? targets.unsqueeze(1) : targets).to(ScalarType.Float64);
            if (mask is not null)
            {
                if (mask.numel() != fs[0])
                    throw new ArgumentException($"mask should have one value per row ({fs[0]}), got {Format(mask.shape)}", nameof(mask));
                m = mask.reshape(-1).to(ScalarType.Bool);
            }
        }
        else if (fs.Length == 4)
        {
            var (b, c, h, w) = (fs[0], fs[1], fs[2], fs[3]);
            var image = ts.Length == 3 && ts[0] == b && ts[1] == h && ts[2] == w;
            var stack = ts.Length == 4 && ts[0] == b && ts[2] == h && ts[3] == w;
            if (!image && !stack)
                throw new ArgumentException($"features are (B={b}, C={c}, H={h}, W={w}): targets should be ({b}, {h}, {w}) or ({b}, K, {h}, {w}), " +
                    $"got {Format(ts)}", nameof(targets));
            x = features.to(ScalarType.Float64).permute(0, 2, 3, 1).reshape(-1, c);
            var t4 = image ? targets.unsqueeze(1) : targets;
            y = t4.to(ScalarType.Float64).permute(0, 2, 3, 1).reshape(-1, t4.shape[1]);
            if (mask is not null)
            {
                if (mask.numel() != b * h * w)
                    throw new ArgumentException($"mask should be ({b}, {h}, {w}) or ({b}, 1, {h}, {w}), got {Format(mask.shape)}", nameof(mask));
                m = mask.reshape(-1).to(ScalarType.Bool);
            }
        }
        else
        {
            throw new ArgumentException($"features should be (N, C) rows or (B, C, H, W) images, got {Format(fs)}", nameof(features));
        }
        return (x, y, m);
    }

    private static string Format(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
