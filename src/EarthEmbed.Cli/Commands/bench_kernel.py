"""earthembed bench kernel: starts the EarthEmbed kernel through jupyter_client (kernelspec on JUPYTER_PATH) and
times execute_request -> execute_reply as a client sees it, for each cell given as NAME=CODE. Prints JSON."""
import json
import sys
import time

import jupyter_client


def wait_idle(kc, msg_id):
    while True:
        m = kc.get_iopub_msg(timeout=300)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            return


def timed(kc, code):
    start = time.perf_counter()
    msg_id = kc.execute(code)
    while True:
        m = kc.get_shell_msg(timeout=300)
        if m["parent_header"].get("msg_id") == msg_id:
            break
    elapsed = (time.perf_counter() - start) * 1000.0
    wait_idle(kc, msg_id)
    if m["content"]["status"] != "ok":
        raise SystemExit("cell failed: %s: %s" % (m["content"].get("ename"), m["content"].get("evalue")))
    return elapsed


def main():
    runs = int(sys.argv[1])
    cells = [arg.split("=", 1) for arg in sys.argv[2:]]
    started = time.perf_counter()
    km = jupyter_client.KernelManager(kernel_name="earthembed-csharp")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=300)
    result = {"kernel_start_ms": (time.perf_counter() - started) * 1000.0, "cells": {}}
    for name, code in cells:
        first = timed(kc, code)  # warm-up: the first compile of this cell, plotly.js sent once
        times = sorted(timed(kc, code) for _ in range(runs))
        n = len(times)
        median = times[n // 2] if n % 2 else (times[n // 2 - 1] + times[n // 2]) / 2
        p90 = times[min(n - 1, int(-(-0.9 * n // 1)) - 1)]
        result["cells"][name] = {"code": code, "runs": n, "first_ms": first, "median_ms": median, "p90_ms": p90, "min_ms": times[0], "max_ms": times[-1]}
    km.shutdown_kernel(now=False)
    kc.stop_channels()
    json.dump(result, sys.stdout)


main()
