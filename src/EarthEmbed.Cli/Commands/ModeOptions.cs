using System.CommandLine;

namespace EarthEmbed.Cli.Commands;

/// <summary>The run-mode options shared by <c>replicate</c> and <c>config show</c>: <c>--mode M</c> (any mode with a
/// committed configs/&lt;experiment&gt;.&lt;mode&gt;.yaml) and <c>--quick</c>, its short form for
/// <c>--mode quick</c>. Without either, the mode is "full".</summary>
internal static class ModeOptions
{
    internal static Option<string?> Mode() => new("--mode")
    {
        Description = "Run mode: quick (minutes, what CI runs), full (the paper's setup), or another committed mode.",
    };

    internal static Option<bool> Quick() => new("--quick") { Description = "Short for --mode quick." };

    /// <summary>The mode the options name, or null (after printing why to stderr) when they contradict each other.</summary>
    internal static string? Resolve(ParseResult parse, Option<string?> mode, Option<bool> quick, string command)
    {
        var named = parse.GetValue(mode);
        var isQuick = parse.GetValue(quick);
        if (named is not null && isQuick && named != "quick")
        {
            Console.Error.WriteLine($"{command}: --quick means --mode quick; it contradicts --mode {named}");
            return null;
        }
        return named ?? (isQuick ? "quick" : "full");
    }
}
