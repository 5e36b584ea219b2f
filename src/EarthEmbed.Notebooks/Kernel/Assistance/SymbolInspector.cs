using System.Text;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace EarthEmbed.Notebooks.Kernel.Assistance;

/// <summary>inspect_request: the symbol at the cursor (or the method whose argument list the cursor is in), as its
/// signatures (every overload of a method) and its XML documentation, in text/plain and text/markdown.</summary>
internal static class SymbolInspector
{
    private static readonly SymbolDisplayFormat Signature = SymbolDisplayFormat.MinimallyQualifiedFormat
        .WithMemberOptions(SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeType |
                           SymbolDisplayMemberOptions.IncludeContainingType | SymbolDisplayMemberOptions.IncludeRef |
                           SymbolDisplayMemberOptions.IncludeModifiers)
        .WithParameterOptions(SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName |
                              SymbolDisplayParameterOptions.IncludeDefaultValue | SymbolDisplayParameterOptions.IncludeParamsRefOut |
                              SymbolDisplayParameterOptions.IncludeOptionalBrackets)
        .WithKindOptions(SymbolDisplayKindOptions.IncludeTypeKeyword | SymbolDisplayKindOptions.IncludeNamespaceKeyword);

    /// <summary>The MIME bundle for the symbol at the cursor, or null when there is none.</summary>
    internal static JsonObject? Inspect(string code, int cursorCodePoints, int detailLevel, ScriptState<object>? state, ScriptOptions options)
    {
        var text = SubmissionText.Create(code, state, options);
        var cursor = SubmissionText.ToUtf16(code, cursorCodePoints);
        var symbol = SymbolAt(text, cursor);
        if (symbol == null) return null;
        var signatures = Overloads(symbol).Prepend(symbol).Select(s => s.ToDisplayString(Signature)).Distinct(StringComparer.Ordinal).ToList();
        var docs = XmlDocs.For(symbol);
        var plain = new StringBuilder(string.Join('\n', signatures));
        if (docs.Length > 0) plain.Append("\n\n").Append(docs);
        if (detailLevel > 0 && symbol.ContainingAssembly is { } assembly) plain.Append("\n\nAssembly: ").Append(assembly.Identity.GetDisplayName());
        var markdown = new StringBuilder("```csharp\n").AppendJoin('\n', signatures).Append("\n```\n");
        if (docs.Length > 0) markdown.Append('\n').Append(docs).Append('\n');
        return new JsonObject { ["text/plain"] = plain.ToString(), ["text/markdown"] = markdown.ToString() };
    }

    private static ISymbol? SymbolAt(SubmissionText text, int cursor)
    {
        var root = text.Tree.GetRoot();
        var model = text.Model;
        foreach (var position in new[] { cursor, cursor - 1 })
        {
            if (position < 0 || position >= text.Code.Length + 1) continue;
            var token = root.FindToken(Math.Min(position, Math.Max(0, root.FullSpan.End - 1)));
            if (token.IsKind(SyntaxKind.IdentifierToken) || token.Parent is PredefinedTypeSyntax)
            {
                if (Resolve(model, token.Parent!) is { } symbol) return symbol;
            }
        }
        // Inside an argument list: the method being called.
        var node = root.FindToken(Math.Max(0, Math.Min(cursor, root.FullSpan.End) - 1)).Parent;
        var call = node?.AncestorsAndSelf().FirstOrDefault(n => n is ArgumentListSyntax)?.Parent;
        return call switch
        {
            InvocationExpressionSyntax invocation => Resolve(model, invocation.Expression),
            BaseObjectCreationExpressionSyntax creation => Resolve(model, creation),
            _ => null,
        };
    }

    private static ISymbol? Resolve(SemanticModel model, SyntaxNode node)
    {
        var info = model.GetSymbolInfo(node);
        return info.Symbol ?? info.CandidateSymbols.FirstOrDefault() ?? model.GetDeclaredSymbol(node) ?? model.GetTypeInfo(node).Type as ISymbol;
    }

    private static IEnumerable<ISymbol> Overloads(ISymbol symbol) => symbol is IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.Constructor or MethodKind.ReducedExtension } method
        ? (method.ReducedFrom ?? method).ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>()
            .Where(m => m.DeclaredAccessibility == Accessibility.Public || SymbolEqualityComparer.Default.Equals(m, method.ReducedFrom ?? method))
            .Select(m => method.ReducedFrom != null ? (ISymbol)(m.ReduceExtensionMethod(method.ReceiverType!) ?? m) : m)
        : [symbol];
}
