using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;
using Microsoft.CodeAnalysis.Scripting;

namespace EarthEmbed.Notebooks.Execution;

/// <summary>The Roslyn scripting options every cell compiles with: the usual framework assemblies and namespaces
/// (as .NET Interactive's C# kernel imports them), <c>#r</c> paths resolved from the notebook's folder, debug
/// information so exceptions carry the cell's line numbers.</summary>
internal static class ScriptSetup
{
    /// <summary>Namespaces imported in every cell.</summary>
    internal static readonly string[] Imports =
    [
        "System", "System.Collections", "System.Collections.Generic", "System.IO", "System.Linq", "System.Text",
        "System.Threading.Tasks",
    ];

    internal static ScriptOptions Options(string notebookDirectory)
    {
        Assembly[] references =
        [
            typeof(object).Assembly, typeof(Enumerable).Assembly, typeof(List<>).Assembly, typeof(Console).Assembly,
            typeof(Regex).Assembly, typeof(JsonObject).Assembly, typeof(IHtmlContent).Assembly,
            typeof(System.Collections.Concurrent.ConcurrentDictionary<,>).Assembly, typeof(NotebookGlobals).Assembly,
            Assembly.Load("System.Runtime"), Assembly.Load("netstandard"),
        ];
        return ScriptOptions.Default
            .AddReferences(references)
            .AddImports(Imports)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(notebookDirectory))
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(notebookDirectory))
            .WithEmitDebugInformation(true)
            .WithFileEncoding(System.Text.Encoding.UTF8)
            .WithAllowUnsafe(true);
    }

    /// <summary>The file name a cell compiles under (in the notebook's folder, so relative <c>#r</c> paths resolve
    /// there, and so stack traces say which cell threw).</summary>
    internal static string CellPath(string notebookDirectory, int cell) => Path.Combine(notebookDirectory, $"cell{cell}.csx");
}
