"""Parity fixtures, group "opsloss": losses with every reduction (none, mean, sum): mse, l1, smooth_l1 with beta,
huber, bce_with_logits with weight and pos_weight, bce, cross_entropy with class weights, ignore_index, label
smoothing, spatial targets and class-probability targets, nll, kl_div. C# side: Ops/LossParityTests.cs."""
import torch
import torch.nn.functional as F

from opcases import Writer, ints, pos, rn

TARGETS = ("t", "wt", "pw")


def write_all(out, save):
    torch.manual_seed(5)
    w = Writer("opsloss", out, save)
    x, t = rn(4, 5), rn(4, 5)

    for r in ("none", "mean", "sum"):
        w.case(f"mse_{r}", lambda x, t, r=r: F.mse_loss(x, t, reduction=r), nograd=TARGETS, x=x, t=t)
        w.case(f"l1_{r}", lambda x, t, r=r: F.l1_loss(x, t, reduction=r), nograd=TARGETS, x=x, t=t)
    w.case("mse_target_grad", lambda x, t: F.mse_loss(x, t), x=x, t=t)
    w.case("smooth_l1_beta1_mean", lambda x, t: F.smooth_l1_loss(x, t), nograd=TARGETS, x=x, t=t)
    w.case("smooth_l1_beta05_sum", lambda x, t: F.smooth_l1_loss(x, t, reduction="sum", beta=0.5), nograd=TARGETS, x=x, t=t)
    w.case("smooth_l1_beta2_none", lambda x, t: F.smooth_l1_loss(x, t, reduction="none", beta=2.0), nograd=TARGETS, x=x, t=t)
    w.case("smooth_l1_beta0_mean", lambda x, t: F.smooth_l1_loss(x, t, beta=0.0), nograd=TARGETS, x=x, t=t)
    w.case("huber_delta05_mean", lambda x, t: F.huber_loss(x, t, delta=0.5), nograd=TARGETS, x=x, t=t)
    w.case("huber_delta2_none", lambda x, t: F.huber_loss(x, t, reduction="none", delta=2.0), nograd=TARGETS, x=x, t=t)

    logits, soft = rn(4, 5) * 2, torch.rand(4, 5, dtype=torch.float64)
    hard = (torch.rand(4, 5) > 0.5).double()
    weight, pos_weight = pos(5), pos(5) * 2
    w.case("bce_logits_mean", lambda x, t: F.binary_cross_entropy_with_logits(x, t), nograd=TARGETS, x=logits, t=soft)
    w.case("bce_logits_weight", lambda x, t, wt: F.binary_cross_entropy_with_logits(x, t, weight=wt),
           nograd=TARGETS, x=logits, t=hard, wt=weight)
    w.case("bce_logits_pos_weight", lambda x, t, pw: F.binary_cross_entropy_with_logits(x, t, pos_weight=pw),
           nograd=TARGETS, x=logits, t=hard, pw=pos_weight)
    w.case("bce_logits_both_sum",
           lambda x, t, wt, pw: F.binary_cross_entropy_with_logits(x, t, weight=wt, pos_weight=pw, reduction="sum"),
           nograd=TARGETS, x=logits, t=soft, wt=rn(4, 1).abs(), pw=pos_weight)
    w.case("bce_logits_none", lambda x, t, pw: F.binary_cross_entropy_with_logits(x, t, pos_weight=pw, reduction="none"),
           nograd=TARGETS, x=logits, t=soft, pw=pos_weight)
    w.case("bce_probabilities", lambda x, t, wt: F.binary_cross_entropy(torch.sigmoid(x), t, weight=wt),
           nograd=TARGETS, x=logits, t=soft, wt=weight)

    z = rn(6, 4) * 2
    labels = torch.tensor([0, 3, 1, 2, 3, 1])
    ignored = torch.tensor([0, -100, 1, 2, -100, 1])
    cw = pos(4)
    w.case("ce_mean", lambda x, t: F.cross_entropy(x, t), x=z, t=labels)
    w.case("ce_sum", lambda x, t: F.cross_entropy(x, t, reduction="sum"), x=z, t=labels)
    w.case("ce_none", lambda x, t: F.cross_entropy(x, t, reduction="none"), x=z, t=labels)
    w.case("ce_weight", lambda x, t, wt: F.cross_entropy(x, t, weight=wt), nograd=TARGETS, x=z, t=labels, wt=cw)
    w.case("ce_ignore_default", lambda x, t: F.cross_entropy(x, t), x=z, t=ignored)
    w.case("ce_ignore_none", lambda x, t: F.cross_entropy(x, t, reduction="none"), x=z, t=ignored)
    w.case("ce_ignore_custom_weight", lambda x, t, wt: F.cross_entropy(x, t, weight=wt, ignore_index=3),
           nograd=TARGETS, x=z, t=labels, wt=cw)
    w.case("ce_smoothing", lambda x, t: F.cross_entropy(x, t, label_smoothing=0.1), x=z, t=labels)
    w.case("ce_smoothing_weight_ignore", lambda x, t, wt: F.cross_entropy(x, t, weight=wt, label_smoothing=0.2),
           nograd=TARGETS, x=z, t=ignored, wt=cw)
    w.case("ce_smoothing_sum", lambda x, t: F.cross_entropy(x, t, reduction="sum", label_smoothing=0.3), x=z, t=ignored)
    spatial_t = ints(0, 4, 2, 3, 3)
    spatial_t[0, 1, 1] = spatial_t[1, 2, 0] = -100
    w.case("ce_spatial", lambda x, t, wt: F.cross_entropy(x, t, weight=wt), nograd=TARGETS, x=rn(2, 4, 3, 3), t=spatial_t, wt=cw)
    probs = torch.softmax(rn(6, 4), 1)
    w.case("ce_probabilities", lambda x, t: F.cross_entropy(x, t), nograd=TARGETS, x=z, t=probs)
    w.case("ce_probabilities_weight_smoothing", lambda x, t, wt: F.cross_entropy(x, t, weight=wt, label_smoothing=0.1),
           nograd=TARGETS, x=z, t=probs, wt=cw)
    w.case("nll_weight_ignore", lambda x, t, wt: F.nll_loss(torch.log_softmax(x, 1), t, weight=wt),
           nograd=TARGETS, x=z, t=ignored, wt=cw)
    w.case("nll_spatial_sum", lambda x, t: F.nll_loss(torch.log_softmax(x, 1), t, reduction="sum"),
           x=rn(2, 4, 3, 3), t=spatial_t)
    w.case("kl_div_mean", lambda x, t: F.kl_div(torch.log_softmax(x, 1), t, reduction="mean"), nograd=TARGETS, x=z, t=probs)
    w.case("kl_div_log_target_sum", lambda x, t: F.kl_div(torch.log_softmax(x, 1), t.log(), reduction="sum", log_target=True),
           nograd=TARGETS, x=z, t=probs)
