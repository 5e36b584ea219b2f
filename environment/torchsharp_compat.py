#!/usr/bin/env python3
"""TorchSharp's compatibility step for Linux systems whose libstdc++ is older than the one it was built against.

TorchSharp 0.107's native library (libLibTorchSharp.so) was linked by GCC 13 and names the symbol version
GLIBCXX_3.4.32 among its needs; Debian 12's libstdc++ (GCC 12) stops at GLIBCXX_3.4.30, so the dynamic loader
refuses the library ("version `GLIBCXX_3.4.32' not found"). The only symbol of that version it uses is
std::ios_base_library_init() (_ZSt21ios_base_library_initv), GCC 13's hook that makes a translation unit including
<iostream> pull in libstdc++'s stream initialisation. It is referenced, never called: no relocation of the library
names it, so once the version need is marked weak (VER_FLG_WEAK in .gnu.version_r) the loader accepts the library
and nothing ever binds the symbol. libtorch's own libraries (built with an older GCC) set up the standard streams
on load as they always did.

This script makes that patched copy, and only where it is needed:
  * if the system libstdc++ defines every GLIBCXX version the library needs, nothing is patched (Ubuntu 24.04,
    Debian 13): the build uses TorchSharp's file untouched;
  * otherwise each missing version must be used only by symbols that no relocation names (checked here; anything
    else stops with an error, because weakening it would leave a call to address 0);
  * the copy is written under a temporary name, checked (ldd finds every library, and a fresh process loads it),
    then renamed into place with a JSON record of what was done, so a half-written file is never used.
Idempotent: when the record matches the source's SHA-256 and the system libstdc++, it does nothing.

    python3 environment/torchsharp_compat.py SOURCE_SO LIBTORCH_DIR OUT_DIR [--libstdcxx PATH]

SOURCE_SO is TorchSharp's libLibTorchSharp.so, LIBTORCH_DIR the folder with libtorch.so beside it (the
libtorch-cpu-linux-x64 package), OUT_DIR where libLibTorchSharp.so and torchsharp-compat.json are written.
--libstdcxx names the libstdc++ to judge against instead of the one ldd resolves (for tests).
Exit status 0 when OUT_DIR holds a valid decision (patched or not needed), 1 with a message otherwise.
Undo: build with -p:EarthEmbedTorchSharpCompat=false (the build then copies TorchSharp's own file), or delete OUT_DIR.
"""
import hashlib
import json
import os
import struct
import subprocess
import sys
import tempfile

SHT_DYNSYM, SHT_GNU_VERNEED, SHT_GNU_VERSYM, SHT_RELA = 11, 0x6FFFFFFE, 0x6FFFFFFF, 4
VER_FLG_WEAK = 0x2
RECORD = "torchsharp-compat.json"


class Elf:
    """The few parts of a little-endian ELF64 shared object this step reads: sections, version needs, symbols."""

    def __init__(self, data, path):
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            raise SystemExit(f"torchsharp_compat: {path} is not a little-endian ELF64 file")
        self.data, self.path = data, path
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
        self.sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]

    def _str(self, section_index, offset):
        base = self.sections[section_index][4] + offset
        return self.data[base:self.data.index(b"\0", base)].decode()

    def version_needs(self):
        """(file, version name, version index, offset of vna_flags, flags) for every entry of .gnu.version_r."""
        out = []
        for s in self.sections:
            if s[1] != SHT_GNU_VERNEED:
                continue
            off = s[4]
            while True:
                _, cnt, file_, aux, nxt = struct.unpack_from("<HHIII", self.data, off)
                a = off + aux
                for _ in range(cnt):
                    _, flags, other, name, anext = struct.unpack_from("<IHHII", self.data, a)
                    out.append((self._str(s[6], file_), self._str(s[6], name), other, a + 4, flags))
                    a += anext
                if nxt == 0:
                    break
                off += nxt
        return out

    def symbols_of_version(self, index):
        """Indices and names of the dynamic symbols whose .gnu.version entry is `index`."""
        dynsym = next(i for i, s in enumerate(self.sections) if s[1] == SHT_DYNSYM)
        versym = next(s for s in self.sections if s[1] == SHT_GNU_VERSYM)
        d = self.sections[dynsym]
        out = []
        for i in range(d[5] // 24):
            v, = struct.unpack_from("<H", self.data, versym[4] + 2 * i)
            if v & 0x7FFF == index:
                name, = struct.unpack_from("<I", self.data, d[4] + 24 * i)
                out.append((i, self._str(d[6], name)))
        return out

    def relocated_symbols(self):
        """Indices of every dynamic symbol that some relocation (RELA) names."""
        used = set()
        for s in self.sections:
            if s[1] != SHT_RELA:
                continue
            for k in range(s[5] // 24):
                info, = struct.unpack_from("<Q", self.data, s[4] + 24 * k + 8)
                used.add(info >> 32)
        return used


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def system_libstdcxx(source, libtorch_dir):
    """The libstdc++.so.6 the loader picks for the library, as ldd resolves it."""
    out = ldd(source, libtorch_dir)
    for line in out.splitlines():
        if line.strip().startswith("libstdc++.so.6 =>"):
            return os.path.realpath(line.split("=>")[1].split("(")[0].strip())
    raise SystemExit(f"torchsharp_compat: ldd does not find libstdc++.so.6 for {source}:\n{out}")


def ldd(path, libtorch_dir):
    env = dict(os.environ, LD_LIBRARY_PATH=libtorch_dir)
    r = subprocess.run(["ldd", path], capture_output=True, text=True, env=env)
    return r.stdout + r.stderr


def check_loads(path, libtorch_dir):
    """Refuses a copy that ldd cannot resolve fully or that a fresh process cannot dlopen."""
    out = ldd(path, libtorch_dir)
    bad = [l.strip() for l in out.splitlines()
           if "not found" in l and "weak version" not in l]
    if bad:
        raise SystemExit("torchsharp_compat: the patched copy still does not resolve:\n  " + "\n  ".join(bad))
    code = "import ctypes, sys; ctypes.CDLL(sys.argv[1]); print('ok')"
    r = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True,
                       env=dict(os.environ, LD_LIBRARY_PATH=libtorch_dir))
    if r.returncode != 0 or "ok" not in r.stdout:
        raise SystemExit(f"torchsharp_compat: a fresh process cannot load the patched copy:\n{r.stderr.strip()}")


def write_atomic(path, data, mode="wb"):
    d = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=d)
    with os.fdopen(fd, mode) as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def main(argv):
    stdcxx_override = None
    if len(argv) == 6 and argv[4] == "--libstdcxx":
        stdcxx_override, argv = argv[5], argv[:4]
    if len(argv) != 4:
        raise SystemExit("usage: torchsharp_compat.py SOURCE_SO LIBTORCH_DIR OUT_DIR [--libstdcxx PATH]")
    source, libtorch_dir, out_dir = argv[1], argv[2], argv[3]
    for p, what in ((source, "TorchSharp's libLibTorchSharp.so"), (os.path.join(libtorch_dir, "libtorch.so"), "libtorch.so")):
        if not os.path.isfile(p):
            raise SystemExit(f"torchsharp_compat: {what} not found at {p} (is the NuGet restore complete?)")
    os.makedirs(out_dir, exist_ok=True)
    record_path, patched_path = os.path.join(out_dir, RECORD), os.path.join(out_dir, "libLibTorchSharp.so")
    stdcxx = stdcxx_override or system_libstdcxx(source, libtorch_dir)
    source_hash, stdcxx_hash = sha256(source), sha256(stdcxx)
    try:
        with open(record_path) as f:
            old = json.load(f)
        if old.get("source_sha256") == source_hash and old.get("libstdcxx_sha256") == stdcxx_hash and \
                (not old.get("applied") or (os.path.isfile(patched_path) and sha256(patched_path) == old.get("patched_sha256"))):
            return 0
    except (OSError, ValueError):
        pass

    with open(stdcxx, "rb") as f:
        stdcxx_data = f.read()
    with open(source, "rb") as f:
        data = bytearray(f.read())
    elf = Elf(data, source)
    missing = [n for n in elf.version_needs()
               if n[0] == "libstdc++.so.6" and n[1].encode() + b"\0" not in stdcxx_data]
    record = {"source": source, "source_sha256": source_hash, "libstdcxx": stdcxx, "libstdcxx_sha256": stdcxx_hash}
    if not missing:
        if os.path.exists(patched_path):
            os.remove(patched_path)
        record.update(applied=False, reason=f"{stdcxx} defines every GLIBCXX version TorchSharp needs")
        write_atomic(record_path, json.dumps(record, indent=2) + "\n", "w")
        print(f"torchsharp_compat: not needed ({stdcxx} is new enough); TorchSharp's file is used as shipped")
        return 0

    relocated = elf.relocated_symbols()
    weakened = []
    for file_, name, index, flags_at, flags in missing:
        symbols = elf.symbols_of_version(index)
        called = [s for i, s in symbols if i in relocated]
        if called:
            raise SystemExit(f"torchsharp_compat: {source} needs {name}, which {stdcxx} lacks, and uses its "
                             f"symbols {called} through relocations; weakening it would break them. Install a "
                             f"libstdc++ that provides {name} instead (a newer GCC's libstdc++6).")
        struct.pack_into("<H", data, flags_at, flags | VER_FLG_WEAK)
        weakened.append({"version": name, "symbols": [s for _, s in symbols]})

    # Stage the copy beside libtorch's libraries' names so that ldd and dlopen check exactly what the build ships.
    fd, tmp = tempfile.mkstemp(prefix=".tmp-libLibTorchSharp-", suffix=".so", dir=out_dir)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    try:
        check_loads(tmp, libtorch_dir)
        os.chmod(tmp, 0o755)
        os.replace(tmp, patched_path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    record.update(applied=True, patched_sha256=sha256(patched_path), weakened=weakened,
                  reason=f"{stdcxx} lacks {', '.join(w['version'] for w in weakened)}")
    write_atomic(record_path, json.dumps(record, indent=2) + "\n", "w")
    print(f"torchsharp_compat: patched copy written to {patched_path} "
          f"(weak: {', '.join(w['version'] + ' ' + '/'.join(w['symbols']) for w in weakened)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
