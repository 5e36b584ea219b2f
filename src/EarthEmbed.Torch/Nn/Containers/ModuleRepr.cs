namespace EarthEmbed.Torch.Nn;

/// <summary>PyTorch's multi-line repr for modules with children:
/// <c>Name(\n  (child): ChildRepr\n)</c>, nested reprs indented by two spaces.</summary>
internal static class ModuleRepr
{
    public static string Format(string name, Module module, string extra = "")
    {
        var lines = new List<string>();
        if (extra.Length > 0) lines.AddRange(extra.Split('\n'));
        foreach (var (childName, child) in module.NamedChildren())
            lines.Add($"({childName}): " + Indent(child.ToString() ?? child.GetType().Name));
        if (lines.Count == 0) return name + "()";
        if (lines.Count == 1 && extra.Length > 0 && !module.NamedChildren().Any()) return $"{name}({extra})";
        return name + "(\n  " + string.Join("\n  ", lines) + "\n)";
    }

    private static string Indent(string text) => text.Replace("\n", "\n  ", StringComparison.Ordinal);
}
