"""Minimal safetensors reader/writer for torch tensors (Debian has no python3-safetensors package).

Follows the format spec: 8-byte little-endian header length, JSON header {name: {dtype, shape, data_offsets}},
optional "__metadata__" (a map of strings), then raw little-endian row-major bytes. Used by the reference generator
and by check_reads_ours.py, which reads checkpoints written by EarthEmbed.Engine.Serialization with PyTorch.
Written independently of the C# code under test, from the spec (https://github.com/huggingface/safetensors).
"""
import json
import struct

import torch

_CODES = {
    torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8",
    torch.bool: "BOOL",
}
_TYPES = {v: k for k, v in _CODES.items()}


def save(path, tensors, metadata=None):
    """Writes tensors (name -> tensor, sorted by name) and optional string metadata to path."""
    names = sorted(tensors)
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name in names:
        t = tensors[name].detach().cpu().contiguous()
        code = _CODES[t.dtype]
        if t.dtype == torch.bool:
            t = t.to(torch.uint8)
        raw = t.reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() > 0 else b""
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def load_with_metadata(path):
    """Reads (tensors, metadata) from path; metadata is {} when the file has none."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        begin, end = e["data_offsets"]
        dtype = _TYPES[e["dtype"]]
        buf = bytearray(data[begin:end])
        if len(buf) != end - begin:
            raise ValueError(f"{path}: data of {name} is truncated")
        if dtype == torch.bool:
            t = torch.frombuffer(buf, dtype=torch.uint8).to(torch.bool) if buf else torch.empty(0, dtype=torch.bool)
        else:
            t = torch.frombuffer(buf, dtype=dtype) if buf else torch.empty(0, dtype=dtype)
        out[name] = t.reshape(e["shape"]).clone()
    return out, dict(header.get("__metadata__", {}))


def load(path):
    """Reads the tensors of path (name -> tensor)."""
    return load_with_metadata(path)[0]
