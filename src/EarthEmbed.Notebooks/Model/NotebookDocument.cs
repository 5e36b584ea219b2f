using EarthEmbed.Geo;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EarthEmbed.Notebooks.Model;

/// <summary>A Jupyter notebook (nbformat 4) as JSON, read with its structure checked and written back valid, every
/// field it does not know kept as it was. Keeps (and adds where missing) the .NET Interactive metadata, so Polyglot
/// Notebooks still opens the file as a C# notebook.</summary>
public sealed class NotebookDocument
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 1 };

    private NotebookDocument(string path, JsonObject root)
    {
        Path = path;
        Root = root;
    }

    /// <summary>Where the notebook was read from.</summary>
    public string Path { get; }

    /// <summary>The whole JSON document.</summary>
    public JsonObject Root { get; }

    /// <summary>The cells, in order.</summary>
    public JsonArray Cells => (JsonArray)Root["cells"]!;

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    /// <exception cref="NotebookException">The file is missing, not JSON, or not an nbformat 4 notebook; the message
    /// says where and what was expected.</exception>
    public static NotebookDocument Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new NotebookException($"{path}: no such notebook file");
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new NotebookException($"{path}: not a notebook: the file is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }
        return FromJson(path, node);
    }

    /// <summary>Checks an already parsed notebook.</summary>
    public static NotebookDocument FromJson(string path, JsonNode? node)
    {
        if (node is not JsonObject root) throw new NotebookException($"{path}: not a notebook: expected a JSON object at the top, got {Kind(node)}");
        var major = root["nbformat"] is JsonValue v && v.TryGetValue<int>(out var m) ? m : (int?)null;
        if (major != 4) throw new NotebookException($"{path}: expected nbformat 4, got {(major?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no nbformat field")}");
        if (root["cells"] is not JsonArray cells) throw new NotebookException($"{path}: expected a \"cells\" list, got {Kind(root["cells"])}");
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject cell) throw new NotebookException($"{path}: cell {i + 1}: expected a JSON object, got {Kind(cells[i])}", i + 1);
            var type = cell["cell_type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
            if (type is not ("code" or "markdown" or "raw"))
                throw new NotebookException($"{path}: cell {i + 1}: cell_type must be code, markdown or raw, got {Kind(cell["cell_type"])}", i + 1);
            _ = SourceOf(cell, path, i + 1);
        }
        return new NotebookDocument(path, root);
    }

    /// <summary>A cell's source as one string (nbformat allows a string or a list of lines).</summary>
    public static string SourceOf(JsonObject cell, string path = "notebook", int number = 0)
    {
        ArgumentNullException.ThrowIfNull(cell);
        switch (cell["source"])
        {
            case JsonValue value when value.TryGetValue<string>(out var text):
                return text;
            case JsonArray lines:
                return string.Concat(lines.Select(l => l is JsonValue lv && lv.TryGetValue<string>(out var line) ? line
                    : throw new NotebookException($"{path}: cell {number}: source lines must be strings, got {Kind(l)}", number)));
            default:
                throw new NotebookException($"{path}: cell {number}: source must be a string or a list of strings, got {Kind(cell["source"])}", number);
        }
    }

    /// <summary>The cell's tags (metadata.tags).</summary>
    public static IReadOnlyList<string> TagsOf(JsonObject cell) =>
        cell?["metadata"]?["tags"] is JsonArray tags ? tags.OfType<JsonValue>().Select(t => t.ToString()).ToArray() : [];

    /// <summary>The kernel a cell names in its metadata (polyglot_notebook.kernelName or dotnet_interactive.language),
    /// or null.</summary>
    public static string? KernelOf(JsonObject cell) =>
        cell?["metadata"]?["polyglot_notebook"]?["kernelName"]?.ToString() ?? cell?["metadata"]?["dotnet_interactive"]?["language"]?.ToString();

    /// <summary>A new code cell with the C# kernel metadata.</summary>
    public static JsonObject NewCodeCell(string source, params string[] tags)
    {
        var metadata = new JsonObject
        {
            ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
        };
        if (tags.Length > 0) metadata["tags"] = new JsonArray(tags.Select(t => (JsonNode?)t).ToArray());
        return new JsonObject
        {
            ["cell_type"] = "code", ["execution_count"] = null, ["metadata"] = metadata,
            ["outputs"] = new JsonArray(), ["source"] = source,
        };
    }

    /// <summary>Writes the notebook as nbformat 4.5 (every cell with an id, code cells with their kernel metadata,
    /// markdown cells without outputs), indented like Jupyter writes it; a temporary name first, renamed when complete.</summary>
    public void Save(string path)
    {
        Normalise();
        AtomicFile.WriteAllText(path, Root.ToJsonString(Indented) + "\n");
    }

    /// <summary>Makes the document valid nbformat 4.5 with .NET Interactive metadata (idempotent).</summary>
    internal void Normalise()
    {
        Root["nbformat"] = 4;
        Root["nbformat_minor"] = Math.Max(5, Root["nbformat_minor"] is JsonValue mv && mv.TryGetValue<int>(out var minor) ? minor : 0);
        var metadata = Root["metadata"] as JsonObject ?? [];
        Root["metadata"] = metadata;
        metadata["kernelspec"] ??= new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" };
        metadata["language_info"] ??= new JsonObject
        {
            ["name"] = "C#", ["file_extension"] = ".cs", ["mimetype"] = "text/x-csharp", ["pygments_lexer"] = "csharp",
        };
        metadata["polyglot_notebook"] ??= new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
            },
        };
        var ids = new HashSet<string>();
        foreach (var cell in Cells.OfType<JsonObject>())
        {
            var id = cell["id"]?.ToString();
            if (string.IsNullOrEmpty(id) || !ids.Add(id))
            {
                id = Guid.NewGuid().ToString("N")[..8];
                ids.Add(id);
                cell["id"] = id;
            }
            cell["metadata"] ??= new JsonObject();
            if (cell["cell_type"]?.ToString() == "code")
            {
                cell["outputs"] ??= new JsonArray();
                if (!cell.ContainsKey("execution_count")) cell["execution_count"] = null;
                var cellMetadata = (JsonObject)cell["metadata"]!;
                cellMetadata["polyglot_notebook"] ??= new JsonObject { ["kernelName"] = "csharp" };
            }
            else
            {
                cell.Remove("outputs");
                cell.Remove("execution_count");
            }
        }
    }

    private static string Kind(JsonNode? node) => node switch
    {
        null => "nothing (null or missing)",
        JsonObject => "an object",
        JsonArray => "a list",
        JsonValue v => $"the value {v.ToJsonString()}",
        _ => node.GetType().Name,
    };
}
