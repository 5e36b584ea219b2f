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

    internal void Write(string stream, string text)
    {
        if (string.IsNullOrEmpty(text)) return;
        lock (_gate)
        {
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
        lock (_gate) _outputs.Add(new JsonObject { ["output_type"] = "display_data", ["data"] = data, ["metadata"] = new JsonObject() });
    }

    internal void AddResult(JsonObject data, int executionCount)
    {
        lock (_gate)
        {
            _outputs.Add(new JsonObject
            {
                ["output_type"] = "execute_result", ["execution_count"] = executionCount, ["data"] = data, ["metadata"] = new JsonObject(),
            });
        }
    }

    internal void AddError(string name, string value, IEnumerable<string> traceback)
    {
        lock (_gate)
        {
            _outputs.Add(new JsonObject
            {
                ["output_type"] = "error", ["ename"] = name, ["evalue"] = value,
                ["traceback"] = new JsonArray(traceback.Select(t => (JsonNode?)t).ToArray()),
            });
        }
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
