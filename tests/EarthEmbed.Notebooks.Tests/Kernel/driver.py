"""Drives the EarthEmbed kernel through Debian's jupyter_client, as JupyterLab and VS Code do, and prints what
came back as one JSON object for the C# tests (KernelSessionTests, NuGetKernelTests, TourNotebookTests,
KernelChoiceTests) to assert on.

  driver.py session VIZ_DLL    one kernel: info, cells, outputs, errors, completion, inspection, interrupts,
                               forged messages, stop_on_error, restart, shutdown
  driver.py packages CACHE     one kernel and #r "nuget:": an unknown package, a managed one, a native one, a restart,
                               with EARTHEMBED_NUGET_CACHE=CACHE
  driver.py notebook IN OUT [KERNEL]  executes a notebook with nbclient (kernelspec KERNEL, default ours;
                               "metadata": the one the notebook names), validates the result with nbformat

Kernelspecs are found on JUPYTER_PATH (the tests install ours into a temporary folder; .NET Interactive's is in
build/jupyter)."""
import json
import sys
import time

import jupyter_client
from jupyter_client.session import Session

KERNEL = "earthembed-csharp"


def collect(kc, msg_ids, timeout=180):
    """Replies (shell) and iopub messages of the requests msg_ids, until each reply and each idle status arrived."""
    msg_ids = list(msg_ids)
    replies, iopub, others = {}, {m: [] for m in msg_ids}, []
    done = set()
    deadline = time.time() + timeout
    while len(replies) < len(msg_ids):
        m = kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
        if m["parent_header"].get("msg_id") in iopub:
            replies[m["parent_header"]["msg_id"]] = m
    while len(done) < len(msg_ids):
        m = kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
        parent = m["parent_header"].get("msg_id")
        if parent not in iopub:
            others.append(m["msg_type"])
            continue
        iopub[parent].append({"type": m["msg_type"], "content": m["content"]})
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            done.add(parent)
    return [{"reply": replies[i]["content"], "reply_type": replies[i]["msg_type"], "iopub": iopub[i]} for i in msg_ids]


def execute(kc, code, **kw):
    return collect(kc, [kc.execute(code, **kw)])[0]


def request(kc, method, *args, **kw):
    return collect(kc, [getattr(kc, method)(*args, **kw)])[0]


def interrupt(km, kc, code, wait=1.0):
    msg_id = kc.execute(code)
    time.sleep(wait)
    start = time.time()
    km.interrupt_kernel()
    result = collect(kc, [msg_id])[0]
    result["seconds_to_reply"] = time.time() - start
    return result


def forged(km, kc):
    """Raw messages on the shell socket from a second session: one signed right (control), two not."""
    import zmq
    info = km.get_connection_info()
    ctx = zmq.Context.instance()
    dealer = ctx.socket(zmq.DEALER)
    dealer.linger = 0
    dealer.connect("%s://%s:%d" % (info["transport"], info["ip"], info["shell_port"]))
    right = Session(key=info["key"], signature_scheme=info["signature_scheme"])
    wrong = Session(key=b"not-the-key", signature_scheme=info["signature_scheme"])
    out = {}

    def send(session, msg, tamper=False):
        frames = session.serialize(msg)
        if tamper:
            frames[-1] = json.dumps({"code": "x = -1;", "silent": False}).encode()
        dealer.send_multipart(frames)
        replies = []
        while dealer.poll(1000):
            replies.append(right.deserialize(right.feed_identities(dealer.recv_multipart())[1])["msg_type"])
        return replies

    out["control_replies"] = send(right, right.msg("kernel_info_request", {}))
    bad = wrong.msg("execute_request", {"code": "x = 999;", "silent": False})
    out["wrong_key_replies"] = send(wrong, bad)
    tampered = right.msg("execute_request", {"code": "x = 7;", "silent": False})
    out["tampered_replies"] = send(right, tampered, tamper=True)
    forged_ids = {bad["header"]["msg_id"], tampered["header"]["msg_id"]}
    seen = []
    while True:
        try:
            m = kc.get_iopub_msg(timeout=0.5)
        except Exception:
            break
        seen.append(m["parent_header"].get("msg_id"))
    out["iopub_for_forged"] = len([s for s in seen if s in forged_ids])
    dealer.close()
    return out


def session(viz_dll):
    km = jupyter_client.KernelManager(kernel_name=KERNEL)
    log = open(sys.argv[3] if len(sys.argv) > 3 else "/dev/null", "w")
    km.start_kernel(stderr=log)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    r = {"spec_argv": km.kernel_spec.argv, "interrupt_mode": km.kernel_spec.interrupt_mode}
    r["kernel_info"] = request(kc, "kernel_info")
    r["heartbeat"] = kc.hb_channel.is_beating()
    r["define"] = execute(kc, "var x = 40;\nint Twice(int v) => 2 * v;")
    r["use"] = execute(kc, "Twice(x) + 2")
    r["streams"] = execute(kc, 'Console.WriteLine("to stdout");\nConsole.Error.WriteLine("to stderr");\nConsole.Write("more");')
    r["chart"] = execute(kc, '#r "%s"\nusing EarthEmbed.Viz.Charts;\ndisplay(Chart.Line(new double[] { 1, 2, 3 }, new double[] { 1, 4, 9 }));' % viz_dll)
    r["throws"] = execute(kc, 'var y = 5;\nthrow new InvalidOperationException("no such thing");')
    r["after_throw"] = execute(kc, "x + y")
    r["compile_error"] = execute(kc, "missingName + 1")
    r["silent"] = execute(kc, "x = 41; x", silent=True)
    r["after_silent"] = execute(kc, "x")
    asking = kc.execute("var name = Console.ReadLine();\nname.ToUpperInvariant()", allow_stdin=True)
    ask = kc.get_stdin_msg(timeout=120)
    r["input_request"] = {"type": ask["msg_type"], "content": ask["content"], "parent": ask["parent_header"].get("msg_id") == asking}
    kc.input("earth")
    r["input"] = collect(kc, [asking])[0]
    r["input_refused"] = execute(kc, "Console.ReadLine()", allow_stdin=False)
    r["complete"] = request(kc, "is_complete", "if (x > 1)\n{\n    x++;\n}")
    r["incomplete"] = request(kc, "is_complete", "if (x > 1)\n{")
    r["complete_member"] = request(kc, "complete", "Console.Wri", 11)
    r["complete_variable"] = request(kc, "complete", 'var s = "\U0001F600"; Twi', 18)
    r["complete_instance"] = request(kc, "complete", "x.ToStr", 7)
    r["inspect_framework"] = request(kc, "inspect", "Math.Max(1, 2)", 6)
    r["inspect_library"] = request(kc, "inspect", "Chart.Line(", 8)
    r["inspect_nothing"] = request(kc, "inspect", "   ", 1)
    r["interrupt_sleep_loop"] = interrupt(km, kc, "while (true) { System.Threading.Thread.Sleep(100); }")
    r["interrupt_busy_loop"] = interrupt(km, kc, "long n = 0;\nwhile (true)\n    n++;")
    r["interrupt_sleep"] = interrupt(km, kc, "System.Threading.Thread.Sleep(600000);")
    r["interrupt_await"] = interrupt(km, kc, "await Task.Delay(600000);")
    r["after_interrupts"] = execute(kc, "x * 10")
    r["forged"] = forged(km, kc)
    r["after_forged"] = execute(kc, "x")
    first = kc.execute('System.Threading.Thread.Sleep(1000);\nthrow new Exception("first fails");')
    second = kc.execute("x = 1000;")
    r["stop_on_error"] = collect(kc, [first, second])
    r["after_abort"] = execute(kc, "x")
    r["history"] = request(kc, "history")
    r["comm_info"] = request(kc, "comm_info")
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=120)
    r["after_restart"] = execute(kc, "x")
    process = km.provisioner.process
    km.shutdown_kernel(now=False)
    r["exit_code"] = process.poll()
    kc.stop_channels()
    return r


SQLITE = '''#r "nuget: Microsoft.Data.Sqlite, 10.0.0"
string version;
using (var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:"))
{
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "select sqlite_version()";
    version = (string)command.ExecuteScalar()!;
}
version'''


def packages(cache):
    import os
    os.environ["EARTHEMBED_NUGET_CACHE"] = cache
    km = jupyter_client.KernelManager(kernel_name=KERNEL)
    km.start_kernel(stderr=open(os.path.join(cache + ".kernel.log"), "w"))
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    log = os.path.join(cache, "restores.log")

    def restores():
        return open(log).read().splitlines() if os.path.exists(log) else []

    r = {}
    started = time.time()
    r["unknown"] = execute(kc, '#r "nuget: EarthEmbed.NoSuchPackage, 1.0.0"')
    r["unknown_seconds"] = time.time() - started
    r["after_unknown"] = execute(kc, "1 + 1")
    r["managed"] = execute(kc, '#r "nuget: Humanizer.Core, 2.14.1"\nusing Humanizer;\n"PascalCaseInputString".Humanize()')
    r["native"] = execute(kc, SQLITE)
    r["restores_before_restart"] = restores()
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=120)
    r["managed_again"] = execute(kc, '#r "nuget: Humanizer.Core, 2.14.1"\nusing Humanizer;\n"notebook".ToQuantity(3)')
    r["restores_after_restart"] = restores()
    km.shutdown_kernel(now=False)
    kc.stop_channels()
    return r


def notebook(path, out, kernel=KERNEL):
    import nbclient
    import nbformat
    import os
    nb = nbformat.read(path, as_version=4)
    started = time.time()
    # KERNEL "metadata": the kernelspec named in the notebook, as JupyterLab and VS Code choose it.
    client = nbclient.NotebookClient(nb, kernel_name="" if kernel == "metadata" else kernel, timeout=900,
                                     resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    client.execute()
    nbformat.validate(nb)
    nbformat.write(nb, out)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    return {
        "seconds": time.time() - started,
        "code_cells": sum(1 for c in nb.cells if c.cell_type == "code"),
        "execution_counts": [c.execution_count for c in nb.cells if c.cell_type == "code"],
        "output_types": [o.output_type for o in outputs],
        "mime_types": sorted({k for o in outputs for k in o.get("data", {})}),
        "errors": [o.get("evalue") for o in outputs if o.output_type == "error"],
        "kernelspec": nb.metadata.get("kernelspec"),
    }


if __name__ == "__main__":
    import os
    # Kernels inherit this process's stdout (.NET Interactive logs to it): only the JSON result may go there.
    result_out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    command = sys.argv[1]
    if command == "session":
        result = session(sys.argv[2])
    elif command == "packages":
        result = packages(sys.argv[2])
    elif command == "notebook":
        result = notebook(*sys.argv[2:5])
    else:
        raise SystemExit("usage: driver.py session VIZ_DLL [LOG] | packages CACHE | notebook IN OUT [KERNEL]")
    json.dump(result, result_out, default=str)
    result_out.flush()
