using System.ComponentModel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EarthEmbed.Notebooks.Kernel.Execution;

/// <summary>The check the kernel puts at the top of every loop body of a cell, so an interrupt ends a cell that is
/// busy in C# code even when the code never looks at a cancellation token. Public because cells compile against it;
/// not meant to be called by hand.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CellInterrupt
{
    private static CancellationToken _current;

    /// <summary>Throws <see cref="OperationCanceledException"/> when the running cell was interrupted.</summary>
    public static void Check() => _current.ThrowIfCancellationRequested();

    /// <summary>The token the running cell's checks look at.</summary>
    internal static void Begin(CancellationToken token) => _current = token;

    /// <summary>No cell is running: checks pass (code a cell left running in the background goes on).</summary>
    internal static void End() => _current = CancellationToken.None;
}

/// <summary>Rewrites a cell so each <c>for</c>, <c>foreach</c>, <c>while</c> and <c>do</c> body starts with
/// <see cref="CellInterrupt.Check"/>. The call is put on the body's first line and no line breaks are added, so the
/// line numbers in error messages stay those of the cell as written.</summary>
internal sealed class InterruptRewriter : CSharpSyntaxRewriter
{
    private const string CheckText = "global::EarthEmbed.Notebooks.Kernel.Execution.CellInterrupt.Check(); ";

    /// <summary>The cell's text with the checks in (the text itself when it has no loop).</summary>
    internal static string Rewrite(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script));
        var root = tree.GetRoot();
        if (!root.DescendantNodes().Any(n => n is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax))
            return code;
        return new InterruptRewriter().Visit(root).ToFullString();
    }

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return visited.WithStatement(Guard(visited.Statement));
    }

    private static BlockSyntax Guard(StatementSyntax body)
    {
        var check = SyntaxFactory.ParseStatement(CheckText);
        if (body is BlockSyntax block) return block.WithStatements(block.Statements.Insert(0, check));
        return SyntaxFactory.Block(check, body.WithoutTrivia()).WithTriviaFrom(body);
    }
}
