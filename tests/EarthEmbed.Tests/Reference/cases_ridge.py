"""Reference fixtures for EarthEmbed.Models.Ridge (tests/EarthEmbed.Tests/Models/RidgeRegressionTests.cs), in NumPy.

The ridge fit minimises sum_i (y_i - b - z_i . w)^2 + lambda |w|^2 over standardised features z = (x - mean) / std
(population std), the intercept b not penalised. The reference solves it NOT with the normal equations (the C# code
uses those) but as one least-squares problem on the augmented system [Z 1; sqrt(lambda) I 0] [w; b] = [y; 0]
(numpy.linalg.lstsq, an SVD), so the two methods are independent.

Each case ridge.<name>.safetensors: features (N, C) float32, targets (N, K) float32, lambda (scalar f64),
coef (C, K) standardised-space weights, intercept (K), mean (C), std (C), weight (C, K) and bias (K) on raw features,
new_features (M, C) and predictions (M, K), all float64 except the inputs.
"""
import numpy as np
import torch


def solve(x, y, lam):
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    z = (x - mean) / std
    n, c = z.shape
    a = np.block([[z, np.ones((n, 1))], [np.sqrt(lam) * np.eye(c), np.zeros((c, 1))]])
    rhs = np.vstack([y, np.zeros((c, y.shape[1]))])
    sol = np.linalg.lstsq(a, rhs, rcond=None)[0]
    coef, intercept = sol[:c], sol[c]
    weight = coef / std[:, None]
    bias = intercept - mean @ weight
    return mean, std, coef, intercept, weight, bias


def case(out, save, name, n, c, k, lam, seed, offset):
    rng = np.random.default_rng(seed)
    scales = rng.uniform(0.1, 20.0, c)
    x = (rng.standard_normal((n, c)) + rng.standard_normal(c) * 0.5) * scales + offset  # far-from-zero means
    x = x.astype(np.float32).astype(np.float64)
    true_w = rng.standard_normal((c, k))
    y = (x - x.mean(axis=0)) / x.std(axis=0) @ true_w + 0.5 * rng.standard_normal((n, k)) + 100.0
    y = y.astype(np.float32).astype(np.float64)
    mean, std, coef, intercept, weight, bias = solve(x, y, lam)
    new = (x[:7] + rng.standard_normal((7, c)) * scales).astype(np.float32).astype(np.float64)
    pred = new @ weight + bias
    t = lambda a: torch.from_numpy(np.ascontiguousarray(a))
    save(out / f"ridge.{name}.safetensors", {
        "features": t(x.astype(np.float32)), "targets": t(y.astype(np.float32)), "lambda": torch.tensor(lam, dtype=torch.float64),
        "coef": t(coef), "intercept": t(intercept), "mean": t(mean), "std": t(std), "weight": t(weight), "bias": t(bias),
        "new_features": t(new.astype(np.float32)), "predictions": t(pred)})


def write_all(out, save):
    case(out, save, "bands64_lambda1", 3000, 64, 1, 1.0, 11, 0.0)
    case(out, save, "bands8_two_targets_offset", 500, 8, 2, 25.0, 12, 1000.0)
    case(out, save, "bands5_tiny_lambda", 200, 5, 1, 1e-6, 13, -3.0)
