"""Reference fixtures for EarthEmbed.Torch.Nn's sequence layers: LSTM, MultiheadAttention, TransformerEncoderLayer,
TransformerEncoder (tests/.../Nn/SequenceParityTests.cs).

Each case nnseq.<name>.safetensors holds, like cases_nn.py: init.<key> (state dict straight after construction with
torch.manual_seed(seed)), state.<key> (perturbed state used for the run), the named inputs (in.<name>), the outputs
(out.<name>), fixed upstream gradients (gout.<name>; the loss is sum(out * gout) over all outputs), the input
gradients (gin.<name>) and parameter gradients (grad.<name>). Boolean masks are stored as uint8.
metadata: seed, train, dtype, repr, param_count, and dropout_seed (the seed set right before the forward pass, so
dropout masks are the same draws in both) when given.
"""
import torch
import torch.nn as nn

from cases_nn import perturb


def run_case(out, save, name, build, inputs, call, seed, train=False, dtype=torch.float64, dropout_seed=None):
    torch.manual_seed(seed)
    module = build()
    init = {k: v.clone() for k, v in module.state_dict().items()}
    gen = torch.Generator().manual_seed(seed + 1000)
    perturb(module, gen)
    module = module.to(dtype)
    module.train(train)
    state = {k: v.clone() for k, v in module.state_dict().items()}
    xs = {}
    for key, spec in inputs.items():
        kind, shape = spec[0], spec[1]
        if kind == "float":
            xs[key] = torch.randn(shape, generator=gen, dtype=dtype).requires_grad_()
        elif kind == "const":
            xs[key] = spec[2].to(dtype) if spec[2].is_floating_point() else spec[2]
    if dropout_seed is not None:
        torch.manual_seed(dropout_seed)
    outs = call(module, xs)
    gouts = {k: torch.randn(v.shape, generator=gen, dtype=v.dtype) for k, v in outs.items()}
    loss = sum((outs[k] * gouts[k]).sum() for k in outs)
    loss.backward()
    tensors = {}
    tensors.update({"init." + k: v for k, v in init.items()})
    tensors.update({"state." + k: v for k, v in state.items()})
    tensors.update({"in." + k: v for k, v in xs.items()})
    tensors.update({"out." + k: v for k, v in outs.items()})
    tensors.update({"gout." + k: v for k, v in gouts.items()})
    tensors.update({"gin." + k: v.grad for k, v in xs.items() if v.grad is not None})
    tensors.update({"grad." + k: p.grad for k, p in module.named_parameters() if p.grad is not None})
    meta = {"seed": seed, "train": int(train), "dtype": str(dtype).replace("torch.", ""),
            "repr": repr(module).replace("NonDynamicallyQuantizableLinear", "Linear"),
            "param_count": sum(p.numel() for p in module.parameters())}
    if dropout_seed is not None:
        meta["dropout_seed"] = dropout_seed
    save(out / f"nnseq.{name}.safetensors", tensors, meta)


def padding_mask(lengths, total):
    """(N, total) bool, True past each sequence's length."""
    return torch.arange(total)[None, :] >= torch.tensor(lengths)[:, None]


def lstm_cases(out, save):
    def with_state(m, x):
        o, (h, c) = m(x["x"], (x["h0"], x["c0"]))
        return {"output": o, "h": h, "c": c}

    def without_state(m, x):
        o, (h, c) = m(x["x"])
        return {"output": o, "h": h, "c": c}

    run_case(out, save, "lstm_2layer_batchfirst", lambda: nn.LSTM(5, 7, num_layers=2, batch_first=True),
             {"x": ("float", (3, 4, 5))}, without_state, 100, train=True)
    run_case(out, save, "lstm_2layer_batchfirst_state", lambda: nn.LSTM(5, 7, num_layers=2, batch_first=True),
             {"x": ("float", (3, 4, 5)), "h0": ("float", (2, 3, 7)), "c0": ("float", (2, 3, 7))}, with_state, 101, train=True)
    run_case(out, save, "lstm_bidirectional_seqfirst_nobias_f32",
             lambda: nn.LSTM(4, 6, num_layers=2, bias=False, bidirectional=True),
             {"x": ("float", (5, 2, 4))}, without_state, 102, train=True, dtype=torch.float32)
    run_case(out, save, "lstm_unbatched", lambda: nn.LSTM(3, 4),
             {"x": ("float", (6, 3)), "h0": ("float", (1, 4)), "c0": ("float", (1, 4))}, with_state, 103, train=True)
    run_case(out, save, "lstm_dropout_train_f32", lambda: nn.LSTM(4, 8, num_layers=3, batch_first=True, dropout=0.3),
             {"x": ("float", (4, 6, 4))}, without_state, 104, train=True, dtype=torch.float32, dropout_seed=7)


def mha_cases(out, save):
    causal = torch.triu(torch.ones(5, 5, dtype=torch.bool), diagonal=1)

    def self_attention(m, x):
        o, w = m(x["x"], x["x"], x["x"], key_padding_mask=x.get("kpm"), attn_mask=x.get("mask"), need_weights=True)
        return {"output": o, "weights": w}

    def shared_kv(m, x):
        o, w = m(x["q"], x["kv"], x["kv"], key_padding_mask=x["kpm"], attn_mask=x["mask"], need_weights=True)
        return {"output": o, "weights": w}

    def separate(m, x):
        o, w = m(x["q"], x["k"], x["v"], attn_mask=x["mask"], need_weights=True, average_attn_weights=False)
        return {"output": o, "weights": w}

    def no_weights(m, x):
        o, w = m(x["x"], x["x"], x["x"], key_padding_mask=x["kpm"], need_weights=False)
        assert w is None
        return {"output": o}

    run_case(out, save, "mha_self_batchfirst_masks", lambda: nn.MultiheadAttention(8, 2, batch_first=True),
             {"x": ("float", (3, 5, 8)), "kpm": ("const", None, padding_mask([5, 3, 4], 5)), "mask": ("const", None, causal)},
             self_attention, 200)
    run_case(out, save, "mha_cross_seqfirst_floatmask_f32", lambda: nn.MultiheadAttention(6, 3),
             {"q": ("float", (4, 2, 6)), "kv": ("float", (5, 2, 6)), "kpm": ("const", None, padding_mask([5, 2], 5)),
              "mask": ("const", None, torch.randn(4, 5, generator=torch.Generator().manual_seed(5)))},
             shared_kv, 201, dtype=torch.float32)
    mask3 = torch.rand(3 * 4, 4, 6, generator=torch.Generator().manual_seed(6)) < 0.3
    mask3[..., 0] = False  # every query keeps at least one key
    run_case(out, save, "mha_separate_qkv_3dmask_perhead", lambda: nn.MultiheadAttention(8, 4, bias=False, batch_first=True),
             {"q": ("float", (3, 4, 8)), "k": ("float", (3, 6, 8)), "v": ("float", (3, 6, 8)), "mask": ("const", None, mask3)},
             separate, 202)
    run_case(out, save, "mha_unbatched", lambda: nn.MultiheadAttention(4, 2),
             {"x": ("float", (3, 4))}, self_attention, 203)
    run_case(out, save, "mha_dropout_train_noweights", lambda: nn.MultiheadAttention(8, 2, dropout=0.3, batch_first=True),
             {"x": ("float", (2, 5, 8)), "kpm": ("const", None, padding_mask([5, 4], 5))}, no_weights, 204, train=True,
             dropout_seed=8)


def encoder_cases(out, save):
    def layer_call(m, x):
        return {"output": m(x["x"], src_mask=x.get("mask"), src_key_padding_mask=x.get("kpm"))}

    def stack_call(m, x):
        return {"output": m(x["x"], mask=x.get("mask"), src_key_padding_mask=x.get("kpm"))}

    run_case(out, save, "encoder_layer_postnorm_eval",
             lambda: nn.TransformerEncoderLayer(8, 2, 16, dropout=0.1, batch_first=True),
             {"x": ("float", (3, 5, 8)), "kpm": ("const", None, padding_mask([5, 3, 4], 5))}, layer_call, 300)
    run_case(out, save, "encoder_layer_prenorm_gelu_eval",
             lambda: nn.TransformerEncoderLayer(8, 2, 16, activation="gelu", norm_first=True),
             {"x": ("float", (5, 3, 8)), "mask": ("const", None, torch.randn(5, 5, generator=torch.Generator().manual_seed(9)))},
             layer_call, 301)
    run_case(out, save, "encoder_layer_prenorm_train_f32",
             lambda: nn.TransformerEncoderLayer(8, 2, 16, dropout=0.2, batch_first=True, norm_first=True),
             {"x": ("float", (2, 6, 8)), "kpm": ("const", None, padding_mask([6, 4], 6))}, layer_call, 302, train=True,
             dtype=torch.float32, dropout_seed=9)
    run_case(out, save, "encoder_stack_eval",
             lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), 3, norm=nn.LayerNorm(8),
                                           enable_nested_tensor=False),
             {"x": ("float", (2, 5, 8)), "kpm": ("const", None, padding_mask([5, 3], 5))}, stack_call, 303)


def write_all(out, save):
    lstm_cases(out, save)
    mha_cases(out, save)
    encoder_cases(out, save)
