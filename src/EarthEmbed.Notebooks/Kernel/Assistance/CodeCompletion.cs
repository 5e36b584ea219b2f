using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace EarthEmbed.Notebooks.Kernel.Assistance;

/// <summary>What complete_reply carries: the names, and the span (code points) they replace.</summary>
internal sealed record Completions(IReadOnlyList<string> Matches, IReadOnlyList<string> Kinds, int CursorStart, int CursorEnd);

/// <summary>Completions from Roslyn's semantic model of the code as the session's next cell: after a dot, the
/// members of what stands left of it (static members of a type, namespaces and types of a namespace, instance
/// members and extension methods of a value); elsewhere every symbol in scope at the cursor and the C# keywords.
/// Names are those that start with what is typed (case-insensitively; the ones matching case first).</summary>
internal static class CodeCompletion
{
    private static readonly string[] Keywords = SyntaxFacts.GetKeywordKinds().Select(SyntaxFacts.GetText)
        .Concat(SyntaxFacts.GetContextualKeywordKinds().Select(SyntaxFacts.GetText)).Distinct(StringComparer.Ordinal).ToArray();

    internal static Completions Complete(string code, int cursorCodePoints, ScriptState<object>? state, ScriptOptions options)
    {
        var text = SubmissionText.Create(code, state, options);
        var cursor = SubmissionText.ToUtf16(code, cursorCodePoints);
        var start = cursor;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_')) start--;
        var prefix = code[start..cursor];
        var dot = start - 1;
        while (dot >= 0 && char.IsWhiteSpace(code[dot])) dot--;

        IEnumerable<(string Name, string Kind)> candidates;
        if (dot >= 0 && code[dot] == '.' && Left(text, dot) is { } left) candidates = Members(text, left, start);
        else candidates = text.Model.LookupSymbols(start).Select(Describe).Concat(Keywords.Select(k => (k, "keyword")));

        var matches = candidates
            .Where(c => c.Name.Length > 0 && SyntaxFacts.IsValidIdentifier(c.Name) && c.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .GroupBy(c => c.Name, StringComparer.Ordinal).Select(g => g.First())
            .OrderBy(c => c.Name.StartsWith(prefix, StringComparison.Ordinal) ? 0 : 1).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new Completions(matches.Select(m => m.Name).ToList(), matches.Select(m => m.Kind).ToList(),
            SubmissionText.ToCodePoints(code, start), SubmissionText.ToCodePoints(code, cursor));
    }

    /// <summary>The expression or name left of the dot at <paramref name="dot"/>.</summary>
    private static ExpressionSyntax? Left(SubmissionText text, int dot)
    {
        var token = text.Tree.GetRoot().FindToken(dot);
        return token.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression,
            QualifiedNameSyntax qualified => qualified.Left,
            ConditionalAccessExpressionSyntax conditional => conditional.Expression,
            MemberBindingExpressionSyntax binding => (binding.Parent?.Parent as ConditionalAccessExpressionSyntax)?.Expression,
            _ => null,
        };
    }

    private static IEnumerable<(string, string)> Members(SubmissionText text, ExpressionSyntax left, int position)
    {
        var model = text.Model;
        var symbol = model.GetSymbolInfo(left).Symbol;
        if (symbol is INamespaceSymbol ns) return model.LookupNamespacesAndTypes(position, ns).Select(Describe);
        if (symbol is ITypeSymbol type) return model.LookupStaticMembers(position, type).Select(Describe);
        var valueType = model.GetTypeInfo(left).Type;
        if (valueType is null) return [];
        return model.LookupSymbols(position, valueType, includeReducedExtensionMethods: true)
            .Where(s => !s.IsStatic || s is IMethodSymbol { MethodKind: MethodKind.ReducedExtension })
            .Select(Describe);
    }

    private static (string, string) Describe(ISymbol symbol) => (symbol.Name, symbol switch
    {
        IMethodSymbol => "method",
        IPropertySymbol => "property",
        IFieldSymbol { IsConst: true } => "constant",
        IFieldSymbol => "field",
        IEventSymbol => "event",
        ILocalSymbol or IParameterSymbol or IRangeVariableSymbol => "variable",
        INamespaceSymbol => "namespace",
        INamedTypeSymbol { TypeKind: TypeKind.Interface } => "interface",
        INamedTypeSymbol { TypeKind: TypeKind.Enum } => "enum",
        INamedTypeSymbol { TypeKind: TypeKind.Struct } => "struct",
        INamedTypeSymbol => "class",
        _ => "text",
    });
}
