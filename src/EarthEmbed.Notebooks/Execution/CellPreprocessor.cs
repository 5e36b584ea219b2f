using System.Text.RegularExpressions;

namespace EarthEmbed.Notebooks.Execution;

/// <summary>What a cell is once its magics are read: C# to run, markdown to show, or nothing.</summary>
internal enum CellKind
{
    CSharp,
    Markdown,
    Empty,
}

/// <summary>A cell ready to run: its code with magic lines blanked (so line numbers stay those of the cell).</summary>
internal sealed record PreparedCell(CellKind Kind, string Text);

/// <summary>Reads .NET Interactive cell magics (<c>#!csharp</c>, <c>#!c#</c>, <c>#!markdown</c>) and checks
/// <c>#r "path"</c> references before Roslyn sees the cell, so a bad cell fails with a message that names the cell,
/// the line and the file looked for.</summary>
internal static partial class CellPreprocessor
{
    private static readonly string[] CSharpNames = ["csharp", "c#", "cs"];

    internal static PreparedCell Prepare(string source, int cell, string notebookDirectory, string? kernel)
    {
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var language = kernel;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (!trimmed.StartsWith("#!", StringComparison.Ordinal)) continue;
            var magic = trimmed[2..].Split(' ', 2)[0];
            if (CSharpNames.Contains(magic, StringComparer.OrdinalIgnoreCase) || magic.Equals("markdown", StringComparison.OrdinalIgnoreCase))
            {
                language = magic;
                lines[i] = string.Empty;
                continue;
            }
            throw new NotebookException(
                $"cell {cell}, line {i + 1}: the magic command #!{magic} is not supported by the headless runner " +
                "(it runs #!csharp cells and shows #!markdown ones)", cell, i + 1);
        }
        if (language != null && language.Equals("markdown", StringComparison.OrdinalIgnoreCase))
            return new PreparedCell(CellKind.Markdown, string.Join("\n", lines).Trim('\n'));
        if (language != null && !CSharpNames.Contains(language, StringComparer.OrdinalIgnoreCase))
        {
            throw new NotebookException(
                $"cell {cell}: its kernel is \"{language}\"; the headless runner runs C# cells only (kernelName csharp)", cell);
        }
        for (var i = 0; i < lines.Length; i++) CheckReference(lines[i], cell, i + 1, notebookDirectory);
        var code = string.Join("\n", lines);
        return new PreparedCell(string.IsNullOrWhiteSpace(code) ? CellKind.Empty : CellKind.CSharp, code);
    }

    /// <summary>The notebook-relative paths of a cell's <c>#r</c> directives, resolved to full paths.</summary>
    internal static void CheckReference(string line, int cell, int lineNumber, string notebookDirectory)
    {
        var match = ReferencePattern().Match(line);
        if (!match.Success) return;
        var target = match.Groups["path"].Value;
        if (target.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotebookException(
                $"cell {cell}, line {lineNumber}: #r \"{target}\": NuGet references are not supported by the headless runner; " +
                "build the library and reference its DLL by path, e.g. #r \"../build/cli/TorchSharp.dll\" and #r \"../build/cli/EarthEmbed.Engine.dll\"", cell, lineNumber);
        }
        var full = Path.GetFullPath(Path.Combine(notebookDirectory, target));
        if (!File.Exists(full))
        {
            throw new NotebookException(
                $"cell {cell}, line {lineNumber}: #r \"{target}\": file not found (looked for {full}, relative to the notebook's folder)",
                cell, lineNumber);
        }
    }

    [GeneratedRegex("^\\s*#r\\s+\"(?<path>[^\"]*)\"")]
    private static partial Regex ReferencePattern();
}
