using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EarthEmbed.Notebooks.Execution;

/// <summary>papermill's parameters for C#: the cell tagged <c>parameters</c> declares variables with defaults
/// (<c>var epochs = 3;</c>, <c>bool quick = true;</c>), and each <c>-p name=value</c> becomes an assignment in a cell
/// run right after it. Values are checked against the declared type (or the literal's type for <c>var</c>): strings
/// are quoted for you, numbers and booleans must parse; other types take the value as a C# expression.</summary>
internal static class ParameterInjector
{
    /// <summary>Parses "name=value" pairs; the last of repeated names wins.</summary>
    internal static IReadOnlyDictionary<string, string> Parse(IEnumerable<string> pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new NotebookException($"-p {pair}: expected name=value");
            var name = pair[..eq].Trim();
            if (!SyntaxFacts.IsValidIdentifier(name)) throw new NotebookException($"-p {pair}: \"{name}\" is not a C# variable name");
            result[name] = pair[(eq + 1)..];
        }
        return result;
    }

    /// <summary>The source of the injected cell that assigns <paramref name="values"/> after the parameters cell.</summary>
    /// <exception cref="NotebookException">A name the parameters cell does not declare, or a value that does not fit its type.</exception>
    internal static string Build(string parametersSource, int cell, IReadOnlyDictionary<string, string> values)
    {
        var declared = Declarations(parametersSource);
        var code = new StringBuilder("// Parameters injected by `earthembed notebook run -p`.\n");
        foreach (var (name, value) in values)
        {
            if (!declared.TryGetValue(name, out var type))
            {
                throw new NotebookException(
                    $"-p {name}={value}: the parameters cell (cell {cell}) declares no variable \"{name}\"; it declares: " +
                    (declared.Count == 0 ? "nothing" : string.Join(", ", declared.Keys)), cell);
            }
            code.Append(CultureInfo.InvariantCulture, $"{name} = {Literal(name, type, value)};\n");
        }
        return code.ToString();
    }

    /// <summary>Top-level variables of a cell and their type names ("int", "string", ... or the declared type text).</summary>
    internal static Dictionary<string, string> Declarations(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(kind: SourceCodeKind.Script));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<VariableDeclarationSyntax>())
        {
            if (declaration.Parent is not (FieldDeclarationSyntax or LocalDeclarationStatementSyntax)) continue;
            if (declaration.Ancestors().Any(a => a is BaseMethodDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)) continue;
            foreach (var variable in declaration.Variables)
            {
                var type = declaration.Type.IsVar ? TypeOfLiteral(variable.Initializer?.Value) : declaration.Type.ToString();
                result[variable.Identifier.Text] = type;
            }
        }
        return result;
    }

    private static string TypeOfLiteral(ExpressionSyntax? value) => value switch
    {
        LiteralExpressionSyntax literal => literal.Token.Value switch
        {
            string => "string",
            bool => "bool",
            int => "int",
            long => "long",
            double => "double",
            float => "float",
            decimal => "decimal",
            _ => "expression",
        },
        PrefixUnaryExpressionSyntax { OperatorToken.Text: "-" } negative => TypeOfLiteral(negative.Operand),
        _ => "expression",
    };

    private static string Literal(string name, string type, string value)
    {
        string Bad(string expected) => throw new NotebookException($"-p {name}={value}: \"{name}\" is {type}; expected {expected}");
        var inv = CultureInfo.InvariantCulture;
        switch (type)
        {
            case "string" or "string?" or "String":
                return SymbolDisplay.FormatLiteral(value, quote: true);
            case "bool" or "Boolean":
                return bool.TryParse(value, out var b) ? (b ? "true" : "false") : Bad("true or false");
            case "int" or "long" or "short" or "byte" or "Int32" or "Int64":
                return long.TryParse(value, NumberStyles.Integer, inv, out var l) ? l.ToString(inv) + (type is "long" or "Int64" ? "L" : "") : Bad("an integer");
            case "double" or "float" or "decimal" or "Double" or "Single" or "Decimal":
                if (!double.TryParse(value, NumberStyles.Float, inv, out var d)) return Bad("a number");
                return d.ToString("R", inv) + (type is "float" or "Single" ? "f" : type is "decimal" or "Decimal" ? "m" : "d");
            default:
                return value; // any other type: the value is a C# expression
        }
    }
}
