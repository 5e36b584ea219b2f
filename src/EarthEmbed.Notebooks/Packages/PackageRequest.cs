using System.Text.RegularExpressions;

namespace EarthEmbed.Notebooks.Packages;

/// <summary>One <c>#r "nuget: Name, Version"</c> directive of a cell: the package id as written, the version (null:
/// the newest stable version the feeds have, as .NET Interactive does), and where it stood.</summary>
/// <param name="Name">The package id (NuGet ids are case-insensitive).</param>
/// <param name="Version">A NuGet version or range (<c>1.2.3</c>, <c>1.2.*</c>, <c>[1.0,2.0)</c>), or null for the newest.</param>
/// <param name="Line">The 1-based line of the directive within its cell.</param>
internal sealed partial record PackageRequest(string Name, string? Version, int Line)
{
    /// <summary>The version as the generated project asks for it: the version, or <c>*</c> for the newest stable.</summary>
    internal string VersionOrNewest => Version ?? "*";

    /// <summary>The directive as written back in messages: <c>#r "nuget: Name, Version"</c>.</summary>
    internal string Directive => Version is null ? $"#r \"nuget: {Name}\"" : $"#r \"nuget: {Name}, {Version}\"";

    /// <summary>Parses the text after <c>nuget:</c> of a <c>#r</c> directive.</summary>
    /// <exception cref="NotebookException">Not "Name" or "Name, Version", or a name NuGet would refuse.</exception>
    internal static PackageRequest Parse(string target, int cell, int line)
    {
        var text = target["nuget:".Length..].Trim();
        // Split at the first comma only: a version range such as [1.0,2.0) has one of its own.
        var parts = text.Split(',', 2, StringSplitOptions.TrimEntries);
        if (parts[0].Length == 0 || (parts.Length == 2 && parts[1].Length == 0))
        {
            throw new NotebookException(
                $"cell {cell}, line {line}: #r \"{target}\": expected #r \"nuget: Name\" or #r \"nuget: Name, Version\"", cell, line);
        }
        if (!IdPattern().IsMatch(parts[0]))
        {
            throw new NotebookException(
                $"cell {cell}, line {line}: #r \"{target}\": \"{parts[0]}\" is not a NuGet package id (letters, digits, '.', '_' and '-')", cell, line);
        }
        if (parts.Length == 2 && !VersionPattern().IsMatch(parts[1]))
        {
            throw new NotebookException(
                $"cell {cell}, line {line}: #r \"{target}\": \"{parts[1]}\" is not a NuGet version (e.g. 1.2.3, 1.2.*, [1.0,2.0))", cell, line);
        }
        return new PackageRequest(parts[0], parts.Length == 2 ? parts[1] : null, line);
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[\[\(]?[0-9A-Za-z.*+\- ,]*[\]\)]?$")]
    private static partial Regex VersionPattern();
}
