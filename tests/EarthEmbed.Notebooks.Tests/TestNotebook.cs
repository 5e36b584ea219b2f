using System.Text.Json.Nodes;
using EarthEmbed.Notebooks.Execution;

namespace EarthEmbed.Notebooks.Tests;

/// <summary>Small notebooks written into a fresh folder per test, and their runs.</summary>
internal sealed class TestNotebook
{
    private readonly List<JsonObject> _cells = [];

    internal TestNotebook(string name)
    {
        Folder = Path.Combine(AppContext.BaseDirectory, "test-output", name);
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
        Directory.CreateDirectory(Folder);
        Path_ = System.IO.Path.Combine(Folder, "nb.ipynb");
    }

    internal string Folder { get; }

    internal string Path_ { get; }

    internal string OutFolder => System.IO.Path.Combine(Folder, "out");

    internal TestNotebook Code(string source, params string[] tags)
    {
        var metadata = new JsonObject();
        if (tags.Length > 0) metadata["tags"] = new JsonArray(tags.Select(t => (JsonNode?)t).ToArray());
        // nbformat's list-of-lines form, as Jupyter writes it.
        var lines = source.Split('\n');
        var list = new JsonArray(lines.Select((l, i) => (JsonNode?)(i < lines.Length - 1 ? l + "\n" : l)).ToArray());
        _cells.Add(new JsonObject { ["cell_type"] = "code", ["execution_count"] = null, ["metadata"] = metadata, ["outputs"] = new JsonArray(), ["source"] = list });
        return this;
    }

    internal TestNotebook Markdown(string source)
    {
        _cells.Add(new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = source });
        return this;
    }

    internal string Write()
    {
        var root = new JsonObject
        {
            ["cells"] = new JsonArray(_cells.Select(c => c.DeepClone()).ToArray()),
            ["metadata"] = new JsonObject(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 4,
        };
        File.WriteAllText(Path_, root.ToJsonString());
        return Path_;
    }

    internal async Task<(NotebookRunResult Result, JsonObject Executed, string Progress)> Run(params string[] parameters)
    {
        Write();
        var progress = new StringWriter();
        var options = new NotebookRunOptions { Parameters = NotebookRunOptions.ParseParameters(parameters), Progress = progress };
        var result = await NotebookRunner.RunAsync(Path_, OutFolder, options);
        var executed = JsonNode.Parse(await File.ReadAllTextAsync(result.ExecutedNotebook))!.AsObject();
        return (result, executed, progress.ToString());
    }

    internal static JsonArray Outputs(JsonObject executed, int cell) => executed["cells"]![cell - 1]!["outputs"]!.AsArray();

    internal static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        null => string.Empty,
        _ => node.GetValue<string>(),
    };
}
