using System.Text.RegularExpressions;
using EarthEmbed.Notebooks.Packages;

namespace EarthEmbed.Notebooks.Execution;

/// <summary>What a cell is once its magics are read: C# to run, markdown to show, or nothing.</summary>
internal enum CellKind
{
    CSharp,
    Markdown,
    Empty,
}

/// <summary>A cell ready to run: its code with magic lines and <c>#r "nuget:"</c> lines blanked (so line numbers stay
/// those of the cell), and the packages those lines ask for (restored before the cell compiles).</summary>
internal sealed record PreparedCell(CellKind Kind, string Text, IReadOnlyList<PackageRequest> Packages)
{
    internal PreparedCell(CellKind kind, string text) : this(kind, text, []) { }
}

/// <summary>Reads .NET Interactive cell magics (<c>#!csharp</c>, <c>#!c#</c>, <c>#!markdown</c>), takes out
/// <c>#r "nuget: Name, Version"</c> directives and checks <c>#r "path"</c> references before Roslyn sees the cell, so a
/// bad cell fails with a message that names the cell, the line and the file looked for.</summary>
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
        var packages = new List<PackageRequest>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (CheckReference(lines[i], cell, i + 1, notebookDirectory) is not { } package) continue;
            packages.Add(package);
            lines[i] = string.Empty;
        }
        var code = string.Join("\n", lines);
        return new PreparedCell(string.IsNullOrWhiteSpace(code) ? CellKind.Empty : CellKind.CSharp, code, packages);
    }

    /// <summary>Checks a <c>#r "path"</c> line (the file must exist, relative to the notebook's folder) and parses a
    /// <c>#r "nuget: ..."</c> line into the package it asks for (returned; null for any other line).</summary>
    internal static PackageRequest? CheckReference(string line, int cell, int lineNumber, string notebookDirectory)
    {
        var match = ReferencePattern().Match(line);
        if (!match.Success) return null;
        var target = match.Groups["path"].Value;
        if (target.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase)) return PackageRequest.Parse(target, cell, lineNumber);
        var full = Path.GetFullPath(Path.Combine(notebookDirectory, target));
        if (!File.Exists(full))
        {
            throw new NotebookException(
                $"cell {cell}, line {lineNumber}: #r \"{target}\": file not found (looked for {full}, relative to the notebook's folder)",
                cell, lineNumber);
        }
        return null;
    }

    [GeneratedRegex("^\\s*#r\\s+\"(?<path>[^\"]*)\"")]
    private static partial Regex ReferencePattern();
}
