namespace EarthEmbed.Models.Ridge;

/// <summary>Solves A X = B for a symmetric positive definite A (Cholesky, A = L L^T), in float64: the ridge normal
/// equations are small (bands x bands), so plain arrays are enough.</summary>
internal static class Cholesky
{
    public static double[,] Solve(double[,] a, double[,] b)
    {
        var n = a.GetLength(0);
        var k = b.GetLength(1);
        var l = new double[n, n];
        for (var j = 0; j < n; j++)
        {
            var d = a[j, j];
            for (var p = 0; p < j; p++) d -= l[j, p] * l[j, p];
            if (!(d > 1e-12 * Math.Max(1.0, Math.Abs(a[j, j]))))
                throw new InvalidOperationException($"the ridge system is singular at feature {j} (a band that is constant or a linear " +
                    "combination of others?); use a penalty lambda > 0");
            l[j, j] = Math.Sqrt(d);
            for (var i = j + 1; i < n; i++)
            {
                var s = a[i, j];
                for (var p = 0; p < j; p++) s -= l[i, p] * l[j, p];
                l[i, j] = s / l[j, j];
            }
        }
        var x = new double[n, k];
        for (var c = 0; c < k; c++)
        {
            var z = new double[n];
            for (var i = 0; i < n; i++)
            {
                var s = b[i, c];
                for (var p = 0; p < i; p++) s -= l[i, p] * z[p];
                z[i] = s / l[i, i];
            }
            for (var i = n - 1; i >= 0; i--)
            {
                var s = z[i];
                for (var p = i + 1; p < n; p++) s -= l[p, i] * x[p, c];
                x[i, c] = s / l[i, i];
            }
        }
        return x;
    }
}
