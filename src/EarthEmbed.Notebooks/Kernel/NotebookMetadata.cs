using EarthEmbed.Geo;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EarthEmbed.Notebooks.Kernel;

/// <summary>The canonical metadata of an EarthEmbed notebook. The notebook-level kernelspec selects this kernel in
/// Jupyter and VS Code; language_info says C#; polyglot_notebook.kernelInfo and each code cell's
/// <c>polyglot_notebook.kernelName</c> / <c>dotnet_interactive.language</c> keep the file readable by .NET
/// Interactive (Polyglot Notebooks), which routes cells by those and ignores the kernelspec name it does not know.
/// The headless runner reads the cell-level fields and runs either kind of notebook.</summary>
public static class NotebookMetadata
{
    /// <summary>metadata.kernelspec.</summary>
    public static JsonObject Kernelspec() => new()
    {
        ["display_name"] = KernelSpec.DisplayName, ["language"] = KernelSpec.Language, ["name"] = KernelSpec.Name,
    };

    /// <summary>metadata.language_info (what kernel_info_reply says, minus the version).</summary>
    public static JsonObject LanguageInfo() => new()
    {
        ["codemirror_mode"] = "text/x-csharp", ["file_extension"] = ".cs", ["mimetype"] = "text/x-csharp", ["name"] = "C#",
        ["pygments_lexer"] = "csharp",
    };

    /// <summary>metadata.polyglot_notebook: .NET Interactive's kernel list (C# is the default).</summary>
    public static JsonObject PolyglotNotebook() => new()
    {
        ["kernelInfo"] = new JsonObject
        {
            ["defaultKernelName"] = "csharp",
            ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["languageName"] = "C#", ["name"] = "csharp" }),
        },
    };

    /// <summary>Gives <paramref name="notebook"/> (an nbformat 4 root object) the canonical notebook metadata and its
    /// code cells the .NET Interactive cell metadata, keeping every other field (tags, outputs ...). Returns whether
    /// anything changed.</summary>
    public static bool Apply(JsonObject notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var before = notebook.ToJsonString();
        var metadata = notebook["metadata"] as JsonObject ?? [];
        notebook["metadata"] = metadata;
        metadata["kernelspec"] = Kernelspec();
        metadata["language_info"] = LanguageInfo();
        metadata["polyglot_notebook"] = PolyglotNotebook();
        foreach (var cell in (notebook["cells"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (cell["cell_type"]?.GetValue<string>() != "code") continue;
            var cellMetadata = cell["metadata"] as JsonObject ?? [];
            cell["metadata"] = cellMetadata;
            cellMetadata["dotnet_interactive"] ??= new JsonObject { ["language"] = "csharp" };
            cellMetadata["polyglot_notebook"] ??= new JsonObject { ["kernelName"] = "csharp" };
        }
        return before != notebook.ToJsonString();
    }

    /// <summary>Applies the metadata to the .ipynb at <paramref name="path"/> and rewrites it as Jupyter writes
    /// notebooks (one-space indent, text unescaped), leaving everything else as it was; returns whether it changed.</summary>
    /// <exception cref="NotebookException">The file is missing or not an nbformat 4 notebook.</exception>
    public static bool ApplyToFile(string path)
    {
        var document = Model.NotebookDocument.Load(path);
        if (!Apply(document.Root)) return false;
        var options = new JsonSerializerOptions { WriteIndented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        AtomicFile.WriteAllText(path, document.Root.ToJsonString(options) + "\n");
        return true;
    }
}
