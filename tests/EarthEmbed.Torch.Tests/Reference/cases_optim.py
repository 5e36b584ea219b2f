"""Reference trajectories for EarthEmbed.Torch.Optim: optimisers, gradient clipping, learning-rate schedules.

Groups written (one file per case, the configuration in the file's __metadata__ so the C# test reads it from there):
  optim.<case>   seeded float64 parameters p0..p2 in two parameter groups, a fixed sequence of gradients g<k>.<j>
                 (p1 has no gradient at step 2, p2 never has one: both must be skipped), params after<k>.<j> after
                 every step k. PyTorch's single-tensor implementations (foreach=False, the CPU default in 1.13).
  clip.<case>    gradients before and after clip_grad_norm_ / clip_grad_value_, and the returned total norm.
  sched.<case>   the learning rate (and momentum / beta1 where a schedule cycles it) of every parameter group after
                 construction and after each of the steps; ReduceLROnPlateau with the metric sequence it was fed.
  ckpt.<case>    a plain PyTorch state_dict of check_reads_ours.TinyNet, and its output for a fixed input.
"""
import math

import torch

from check_reads_ours import TinyNet

STEPS = 5
SHAPES = [(3, 4), (5,), (2, 2)]

OPTIMIZERS = {
    "sgd_plain": ("sgd", dict(lr=0.1)),
    "sgd_momentum": ("sgd", dict(lr=0.1, momentum=0.9)),
    "sgd_dampening": ("sgd", dict(lr=0.1, momentum=0.9, dampening=0.3, weight_decay=0.01)),
    "sgd_nesterov": ("sgd", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
    "sgd_weight_decay": ("sgd", dict(lr=0.1, weight_decay=0.1)),
    "sgd_maximize": ("sgd", dict(lr=0.1, momentum=0.5, maximize=True)),
    "adam": ("adam", dict(lr=0.01)),
    "adam_weight_decay": ("adam", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    "adam_amsgrad": ("adam", dict(lr=0.01, amsgrad=True, weight_decay=0.01)),
    "adamw": ("adamw", dict(lr=0.01, weight_decay=0.1)),
    "adamw_amsgrad": ("adamw", dict(lr=0.02, betas=(0.85, 0.95), amsgrad=True, weight_decay=0.05, maximize=True)),
}

CLASSES = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}


def _meta(kind, cfg):
    meta = {"optimizer": kind}
    for k, v in cfg.items():
        if k == "betas":
            meta["beta1"], meta["beta2"] = repr(float(v[0])), repr(float(v[1]))
        elif isinstance(v, bool):
            meta[k] = "true" if v else "false"
        else:
            meta[k] = repr(float(v))
    return meta


def write_optimizers(out, save):
    for i, (case, (kind, cfg)) in enumerate(OPTIMIZERS.items()):
        torch.manual_seed(100 + i)
        params = [torch.randn(s, dtype=torch.float64, requires_grad=True) for s in SHAPES]
        tensors = {f"p{j}": p.detach().clone() for j, p in enumerate(params)}
        # Group 1 overrides the learning rate: the C# side gives it lr * 0.5 too.
        opt = CLASSES[kind]([{"params": [params[0], params[2]]}, {"params": [params[1]], "lr": cfg["lr"] * 0.5}],
                            foreach=False, **cfg)
        for k in range(STEPS):
            for j, p in enumerate(params):
                if j == 2 or (j == 1 and k == 2):
                    p.grad = None
                    continue
                # Shrinking gradients, so amsgrad's running maximum differs from the plain second moment.
                g = torch.randn(SHAPES[j], dtype=torch.float64) * (2.0 / (k + 1))
                p.grad = g
                tensors[f"g{k}.{j}"] = g.clone()
            opt.step()
            for j, p in enumerate(params):
                tensors[f"after{k}.{j}"] = p.detach().clone()
        save(out / f"optim.{case}.safetensors", tensors, _meta(kind, cfg))


CLIPS = {
    "norm2_clipped": dict(mode="norm", max_norm=1.0, norm_type=2.0),
    "norm2_unclipped": dict(mode="norm", max_norm=100.0, norm_type=2.0),
    "norm1": dict(mode="norm", max_norm=2.0, norm_type=1.0),
    "norm3": dict(mode="norm", max_norm=0.5, norm_type=3.0),
    "norm_inf": dict(mode="norm", max_norm=0.7, norm_type=math.inf),
    "value": dict(mode="value", clip_value=0.3),
}


def write_clips(out, save):
    for i, (case, cfg) in enumerate(CLIPS.items()):
        torch.manual_seed(200 + i)
        params = [torch.zeros(s, requires_grad=True) for s in SHAPES]
        tensors = {}
        for j, p in enumerate(params[:2]):  # p2 has no gradient and must be ignored
            p.grad = torch.randn(SHAPES[j]) * 1.5
            tensors[f"g{j}"] = p.grad.clone()
        if cfg["mode"] == "norm":
            total = torch.nn.utils.clip_grad_norm_(params, cfg["max_norm"], cfg["norm_type"])
            tensors["total_norm"] = total.detach().clone()
            meta = {"mode": "norm", "max_norm": repr(cfg["max_norm"]), "norm_type": repr(cfg["norm_type"])}
        else:
            torch.nn.utils.clip_grad_value_(params, cfg["clip_value"])
            meta = {"mode": "value", "clip_value": repr(cfg["clip_value"])}
        for j, p in enumerate(params[:2]):
            tensors[f"clipped{j}"] = p.grad.clone()
        save(out / f"clip.{case}.safetensors", tensors, meta)


SCHEDULES = {
    "step_lr": dict(kind="step", optimizer="sgd", steps=30, step_size=7, gamma=0.5),
    "cosine": dict(kind="cosine", optimizer="sgd", steps=30, T_max=10, eta_min=0.001),
    "cosine_zero_min": dict(kind="cosine", optimizer="adam", steps=30, T_max=30, eta_min=0.0),
    "one_cycle_sgd": dict(kind="one_cycle", optimizer="sgd", steps=29, total_steps=30, max_lr=0.5),
    "one_cycle_adam": dict(kind="one_cycle", optimizer="adam", steps=30, total_steps=31, max_lr=0.02, pct_start=0.25,
                           div_factor=10.0, final_div_factor=100.0, base_momentum=0.8, max_momentum=0.9),
    "one_cycle_linear_three_phase": dict(kind="one_cycle", optimizer="sgd", steps=30, total_steps=31, max_lr=0.1,
                                         anneal_strategy="linear", three_phase=True),
    "one_cycle_no_momentum": dict(kind="one_cycle", optimizer="adamw", steps=25, total_steps=30, max_lr=0.01,
                                  cycle_momentum=False),
    "plateau_min": dict(kind="plateau", optimizer="sgd", mode="min", factor=0.5, patience=2, threshold=0.01,
                        cooldown=1, min_lr=0.004),
    "plateau_max_abs": dict(kind="plateau", optimizer="adam", mode="max", factor=0.3, patience=0, threshold=0.05,
                            threshold_mode="abs", cooldown=2, min_lr=1e-4),
}

METRICS = [1.0, 0.9, 0.95, 0.899, 0.898, 0.97, 0.85, 0.86, 0.87, 0.88, 0.84, 0.845, 0.846, 0.5, 0.6, 0.7, 0.8,
           0.49, 0.495, 0.4951, 0.4952, 0.4953, 0.3, 0.31, 0.32, 0.33, 0.34, 0.35, 0.36, 0.37]


def _schedule_optimizer(kind, params):
    groups = [{"params": [params[0]]}, {"params": [params[1]], "lr": 0.01}]
    if kind == "sgd":
        return torch.optim.SGD(groups, lr=0.1, momentum=0.9)
    if kind == "adam":
        return torch.optim.Adam(groups, lr=0.1)
    return torch.optim.AdamW(groups, lr=0.1)


def _record(opt, lrs, moms):
    lrs.append([g["lr"] for g in opt.param_groups])
    moms.append([g["betas"][0] if "betas" in g else g["momentum"] for g in opt.param_groups])


def write_schedules(out, save):
    sched_args = {"step": ("step_size", "gamma"), "cosine": ("T_max", "eta_min"),
                  "one_cycle": ("total_steps", "max_lr", "pct_start", "anneal_strategy", "cycle_momentum",
                                "base_momentum", "max_momentum", "div_factor", "final_div_factor", "three_phase"),
                  "plateau": ("mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min_lr")}
    classes = {"step": torch.optim.lr_scheduler.StepLR, "cosine": torch.optim.lr_scheduler.CosineAnnealingLR,
               "one_cycle": torch.optim.lr_scheduler.OneCycleLR,
               "plateau": torch.optim.lr_scheduler.ReduceLROnPlateau}
    for case, cfg in SCHEDULES.items():
        params = [torch.zeros(2, requires_grad=True), torch.zeros(3, requires_grad=True)]
        opt = _schedule_optimizer(cfg["optimizer"], params)
        kwargs = {k: cfg[k] for k in sched_args[cfg["kind"]] if k in cfg}
        sched = classes[cfg["kind"]](opt, **kwargs)
        lrs, moms = [], []
        _record(opt, lrs, moms)
        metrics = METRICS
        steps = len(metrics) if cfg["kind"] == "plateau" else cfg["steps"]
        for k in range(steps):
            opt.step()  # no gradients: nothing moves, but the call order is the documented one
            if cfg["kind"] == "plateau":
                sched.step(metrics[k])
            else:
                sched.step()
            _record(opt, lrs, moms)
        tensors = {"lr": torch.tensor(lrs, dtype=torch.float64), "momentum": torch.tensor(moms, dtype=torch.float64)}
        if cfg["kind"] == "plateau":
            tensors["metrics"] = torch.tensor(metrics, dtype=torch.float64)
        meta = {k: (("true" if v else "false") if isinstance(v, bool) else str(v)) for k, v in cfg.items()}
        save(out / f"sched.{case}.safetensors", tensors, meta)


def write_checkpoints(out, save):
    torch.manual_seed(300)
    model = TinyNet()
    x = torch.randn(2, 3, 5, 5)
    with torch.no_grad():
        y = model(x)
    save(out / "ckpt.torch_state_dict.safetensors", model.state_dict())
    save(out / "ckpt.torch_io.safetensors", {"input": x, "output": y})


def write_all(out, save):
    write_optimizers(out, save)
    write_clips(out, save)
    write_schedules(out, save)
    write_checkpoints(out, save)
