"""Reference trajectories for TorchSharp's own optimisers and learning-rate schedules against PyTorch 1.13.

Every file holds its configuration in __metadata__ (read by the C# test) and float64 tensors, so that any
difference beyond rounding is a difference of algorithm.

  optim.<case>  seeded parameters p0..p2 in two parameter groups ([p0, p2] with the defaults, [p1] with half the
                learning rate), a fixed sequence of gradients g<k>.<j> for STEPS steps (p1 has no gradient at
                step 2 and p2 never has one: both must be skipped), and the parameters after<k>.<j> after step k.
                PyTorch's single-tensor implementations (foreach=False, the CPU default in 1.13).
  sched.<case>  an optimiser and a schedule on the same kind of problem (every parameter has a gradient every step):
                after every optimiser step the schedule steps (ReduceLROnPlateau with metrics[k]); lr[k, group] and
                momentum[k, group] (SGD's momentum or Adam's beta1) after construction (k = 0) and after each step,
                and the parameters after<k>.<j>. groups=two: [p0, p2] with lr, [p1] with lr2; groups=one: all three.
"""
import torch

STEPS = 5
SHAPES = [(3, 4), (5,), (2, 2)]

OPTIMIZERS = {
    "sgd_plain": ("sgd", dict(lr=0.1)),
    "sgd_momentum": ("sgd", dict(lr=0.1, momentum=0.9)),
    "sgd_dampening": ("sgd", dict(lr=0.1, momentum=0.9, dampening=0.3, weight_decay=0.01)),
    "sgd_nesterov": ("sgd", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
    "sgd_weight_decay": ("sgd", dict(lr=0.1, weight_decay=0.1)),
    "sgd_maximize": ("sgd", dict(lr=0.1, momentum=0.5, maximize=True)),
    "sgd_maximize_weight_decay": ("sgd", dict(lr=0.1, weight_decay=0.1, maximize=True)),
    "adam": ("adam", dict(lr=0.01)),
    "adam_weight_decay": ("adam", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    "adam_amsgrad": ("adam", dict(lr=0.01, amsgrad=True, weight_decay=0.01)),
    "adam_maximize": ("adam", dict(lr=0.01, maximize=True, weight_decay=0.01)),
    "adamw": ("adamw", dict(lr=0.01, weight_decay=0.1)),
    "adamw_default_decay": ("adamw", dict(lr=0.01)),
    "adamw_amsgrad_maximize": ("adamw", dict(lr=0.02, betas=(0.85, 0.95), amsgrad=True, weight_decay=0.05,
                                             maximize=True)),
}

CLASSES = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}


def _text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return ",".join(repr(float(x)) for x in v)
    if isinstance(v, float):
        return repr(v)
    return str(v)


def _meta(kind, cfg):
    meta = {"optimizer": kind}
    for k, v in cfg.items():
        if k == "betas":
            meta["beta1"], meta["beta2"] = repr(float(v[0])), repr(float(v[1]))
        else:
            meta[k] = _text(v)
    return meta


def write_optimizers(out, save):
    for i, (case, (kind, cfg)) in enumerate(OPTIMIZERS.items()):
        torch.manual_seed(100 + i)
        params = [torch.randn(s, dtype=torch.float64, requires_grad=True) for s in SHAPES]
        tensors = {f"p{j}": p.detach().clone() for j, p in enumerate(params)}
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
        meta = _meta(kind, cfg)
        meta["steps"] = str(STEPS)
        save(out / f"optim.{case}.safetensors", tensors, meta)


PLATEAU_METRICS = [1.0, 0.9, 0.95, 0.899, 0.898, 0.97, 0.85, 0.86, 0.87, 0.88, 0.84, 0.845]

SCHEDULES = {
    "step_lr": dict(kind="step", optimizer="sgd", groups="two", steps=10, step_size=3, gamma=0.5),
    "cosine": dict(kind="cosine", optimizer="sgd", groups="two", steps=10, T_max=4, eta_min=0.001),
    "cosine_adamw": dict(kind="cosine", optimizer="adamw", groups="one", steps=8, T_max=8, eta_min=0.0),
    "one_cycle_adamw": dict(kind="one_cycle", optimizer="adamw", groups="one", steps=10, total_steps=12,
                            max_lr=0.05),
    "one_cycle_sgd_linear_three_phase": dict(kind="one_cycle", optimizer="sgd", groups="one", steps=10,
                                             total_steps=12, max_lr=0.3, anneal_strategy="linear",
                                             three_phase=True, base_momentum=0.8, max_momentum=0.9),
    "one_cycle_two_groups": dict(kind="one_cycle", optimizer="sgd", groups="two", steps=10, total_steps=12,
                                 max_lr=[0.5, 0.05]),
    "one_cycle_to_the_last_step": dict(kind="one_cycle", optimizer="adamw", groups="one", steps=6, total_steps=6,
                                       max_lr=0.05),
    "plateau_min": dict(kind="plateau", optimizer="sgd", groups="two", steps=len(PLATEAU_METRICS), mode="min",
                        factor=0.5, patience=1, threshold=0.01, cooldown=1, min_lr=0.004),
    "plateau_max_abs": dict(kind="plateau", optimizer="adam", groups="two", steps=len(PLATEAU_METRICS), mode="max",
                            factor=0.3, patience=0, threshold=0.05, threshold_mode="abs", cooldown=2, min_lr=1e-4),
}

SCHEDULE_ARGS = {
    "step": ("step_size", "gamma"),
    "cosine": ("T_max", "eta_min"),
    "one_cycle": ("max_lr", "total_steps", "pct_start", "anneal_strategy", "cycle_momentum", "base_momentum",
                  "max_momentum", "div_factor", "final_div_factor", "three_phase"),
    "plateau": ("mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min_lr"),
}
SCHEDULE_CLASSES = {"step": torch.optim.lr_scheduler.StepLR, "cosine": torch.optim.lr_scheduler.CosineAnnealingLR,
                    "one_cycle": torch.optim.lr_scheduler.OneCycleLR,
                    "plateau": torch.optim.lr_scheduler.ReduceLROnPlateau}
LR, LR2 = 0.1, 0.01


def _schedule_optimizer(kind, groups, params):
    if groups == "two":
        groups = [{"params": [params[0], params[2]]}, {"params": [params[1]], "lr": LR2}]
    else:
        groups = [{"params": params}]
    if kind == "sgd":
        return torch.optim.SGD(groups, lr=LR, momentum=0.9, foreach=False)
    if kind == "adam":
        return torch.optim.Adam(groups, lr=LR, foreach=False)
    return torch.optim.AdamW(groups, lr=LR, weight_decay=0.01, foreach=False)


def _record(opt, lrs, moms):
    lrs.append([g["lr"] for g in opt.param_groups])
    moms.append([g["betas"][0] if "betas" in g else g["momentum"] for g in opt.param_groups])


def write_schedules(out, save):
    for i, (case, cfg) in enumerate(SCHEDULES.items()):
        torch.manual_seed(500 + i)
        params = [torch.randn(s, dtype=torch.float64, requires_grad=True) for s in SHAPES]
        tensors = {f"p{j}": p.detach().clone() for j, p in enumerate(params)}
        opt = _schedule_optimizer(cfg["optimizer"], cfg["groups"], params)
        kwargs = {k: cfg[k] for k in SCHEDULE_ARGS[cfg["kind"]] if k in cfg}
        sched = SCHEDULE_CLASSES[cfg["kind"]](opt, **kwargs)
        lrs, moms = [], []
        _record(opt, lrs, moms)
        for k in range(cfg["steps"]):
            for j, p in enumerate(params):
                p.grad = torch.randn(SHAPES[j], dtype=torch.float64)
                tensors[f"g{k}.{j}"] = p.grad.clone()
            opt.step()
            if cfg["kind"] == "plateau":
                sched.step(PLATEAU_METRICS[k])
            else:
                sched.step()
            _record(opt, lrs, moms)
            for j, p in enumerate(params):
                tensors[f"after{k}.{j}"] = p.detach().clone()
        tensors["lr"] = torch.tensor(lrs, dtype=torch.float64)
        tensors["momentum"] = torch.tensor(moms, dtype=torch.float64)
        if cfg["kind"] == "plateau":
            tensors["metrics"] = torch.tensor(PLATEAU_METRICS, dtype=torch.float64)
        meta = {k: _text(v) for k, v in cfg.items()}
        meta.update(lr=repr(LR), lr2=repr(LR2))
        save(out / f"sched.{case}.safetensors", tensors, meta)


def write_all(out, save):
    write_optimizers(out, save)
    write_schedules(out, save)
