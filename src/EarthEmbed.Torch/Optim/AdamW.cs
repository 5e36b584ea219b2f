namespace EarthEmbed.Torch.Optim;

/// <summary>AdamW (Loshchilov and Hutter, 2019, "Decoupled Weight Decay Regularization"): Adam whose weight decay
/// shrinks the weights directly, p *= 1 - lr * weight_decay, before the moment update, instead of adding an L2 term
/// to the gradient. <c>torch.optim.AdamW</c> of PyTorch 1.13 (single-tensor implementation), whose default weight
/// decay is 0.01. Same state as <see cref="Adam"/>.</summary>
public sealed class AdamW : AdamFamily
{
    /// <summary>Optimises <paramref name="parameters"/> (one group) with the given defaults.</summary>
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 1e-2, bool amsGrad = false, bool maximize = false)
        : base(parameters, new AdamGroup([], lr, beta1, beta2, eps, weightDecay, amsGrad, maximize), decoupled: true)
    {
    }
}
