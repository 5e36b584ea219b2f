using System.Text;
using System.Text.Json.Nodes;
using EarthEmbed.Notebooks.Kernel.Protocol;

namespace EarthEmbed.Notebooks.Kernel;

/// <summary>Publishes a cell's outputs on iopub as they happen: stream text is gathered for up to 50 ms (so a loop
/// that prints every line sends a few messages, not thousands) and always flushed before any other output, so the
/// order seen by the client is the order in the cell; displays, the result and the error go out at once.</summary>
internal sealed class OutputPublisher : IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(50);
    private readonly JupyterKernel _kernel;
    private readonly JupyterMessage _parent;
    private readonly bool _silent;
    private readonly object _gate = new();
    private readonly Timer _timer;
    private string? _stream;
    private readonly StringBuilder _text = new();

    internal OutputPublisher(JupyterKernel kernel, JupyterMessage parent, bool silent)
    {
        _kernel = kernel;
        _parent = parent;
        _silent = silent;
        _timer = new Timer(_ => Flush(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>The <see cref="Notebooks.Execution.CellOutputs"/> listener.</summary>
    internal void OnOutput(JsonObject output)
    {
        var type = output["output_type"]?.GetValue<string>();
        lock (_gate)
        {
            if (type == "stream")
            {
                var name = output["name"]!.GetValue<string>();
                if (_stream != null && _stream != name) FlushLocked();
                _stream = name;
                _text.Append(output["text"]!.GetValue<string>());
                _timer.Change(Delay, Timeout.InfiniteTimeSpan);
                return;
            }
            FlushLocked();
            switch (type)
            {
                case "display_data":
                    _kernel.Publish("display_data", new JsonObject
                    {
                        ["data"] = output["data"]!.DeepClone(), ["metadata"] = new JsonObject(), ["transient"] = new JsonObject(),
                    }, _parent);
                    break;
                case "execute_result" when !_silent:
                    _kernel.Publish("execute_result", new JsonObject
                    {
                        ["execution_count"] = output["execution_count"]!.DeepClone(), ["data"] = output["data"]!.DeepClone(), ["metadata"] = new JsonObject(),
                    }, _parent);
                    break;
                case "error":
                    _kernel.Publish("error", new JsonObject
                    {
                        ["ename"] = output["ename"]!.DeepClone(), ["evalue"] = output["evalue"]!.DeepClone(), ["traceback"] = output["traceback"]!.DeepClone(),
                    }, _parent);
                    break;
            }
        }
    }

    /// <summary>Sends the gathered stream text.</summary>
    internal void Flush()
    {
        lock (_gate) FlushLocked();
    }

    /// <summary>Flushes and stops the timer.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _timer.Dispose();
            FlushLocked();
        }
    }

    private void FlushLocked()
    {
        if (_stream == null || _text.Length == 0) return;
        _kernel.Publish("stream", new JsonObject { ["name"] = _stream, ["text"] = _text.ToString() }, _parent);
        _text.Clear();
        _stream = null;
    }
}
