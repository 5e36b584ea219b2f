using System.Text;
using System.Text.Json.Nodes;

namespace EarthEmbed.Notebooks.Execution;

/// <summary>The outputs of one cell as Jupyter output objects, in the order they happened: stdout and stderr text
/// (consecutive writes to one stream merge into one output), displays, the trailing expression's result, an error.</summary>
internal sealed class CellOutputs
{
    private readonly object _gate = new();
    private readonly List<JsonObject> _outputs = [];
    private readonly Dictionary<JsonObject, StringBuilder> _streams = [];

    /// <summary>Told of each output as it happens, under the outputs' lock (so in order): a stream output carries just
    /// the newly written text. The kernel publishes outputs live through it; the headless runner leaves it unset.</summary>
    internal Action<JsonObject>? Listener { get; init; }

    internal void Write(string stream, string text)
    {
        if (string.IsNullOrEmpty(text)) return;
        lock (_gate)
        {
            Listener?.Invoke(new JsonObject { ["output_type"] = "stream", ["name"] = stream, ["text"] = text });
            if (_outputs.Count > 0 && _outputs[^1]["output_type"]?.ToString() == "stream" && _outputs[^1]["name"]?.ToString() == stream)
            {
                _streams[_outputs[^1]].Append(text);
                return;
            }
            var output = new JsonObject { ["output_type"] = "stream", ["name"] = stream };
            _outputs.Add(output);
            _streams[output] = new StringBuilder(text);
        }
    }

    internal void AddDisplay(JsonObject data)
    {
        lock (_gate) Add(new JsonObject { ["output_type"] = "display_data", ["data"] = data, ["metadata"] = new JsonObject() });
    }

    internal void AddResult(JsonObject data, int executionCount)
    {
        lock (_gate)
        {
            Add(new JsonObject
            {
                ["output_type"] = "execute_result", ["execution_count"] = executionCount, ["data"] = data, ["metadata"] = new JsonObject(),
            });
        }
    }

    internal void AddError(string name, string value, IEnumerable<string> traceback)
    {
        lock (_gate)
        {
            Add(new JsonObject
            {
                ["output_type"] = "error", ["ename"] = name, ["evalue"] = value,
                ["traceback"] = new JsonArray(traceback.Select(t => (JsonNode?)t).ToArray()),
            });
        }
    }

    private void Add(JsonObject output)
    {
        _outputs.Add(output);
        Listener?.Invoke(output);
    }

    /// <summary>The outputs as an nbformat "outputs" list.</summary>
    internal JsonArray ToJson()
    {
        lock (_gate)
        {
            foreach (var (output, text) in _streams) output["text"] = text.ToString();
            return new JsonArray(_outputs.Select(o => (JsonNode?)o.DeepClone()).ToArray());
        }
    }
}
