using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace EarthEmbed.Models.Ridge;

/// <summary>The paper's per-pixel baseline: linear ridge regression from the bands of one pixel to its target,
/// fitted in closed form. It minimises sum_i (y_i - b - z_i . w)^2 + lambda |w|^2, where z = (x - mean) / std are
/// the features standardised with the training mean and population standard deviation and the intercept b is not
/// penalised (as scikit-learn's <c>Ridge(alpha=lambda)</c> on standardised features): w = (Z^T Z + lambda I)^-1
/// Z^T (y - mean y), b = mean y. The data are streamed: <see cref="Accumulate"/> adds each batch's sums (X^T X, X^T y,
/// counts) in float64, around a shift taken from the first batch so that large means do not cancel precision, and
/// <see cref="Fit"/> solves the (C x C) system by Cholesky. Pixels with a non-finite band or target, or where the
/// mask is false, are left out (the metrics' masking rule).</summary>
public sealed class RidgeRegression
{
    private double[]? shiftX, shiftY, sumX, sumY, sumXX, sumXY;
    private long count;

    /// <summary>A model with penalty <paramref name="lambda"/> (0: ordinary least squares on standardised bands).</summary>
    public RidgeRegression(double lambda = 1.0)
    {
        if (!(lambda >= 0) || double.IsInfinity(lambda))
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "the ridge penalty must be finite and >= 0");
        Lambda = lambda;
    }

    /// <summary>The penalty on the standardised coefficients.</summary>
    public double Lambda { get; }

    /// <summary>Pixels accumulated so far.</summary>
    public long Count => count;

    /// <summary>Number of bands (C), known after the first batch.</summary>
    public int Features => shiftX?.Length ?? Mean?.Length ?? 0;

    /// <summary>Number of targets (K), known after the first batch.</summary>
    public int Targets => shiftY?.Length ?? Intercept?.Length ?? 0;

    /// <summary>Whether <see cref="Fit"/> (or <see cref="FromStateDict"/>) has produced coefficients.</summary>
    public bool IsFitted => Weight is not null;

    /// <summary>Feature means (C).</summary>
    public double[]? Mean { get; private set; }

    /// <summary>Feature population standard deviations (C); 1 for constant features.</summary>
    public double[]? Std { get; private set; }

    /// <summary>Coefficients on standardised features, [c, k].</summary>
    public double[,]? Coefficients { get; private set; }

    /// <summary>Intercept per target (the target mean).</summary>
    public double[]? Intercept { get; private set; }

    /// <summary>The same model on raw features, [c, k]: y = x . Weight + Bias.</summary>
    public double[,]? Weight { get; private set; }

    /// <summary>The intercept on raw features, per target.</summary>
    public double[]? Bias { get; private set; }

    /// <summary>Adds a batch: <paramref name="features"/> (N, C) with <paramref name="targets"/> (N) or (N, K), or
    /// images (B, C, H, W) with targets (B, H, W) or (B, K, H, W); an optional boolean <paramref name="mask"/> (N) or
    /// (B, H, W) / (B, 1, H, W) keeps only pixels where it is true.</summary>
    public void Accumulate(Tensor features, Tensor targets, Tensor? mask = null)
    {
        using var scope = NewDisposeScope();
        var (x, y, m) = RidgeLayout.Rows(features, targets, mask);
        var valid = x.isfinite().sum(1).eq(x.shape[1]).logical_and(y.isfinite().sum(1).eq(y.shape[1]));
        if (m is not null) valid = valid.logical_and(m);
        x = x[valid];
        y = y[valid];
        var n = x.shape[0];
        if (shiftX is null)
        {
            if (n == 0) return;
            shiftX = x.mean([0]).contiguous().data<double>().ToArray();
            shiftY = y.mean([0]).contiguous().data<double>().ToArray();
            var (c, k) = (shiftX.Length, shiftY.Length);
            (sumX, sumY, sumXX, sumXY) = (new double[c], new double[k], new double[c * c], new double[c * k]);
        }
        else if (x.shape[1] != shiftX.Length || y.shape[1] != shiftY!.Length)
        {
            throw new ArgumentException($"batch has {x.shape[1]} bands and {y.shape[1]} targets, earlier batches had " +
                $"{shiftX.Length} and {shiftY!.Length}", nameof(features));
        }
        if (n == 0) return;
        var xs = x - tensor(shiftX);
        var ys = y - tensor(shiftY!);
        Add(sumX!, xs.sum(0));
        Add(sumY!, ys.sum(0));
        Add(sumXX!, xs.t().mm(xs));
        Add(sumXY!, xs.t().mm(ys));
        count += n;
    }

    /// <summary>Solves for the coefficients from everything accumulated (call again after more batches to refit).</summary>
    public RidgeRegression Fit()
    {
        if (shiftX is null || count == 0)
            throw new InvalidOperationException("RidgeRegression.Fit: no valid pixels were accumulated (all masked or non-finite?)");
        var (c, k, n) = (shiftX.Length, shiftY!.Length, (double)count);
        var mx = new double[c];
        var my = new double[k];
        for (var i = 0; i < c; i++) mx[i] = sumX![i] / n;
        for (var j = 0; j < k; j++) my[j] = sumY![j] / n;
        var std = new double[c];
        for (var i = 0; i < c; i++)
        {
            var v = sumXX![i * c + i] / n - mx[i] * mx[i];
            std[i] = v > 0 ? Math.Sqrt(v) : 1.0;
        }
        // Z^T Z + lambda I and Z^T (y - mean y), from the shifted sums.
        var a = new double[c, c];
        for (var i = 0; i < c; i++)
            for (var j = 0; j < c; j++)
                a[i, j] = (sumXX![i * c + j] - n * mx[i] * mx[j]) / (std[i] * std[j]) + (i == j ? Lambda : 0);
        var rhs = new double[c, k];
        for (var i = 0; i < c; i++)
            for (var j = 0; j < k; j++)
                rhs[i, j] = (sumXY![i * k + j] - n * mx[i] * my[j]) / std[i];
        var coef = Cholesky.Solve(a, rhs);

        Mean = Enumerable.Range(0, c).Select(i => shiftX[i] + mx[i]).ToArray();
        Std = std;
        Coefficients = coef;
        Intercept = Enumerable.Range(0, k).Select(j => shiftY[j] + my[j]).ToArray();
        SetRaw();
        return this;
    }

    /// <summary>Predictions for (N, C) features as (N, K), or for (B, C, H, W) images as (B, K, H, W), in the
    /// features' floating type (computed in float64). Pixels with non-finite bands give NaN.</summary>
    public Tensor Predict(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (Weight is null || Bias is null) throw new InvalidOperationException("RidgeRegression.Predict: call Fit first");
        var (c, k) = (Weight.GetLength(0), Weight.GetLength(1));
        var shape = features.shape;
        if (shape.Length is not (2 or 4) || shape[1] != c)
            throw new ArgumentException($"features should be (N, {c}) or (B, {c}, H, W), got [{string.Join(", ", shape)}]", nameof(features));
        using var scope = NewDisposeScope();
        var w = tensor(Flatten(Weight), [c, k]);
        var b = tensor(Bias);
        var type = features.is_floating_point() ? features.dtype : ScalarType.Float32;
        Tensor result;
        if (shape.Length == 2)
        {
            result = features.to(ScalarType.Float64).mm(w) + b;
        }
        else
        {
            var rows = features.to(ScalarType.Float64).permute(0, 2, 3, 1).reshape(-1, c);
            result = (rows.mm(w) + b).reshape(shape[0], shape[2], shape[3], k).permute(0, 3, 1, 2).contiguous();
        }
        return result.to(type).MoveToOuterDisposeScope();
    }

    /// <summary>The fitted model as tensors (float64): mean, std, coef (C, K), intercept (K), weight (C, K),
    /// bias (K), lambda and count, to save with SafeTensors next to a run's checkpoints.</summary>
    public Dictionary<string, Tensor> StateDict()
    {
        if (Coefficients is null) throw new InvalidOperationException("RidgeRegression.StateDict: call Fit first");
        var (c, k) = (Coefficients.GetLength(0), Coefficients.GetLength(1));
        return new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["mean"] = tensor(Mean!),
            ["std"] = tensor(Std!),
            ["coef"] = tensor(Flatten(Coefficients), [c, k]),
            ["intercept"] = tensor(Intercept!),
            ["weight"] = tensor(Flatten(Weight!), [c, k]),
            ["bias"] = tensor(Bias!),
            ["lambda"] = tensor(Lambda),
            ["count"] = tensor(count),
        };
    }

    /// <summary>A fitted model from <see cref="StateDict"/>'s tensors (ready to predict; it cannot accumulate more).</summary>
    public static RidgeRegression FromStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Tensor Get(string key) => state.TryGetValue(key, out var t) ? t
            : throw new ArgumentException($"ridge state has no '{key}' (keys: {string.Join(", ", state.Keys)})", nameof(state));
        using var scope = NewDisposeScope();
        var coef = Get("coef").to(ScalarType.Float64);
        if (coef.dim() != 2) throw new ArgumentException($"ridge 'coef' should be (C, K), got [{string.Join(", ", coef.shape)}]", nameof(state));
        var (c, k) = ((int)coef.shape[0], (int)coef.shape[1]);
        var model = new RidgeRegression(Get("lambda").ToDouble())
        {
            Mean = Get("mean").to(ScalarType.Float64).contiguous().data<double>().ToArray(),
            Std = Get("std").to(ScalarType.Float64).contiguous().data<double>().ToArray(),
            Coefficients = Unflatten(coef.contiguous().data<double>().ToArray(), c, k),
            Intercept = Get("intercept").to(ScalarType.Float64).contiguous().data<double>().ToArray(),
        };
        if (model.Mean.Length != c || model.Std.Length != c || model.Intercept.Length != k)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"ridge state sizes disagree: coef ({c}, {k}), mean {model.Mean.Length}, std {model.Std.Length}, intercept {model.Intercept.Length}"), nameof(state));
        model.count = state.TryGetValue("count", out var n) ? n.ToInt64() : 0;
        model.SetRaw();
        return model;
    }

    private void SetRaw()
    {
        var (c, k) = (Coefficients!.GetLength(0), Coefficients.GetLength(1));
        var w = new double[c, k];
        var b = (double[])Intercept!.Clone();
        for (var i = 0; i < c; i++)
            for (var j = 0; j < k; j++)
            {
                w[i, j] = Coefficients[i, j] / Std![i];
                b[j] -= Mean![i] * w[i, j];
            }
        (Weight, Bias) = (w, b);
    }

    private static void Add(double[] sum, Tensor t)
    {
        var values = t.contiguous().data<double>().ToArray();
        for (var i = 0; i < values.Length; i++) sum[i] += values[i];
    }

    private static double[] Flatten(double[,] a)
    {
        var result = new double[a.Length];
        Buffer.BlockCopy(a, 0, result, 0, a.Length * sizeof(double));
        return result;
    }

    private static double[,] Unflatten(double[] a, int rows, int cols)
    {
        var result = new double[rows, cols];
        Buffer.BlockCopy(a, 0, result, 0, a.Length * sizeof(double));
        return result;
    }
}
