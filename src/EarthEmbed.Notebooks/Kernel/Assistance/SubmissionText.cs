using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using EarthEmbed.Notebooks.Execution;

namespace EarthEmbed.Notebooks.Kernel.Assistance;

/// <summary>The code a completion or inspection is about, compiled as the next cell of the session (so the
/// variables, methods and <c>using</c>s of earlier cells are known), with cursor positions translated between
/// Jupyter's (Unicode code points, protocol 5.2 on) and .NET strings' (UTF-16 units).</summary>
internal sealed class SubmissionText
{
    private SubmissionText(string code, Compilation compilation, SyntaxTree tree)
    {
        Code = code;
        Compilation = compilation;
        Tree = tree;
        Model = compilation.GetSemanticModel(tree);
    }

    /// <summary>The code, magic lines (<c>#!csharp</c>) blanked with spaces so offsets do not move.</summary>
    internal string Code { get; }

    internal Compilation Compilation { get; }

    internal SyntaxTree Tree { get; }

    internal SemanticModel Model { get; }

    /// <summary>Compiles <paramref name="code"/> after <paramref name="state"/> (or as the first cell).</summary>
    internal static SubmissionText Create(string code, ScriptState<object>? state, ScriptOptions options)
    {
        var blanked = BlankMagics(code);
        var script = state?.Script.ContinueWith(blanked, options) ?? CSharpScript.Create(blanked, options, typeof(NotebookGlobals));
        var compilation = script.GetCompilation();
        return new SubmissionText(blanked, compilation, compilation.SyntaxTrees.Last());
    }

    /// <summary>Whether the code is a whole submission (Roslyn's own test, as the C# interactive window uses).</summary>
    internal static bool IsComplete(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(BlankMagics(code), new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script));
        return SyntaxFactory.IsCompleteSubmission(tree);
    }

    /// <summary>The UTF-16 index of code point <paramref name="codePoints"/> (clamped to the text).</summary>
    internal static int ToUtf16(string text, int codePoints)
    {
        var index = 0;
        for (var n = 0; n < codePoints && index < text.Length; n++) index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length ? 2 : 1;
        return index;
    }

    /// <summary>The code-point offset of UTF-16 index <paramref name="index"/>.</summary>
    internal static int ToCodePoints(string text, int index)
    {
        var count = 0;
        for (var i = 0; i < index && i < text.Length; i++) if (!char.IsLowSurrogate(text[i])) count++;
        return count;
    }

    private static string BlankMagics(string code)
    {
        var chars = code.ToCharArray();
        var lineStart = 0;
        for (var i = 0; i <= chars.Length; i++)
        {
            if (i < chars.Length && chars[i] != '\n') continue;
            var first = lineStart;
            while (first < i && chars[first] is ' ' or '\t') first++;
            if (first + 1 < i && chars[first] == '#' && chars[first + 1] == '!')
                for (var j = first; j < i; j++) if (chars[j] != '\r') chars[j] = ' ';
            lineStart = i + 1;
        }
        return new string(chars);
    }
}
