using System.Collections.Concurrent;
using System.Text;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace EarthEmbed.Notebooks.Kernel.Assistance;

/// <summary>The XML documentation of a symbol, read from the <c>.xml</c> file beside its assembly (EarthEmbed's
/// libraries ship theirs in build/cli) or, for the framework, from the .NET SDK's reference pack (the runtime's own
/// folder has none; types of System.Private.CoreLib are documented in System.Runtime.xml).</summary>
internal static class XmlDocs
{
    private static readonly ConcurrentDictionary<string, XDocument?> Files = new(StringComparer.Ordinal);

    /// <summary>Summary, parameters, return value and remarks as plain text; empty when no documentation is found.</summary>
    internal static string For(ISymbol symbol)
    {
        var target = symbol is IMethodSymbol { ReducedFrom: { } original } ? original : symbol.OriginalDefinition;
        var id = target.GetDocumentationCommentId();
        if (id == null || target.ContainingAssembly is not { } assembly) return string.Empty;
        foreach (var file in Candidates(assembly.Name))
        {
            var member = Load(file)?.Root?.Element("members")?.Elements("member").FirstOrDefault(m => (string?)m.Attribute("name") == id);
            if (member != null) return Render(member);
        }
        return string.Empty;
    }

    private static IEnumerable<string> Candidates(string assemblyName)
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == assemblyName && !a.IsDynamic);
        if (loaded is { Location.Length: > 0 }) yield return Path.ChangeExtension(loaded.Location, ".xml");
        if (ReferencePack() is not { } pack) yield break;
        yield return Path.Combine(pack, assemblyName + ".xml");
        if (assemblyName == "System.Private.CoreLib") yield return Path.Combine(pack, "System.Runtime.xml");
    }

    /// <summary>dotnet/packs/Microsoft.NETCore.App.Ref/VERSION/ref/netX.Y for the running runtime (or the newest).</summary>
    private static string? ReferencePack()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location);  // dotnet/shared/Microsoft.NETCore.App/VERSION
        if (runtime == null) return null;
        var dotnet = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var packs = Path.Combine(dotnet, "packs", "Microsoft.NETCore.App.Ref");
        if (!Directory.Exists(packs)) return null;
        var version = Path.GetFileName(runtime);
        var folder = Directory.Exists(Path.Combine(packs, version)) ? Path.Combine(packs, version)
            : Directory.GetDirectories(packs).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault();
        var framework = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        var reference = folder == null ? null : Path.Combine(folder, "ref", framework);
        return reference != null && Directory.Exists(reference) ? reference : null;
    }

    private static XDocument? Load(string path) => Files.GetOrAdd(path, p =>
    {
        try
        {
            return File.Exists(p) ? XDocument.Load(p) : null;
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    });

    private static string Render(XElement member)
    {
        var text = new StringBuilder();
        void Section(string title, XElement? element)
        {
            if (element == null) return;
            var body = Flatten(element);
            if (body.Length == 0) return;
            if (text.Length > 0) text.Append('\n');
            text.Append(title.Length > 0 ? $"{title}: {body}\n" : body + "\n");
        }
        Section(string.Empty, member.Element("summary"));
        foreach (var p in member.Elements("typeparam")) Section($"<{p.Attribute("name")?.Value}>", p);
        foreach (var p in member.Elements("param")) Section(p.Attribute("name")?.Value ?? "param", p);
        Section("Returns", member.Element("returns"));
        foreach (var e in member.Elements("exception")) Section($"Throws {Cref(e.Attribute("cref")?.Value)}", e);
        Section("Remarks", member.Element("remarks"));
        return text.ToString().TrimEnd();
    }

    /// <summary>An element's text with &lt;see cref&gt;, &lt;paramref&gt; and &lt;c&gt; reduced to names, whitespace collapsed.</summary>
    private static string Flatten(XElement element)
    {
        var builder = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            builder.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" or "seealso" } e => Cref(e.Attribute("cref")?.Value) ?? e.Attribute("langword")?.Value ?? e.Value,
                XElement { Name.LocalName: "paramref" or "typeparamref" } e => e.Attribute("name")?.Value,
                XElement { Name.LocalName: "para" } e => "\n" + Flatten(e) + "\n",
                XElement e => Flatten(e),
                _ => string.Empty,
            });
        }
        return string.Join(' ', builder.ToString().Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
    }

    private static string? Cref(string? cref)
    {
        if (string.IsNullOrEmpty(cref)) return null;
        var name = cref.Length > 2 && cref[1] == ':' ? cref[2..] : cref;
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0) name = name[..paren];
        var parts = name.Split('.');
        return parts.Length >= 2 && char.IsUpper(parts[^1][0]) && parts[^2].Length > 0 && char.IsUpper(parts[^2][0]) ? $"{parts[^2]}.{parts[^1]}" : parts[^1];
    }
}
