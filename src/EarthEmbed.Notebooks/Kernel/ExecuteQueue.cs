using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EarthEmbed.Notebooks.Execution;
using EarthEmbed.Notebooks.Kernel.Execution;
using EarthEmbed.Notebooks.Kernel.Protocol;

namespace EarthEmbed.Notebooks.Kernel;

/// <summary>Runs execute_requests one at a time, in arrival order, on a dedicated worker thread, and interrupts the
/// running one. An interrupt cancels the cell's token (the loops of the cell check it) and, if the cell is still
/// running half a second later, interrupts the worker thread (which ends a Thread.Sleep, Wait or Join in the cell).
/// A cell that fails with stop_on_error (the default) aborts the requests queued behind it.</summary>
internal sealed class ExecuteQueue(JupyterKernel kernel, ScriptSession cells)
{
    private static readonly TimeSpan ThreadInterruptDelay = TimeSpan.FromMilliseconds(500);
    private readonly BlockingCollection<JupyterMessage> _requests = [];
    private readonly object _gate = new();
    private Thread? _worker;
    private CancellationTokenSource? _running;
    private long _cell;

    internal void Start()
    {
        // Cells may recurse deeply (models, parsers): a larger stack than the default 1 MB.
        _worker = new Thread(Work, 64 * 1024 * 1024) { IsBackground = true, Name = "earthembed-cells" };
        _worker.Start();
    }

    internal void Enqueue(JupyterMessage request) => _requests.Add(request);

    /// <summary>Interrupts the running cell, if any (any thread).</summary>
    internal void Interrupt()
    {
        long cell;
        lock (_gate)
        {
            if (_running == null) return;
            _running.Cancel();
            cell = _cell;
        }
        _ = Task.Delay(ThreadInterruptDelay).ContinueWith(_ =>
        {
            lock (_gate)
            {
                if (_running != null && _cell == cell) _worker?.Interrupt();
            }
        }, TaskScheduler.Default);
    }

    private void Work()
    {
        while (true)
        {
            JupyterMessage request;
            try
            {
                request = _requests.Take();
            }
            catch (ThreadInterruptedException)
            {
                continue;  // an interrupt that came as the cell ended
            }
            try
            {
                Execute(request);
            }
            catch (ThreadInterruptedException)
            {
                JupyterKernel.Log.WriteLine("earthembed kernel: an interrupt arrived after the cell ended; ignored");
            }
        }
    }

    private void Execute(JupyterMessage request)
    {
        var content = request.Content;
        var code = content["code"]?.GetValue<string>() ?? string.Empty;
        var silent = content["silent"]?.GetValue<bool>() ?? false;
        var storeHistory = !silent && (content["store_history"]?.GetValue<bool>() ?? true);
        var stopOnError = content["stop_on_error"]?.GetValue<bool>() ?? true;
        var allowStdin = content["allow_stdin"]?.GetValue<bool>() ?? false;
        kernel.Status("busy", request);
        if (!silent)
            kernel.Publish("execute_input", new JsonObject { ["code"] = code, ["execution_count"] = cells.ExecutionCount + (storeHistory ? 1 : 0) }, request);

        var publisher = new OutputPublisher(kernel, request, silent);
        var outputs = new CellOutputs { Listener = publisher.OnOutput };
        CellResult result;
        using (var cancellation = new CancellationTokenSource())
        {
            lock (_gate)
            {
                _running = cancellation;
                _cell++;
            }
            try
            {
                kernel.Input.Begin(request, allowStdin, cancellation.Token);
                result = cells.Execute(code, outputs, storeHistory, cancellation.Token);
            }
            finally
            {
                kernel.Input.End();
                lock (_gate) _running = null;
                ClearPendingInterrupt();
            }
        }
        publisher.Dispose();

        JsonObject reply = result.Succeeded
            ? new JsonObject { ["status"] = "ok", ["execution_count"] = result.ExecutionCount, ["payload"] = new JsonArray(), ["user_expressions"] = new JsonObject() }
            : new JsonObject
            {
                ["status"] = "error", ["execution_count"] = result.ExecutionCount, ["ename"] = result.ErrorName, ["evalue"] = result.ErrorValue,
                ["traceback"] = new JsonArray(result.Traceback!.Select(t => (JsonNode?)t).ToArray()),
            };
        kernel.Reply(Channel.Shell, request, "execute_reply", reply);
        // Abort before going idle, as ipykernel does: a client that waits for idle and then sends its next request
        // must not see that request aborted for the error of this one (it arrived after the error was reported).
        if (!result.Succeeded && stopOnError) AbortQueued();
        kernel.Status("idle", request);
    }

    /// <summary>Answers every execute_request queued now with status "aborted" (the protocol's stop_on_error).</summary>
    private void AbortQueued()
    {
        while (_requests.TryTake(out var queued))
        {
            kernel.Status("busy", queued);
            kernel.Reply(Channel.Shell, queued, "execute_reply", new JsonObject { ["status"] = "aborted", ["execution_count"] = null });
            kernel.Status("idle", queued);
        }
    }

    /// <summary>A Thread.Interrupt that did not land in the cell stays pending until the thread next blocks; take it
    /// here so it cannot hit the next cell.</summary>
    private static void ClearPendingInterrupt()
    {
        try
        {
            Thread.Sleep(0);
        }
        catch (ThreadInterruptedException)
        {
            // Taken.
        }
    }
}
