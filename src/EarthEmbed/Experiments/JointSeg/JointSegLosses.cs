using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>The losses of the replication.</summary>
internal static class JointSegLosses
{
    /// <summary>Soft Dice loss 1 - (2 sum(p y) + 1) / (sum p + sum y + 1) over the whole batch, p = sigmoid(logits).</summary>
    public static Tensor Dice(Tensor logits, Tensor target)
    {
        var p = logits.sigmoid();
        var intersection = p.mul(target).sum();
        return intersection.mul(2).add(1.0).div(p.sum().add(target.sum()).add(1.0)).neg().add(1.0);
    }

    /// <summary>Segmentation loss: BCE on logits + <paramref name="diceWeight"/> x Dice.</summary>
    public static Tensor Segmentation(Tensor logits, Tensor target, double diceWeight) =>
        F.binary_cross_entropy_with_logits(logits, target).add(Dice(logits, target).mul(diceWeight));

    /// <summary>Super-resolution L1, averaged over the stages; each stage's target is the fine image averaged down
    /// to that stage's resolution.</summary>
    public static Tensor SuperResolution(IReadOnlyList<Tensor> images, Tensor high)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(high);
        Tensor? total = null;
        foreach (var image in images)
        {
            var pool = high.shape[2] / image.shape[2];
            var target = pool == 1 ? high : F.avg_pool2d(high, pool);
            var l1 = F.l1_loss(image, target);
            total = total is null ? l1 : total.add(l1);
        }
        return total!.div(images.Count);
    }
}
