using EarthEmbed.Notebooks.Execution;
using EarthEmbed.Notebooks.Kernel.Assistance;
using EarthEmbed.Notebooks.Kernel.Execution;

namespace EarthEmbed.Notebooks.Tests.Kernel;

/// <summary>The kernel's Roslyn services in-process: whole-submission checks, completions over an earlier cell's
/// state, inspection, and the loop checks that make cells interruptible.</summary>
public class AssistanceTests
{
    private static ScriptSession Session(params string[] cells)
    {
        var session = new ScriptSession(AppContext.BaseDirectory);
        foreach (var cell in cells) Assert.True(session.Execute(cell, new CellOutputs(), true, CancellationToken.None).Succeeded, cell);
        return session;
    }

    [Theory]
    [InlineData("var a = 1;", true)]
    [InlineData("a + 1", true)]
    [InlineData("if (a > 0) {", false)]
    [InlineData("x +", false)]
    [InlineData("void F() {\n  return;\n}", true)]
    [InlineData("#!csharp\nfor (var i = 0; i < 3; i++)", false)]
    public void IsComplete_is_roslyns_whole_submission_test(string code, bool complete) => Assert.Equal(complete, SubmissionText.IsComplete(code));

    [Fact]
    public void Completion_after_a_dot_lists_members_of_a_variable_from_an_earlier_cell()
    {
        var session = Session("var numbers = new List<int> { 1, 2 };");
        var found = CodeCompletion.Complete("numbers.Ad", 10, session.State, session.Options);
        Assert.Contains("Add", found.Matches);
        Assert.Contains("AddRange", found.Matches);
        Assert.DoesNotContain("Clear", found.Matches);
        Assert.Equal((8, 10), (found.CursorStart, found.CursorEnd));
    }

    [Fact]
    public void Completion_without_a_dot_offers_variables_types_and_keywords_in_scope()
    {
        var session = Session("var temperature = 21.5;");
        var found = CodeCompletion.Complete("tem", 3, session.State, session.Options);
        Assert.Equal("temperature", found.Matches[0]);
        Assert.Contains("while", CodeCompletion.Complete("whi", 3, session.State, session.Options).Matches);
        Assert.Contains("Console", CodeCompletion.Complete("Cons", 4, session.State, session.Options).Matches);
        Assert.Contains("Generic", CodeCompletion.Complete("System.Collections.Gen", 22, session.State, session.Options).Matches);
    }

    [Fact]
    public void Inspect_shows_the_chosen_overload_first_with_its_xml_docs()
    {
        var session = Session();
        var data = SymbolInspector.Inspect("Math.Max(1, 2)", 6, 0, session.State, session.Options)!;
        var text = data["text/plain"]!.GetValue<string>();
        Assert.True(text.StartsWith("static int Math.Max(int val1, int val2)", StringComparison.Ordinal), text);
        Assert.Contains("Returns the larger of two 32-bit signed integers.", text, StringComparison.Ordinal);
        Assert.Contains("static double Math.Max(double val1, double val2)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_inside_an_argument_list_describes_the_method_called_and_a_local_shows_its_type()
    {
        var session = Session("var words = new[] { \"a\" };");
        var call = SymbolInspector.Inspect("Console.WriteLine(", 18, 0, session.State, session.Options)!;
        Assert.True(call["text/plain"]!.GetValue<string>().Contains("Console.WriteLine(", StringComparison.Ordinal), call["text/plain"]!.GetValue<string>());
        var local = SymbolInspector.Inspect("words", 2, 0, session.State, session.Options)!;
        Assert.Contains("string[] words", local["text/plain"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(SymbolInspector.Inspect("  ", 1, 0, session.State, session.Options));
    }

    [Fact]
    public void Cursor_offsets_are_code_points_not_utf16_units()
    {
        const string code = "\"😀\" + ab";  // the emoji is one code point, two UTF-16 units
        Assert.Equal(8, SubmissionText.ToUtf16(code, 7));
        Assert.Equal(7, SubmissionText.ToCodePoints(code, 8));
    }

    [Fact]
    public void The_interrupt_rewrite_checks_in_every_loop_and_keeps_line_numbers()
    {
        const string code = "var n = 0;\nwhile (n < 3)\n    n++;\nfor (var i = 0; i < 2; i++) { n += i; }\nforeach (var c in \"ab\") n++;\ndo { n--; } while (n > 100);";
        var rewritten = InterruptRewriter.Rewrite(code);
        Assert.Equal(code.Split('\n').Length, rewritten.Split('\n').Length);
        Assert.Equal(4, rewritten.Split("CellInterrupt.Check();").Length - 1);
        Assert.Contains("n++;", rewritten.Split('\n')[2], StringComparison.Ordinal);
        var session = Session(rewritten);
        Assert.Equal(5, session.State!.GetVariable("n").Value);  // while: 3, for: +0+1, foreach: +2, do: -1
    }
}
