"""Reference fixtures for EarthEmbed.Metrics' statistics (tests/EarthEmbed.Tests/Metrics/StatisticsReferenceTests.cs),
from SciPy 1.10 and NumPy (Debian's python3-scipy, python3-numpy): an implementation independent of ours.

Each case stats.<kind>.<name>.safetensors holds float64 tensors and the expectation in its metadata:
- wilcoxon.*: a, b (paired), statistic, p from scipy.stats.wilcoxon(a, b, zero_method='wilcox') two-sided, with
  mode='exact' where our code must use the exact distribution (n <= 50, no ties, no zeros) and mode='approx',
  correction=True otherwise (tie correction is always on in SciPy); metadata "test" names which.
- sign.*: a, b, statistic (number of positive differences) and p = scipy.stats.binomtest(k, n, 0.5).pvalue over the
  n non-zero differences.
- summary.*: values (with NaN: dropped, the metrics' rule), mean, sd (numpy std ddof=1), median, q10, q90
  (numpy.percentile, linear).
- bootstrap.*: values, lo, hi of scipy.stats.bootstrap((values,), np.mean, method='percentile',
  confidence_level=0.95, n_resamples=20000, random_state=seed). Its random stream differs from ours, so the C# test
  compares loosely (a fraction of the standard error, several times the Monte-Carlo error at B = 20000).
- erfc.values: x and scipy.special.erfc(x).
"""
import warnings

import numpy as np
import torch
from scipy import special, stats


def t(a):
    return torch.from_numpy(np.ascontiguousarray(np.asarray(a, dtype=np.float64)))


def wilcoxon(out, save, name, a, b, exact):
    a, b = np.asarray(a, float), np.asarray(b, float)
    if exact:
        res = stats.wilcoxon(a, b, zero_method="wilcox", mode="exact")
    else:
        with warnings.catch_warnings():  # "sample size too small for normal approximation": the case is on purpose
            warnings.simplefilter("ignore", UserWarning)
            res = stats.wilcoxon(a, b, zero_method="wilcox", correction=True, mode="approx")
    save(out / f"stats.wilcoxon.{name}.safetensors",
         {"a": t(a), "b": t(b), "statistic": t(res.statistic), "p": t(res.pvalue)},
         {"test": "wilcoxon_exact" if exact else "wilcoxon_normal"})


def sign(out, save, name, a, b):
    d = np.asarray(a, float) - np.asarray(b, float)
    d = d[np.isfinite(d) & (d != 0)]
    k = int((d > 0).sum())
    p = stats.binomtest(k, len(d), 0.5).pvalue
    save(out / f"stats.sign.{name}.safetensors", {"a": t(a), "b": t(b), "statistic": t(k), "p": t(p)}, {"n": len(d)})


def summary(out, save, name, values):
    v = np.asarray(values, float)
    f = v[np.isfinite(v)]
    save(out / f"stats.summary.{name}.safetensors", {
        "values": t(v), "mean": t(f.mean()), "sd": t(f.std(ddof=1)), "median": t(np.median(f)),
        "q10": t(np.percentile(f, 10)), "q90": t(np.percentile(f, 90))})


def bootstrap(out, save, name, values, seed):
    v = np.asarray(values, float)
    res = stats.bootstrap((v,), np.mean, method="percentile", confidence_level=0.95, n_resamples=20000,
                          random_state=np.random.default_rng(seed))
    save(out / f"stats.bootstrap.{name}.safetensors", {
        "values": t(v), "lo": t(res.confidence_interval.low), "hi": t(res.confidence_interval.high),
        "se": t(v.std(ddof=1) / np.sqrt(len(v)))})


def write_all(out, save):
    rng = np.random.default_rng(13)
    # Exact: continuous values (no ties, no zeros), n within SciPy's and our exact range.
    for n in (6, 12, 25, 50):
        a = rng.normal(0.6, 0.2, n)
        b = a - rng.normal(0.05, 0.1, n)
        wilcoxon(out, save, f"exact_n{n}", a, b, exact=True)
    # Normal approximation: ties (scores rounded), zeros (equal scores), and n above the exact range.
    a = np.round(rng.normal(0.7, 0.1, 30), 2)
    b = np.round(a - rng.normal(0.01, 0.03, 30), 2)
    b[b == a] += 0.01  # ties in |d| but no zero difference
    wilcoxon(out, save, "ties_n30", a, b, exact=False)
    a = np.round(rng.normal(0.5, 0.1, 25), 2)
    b = np.round(a - rng.normal(0.0, 0.02, 25), 2)
    b[:3] = a[:3]  # at least three zero differences, dropped (zero_method='wilcox')
    wilcoxon(out, save, "zeros_ties_n25", a, b, exact=False)
    a = rng.normal(0.6, 0.2, 80)
    wilcoxon(out, save, "large_n80", a, a - rng.normal(0.02, 0.1, 80), exact=False)
    a = rng.normal(0.6, 0.2, 9)
    b = a + rng.normal(0.0, 0.1, 9)
    b[4] = a[4]  # one zero among few pairs: SciPy itself falls back to the normal approximation
    wilcoxon(out, save, "one_zero_n9", a, b, exact=False)

    sign(out, save, "mostly_positive", [5, 6, 7, 8, 9, 10, 11, 12, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    sign(out, save, "with_zeros_and_nan", [1, 2, 3, 4, 5, np.nan, 7, 8], [0, 2, 1, 5, 5, 1, 6, 7])
    sign(out, save, "balanced", [1, 0, 1, 0, 1, 0], [0, 1, 0, 1, 0, 1])
    a = rng.normal(0.6, 0.2, 200)
    sign(out, save, "n200", a, a - rng.normal(0.02, 0.1, 200))

    summary(out, save, "with_nan", [0.3, np.nan, 0.9, -0.2, 0.5, np.inf, 0.71, 0.05])
    summary(out, save, "normal_n101", rng.normal(5, 2, 101))

    bootstrap(out, save, "mean_n30", rng.normal(0.4, 0.2, 30), 101)
    bootstrap(out, save, "mean_skewed_n60", rng.lognormal(0.0, 0.8, 60), 102)

    x = np.array([-3.0, -1.5, -0.3, 0.0, 1e-8, 0.2, 0.5, 1.0, 1.4, 1.99, 2.0, 2.01, 2.5, 3.0, 4.5, 6.0, 9.0, 15.0, 26.0])
    save(out / "stats.erfc.values.safetensors", {"x": t(x), "erfc": t(special.erfc(x))})
