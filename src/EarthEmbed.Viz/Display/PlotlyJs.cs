namespace EarthEmbed.Viz.Display;

/// <summary>Finds the pinned plotly.js (npm plotly.js-dist-min in environment/node_modules) and wraps it for
/// inlining, so reports and notebooks show charts offline.</summary>
public static class PlotlyJs
{
    /// <summary>Environment variable naming plotly.min.js explicitly, for installs outside the repository.</summary>
    public const string PathVariable = "EARTHEMBED_PLOTLY_JS";

    /// <summary>Marks the start of an inlined library block, so a page builder can find it and keep only one.</summary>
    public const string BlockBegin = "<!--earthembed:plotly.js begin-->";

    /// <summary>Marks the end of an inlined library block.</summary>
    public const string BlockEnd = "<!--earthembed:plotly.js end-->";

    /// <summary>Every figure's HTML carries this class, so a page builder can tell that it needs plotly.js.</summary>
    public const string FigureClass = "earthembed-figure";

    private const string RelativePath = "environment/node_modules/plotly.js-dist-min/plotly.min.js";
    private static readonly Lazy<string> Source = new(() => File.ReadAllText(Locate()));
    private static int _inlinedForHost;

    /// <summary>The path of plotly.min.js: <see cref="PathVariable"/> if set, otherwise
    /// environment/node_modules/... in the first folder above the application or the working directory that has it.</summary>
    /// <exception cref="FileNotFoundException">Neither place has it; the message says how to install it.</exception>
    public static string Locate()
    {
        var explicitPath = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return File.Exists(explicitPath) ? explicitPath
                : throw new FileNotFoundException($"{PathVariable}={explicitPath}: no such file", explicitPath);
        }
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw new FileNotFoundException(
            $"plotly.js not found: looked for {RelativePath} above {AppContext.BaseDirectory} and {Environment.CurrentDirectory}. " +
            $"Run `bash environment/setup.sh` (it runs npm ci in environment/), or set {PathVariable} to a plotly.min.js.");
    }

    /// <summary>plotly.js's version, read from the library's banner (e.g. "3.7.0").</summary>
    public static string Version
    {
        get
        {
            const string marker = "plotly.js v";
            var text = Source.Value;
            var i = text.IndexOf(marker, StringComparison.Ordinal);
            if (i < 0 || i > 400) return "unknown";
            var end = i + marker.Length;
            while (end < text.Length && !char.IsWhiteSpace(text[end])) end++;
            return text[(i + marker.Length)..end];
        }
    }

    /// <summary>The whole library as an HTML block (between <see cref="BlockBegin"/> and <see cref="BlockEnd"/>) that
    /// defines <c>window.Plotly</c> unless a page already has it, then draws every figure that was waiting for it.</summary>
    public static string InlineBlock()
    {
        var js = Source.Value.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
        return $"{BlockBegin}<script type=\"text/javascript\">if (!window.Plotly) {{\n{js}\n}}</script>" +
               "<script type=\"text/javascript\">(window.earthembedPending || []).splice(0).forEach(function (draw) { draw(); });</script>" +
               BlockEnd;
    }

    /// <summary>Removes every inlined library block from <paramref name="html"/> (a page builder puts one back once).</summary>
    public static string StripBlocks(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        int begin;
        while ((begin = html.IndexOf(BlockBegin, StringComparison.Ordinal)) >= 0)
        {
            var end = html.IndexOf(BlockEnd, begin, StringComparison.Ordinal);
            if (end < 0) break;
            html = html.Remove(begin, end + BlockEnd.Length - begin);
        }
        return html;
    }

    /// <summary>True when <paramref name="html"/> holds a figure that needs plotly.js.</summary>
    public static bool NeedsLibrary(string html) => html != null && html.Contains(FigureClass, StringComparison.Ordinal);

    /// <summary>For hosts that show HTML fragments one by one (Polyglot Notebooks): the library block the first time
    /// in this process, empty afterwards. <see cref="ResetHostInlining"/> starts over (a new notebook session).</summary>
    internal static string BlockForHostOnce() =>
        Interlocked.Exchange(ref _inlinedForHost, 1) == 0 ? InlineBlock() : string.Empty;

    /// <summary>Makes the next figure shown through <see cref="Microsoft.AspNetCore.Html.IHtmlContent"/> carry the
    /// library again, for a host that starts a fresh page.</summary>
    public static void ResetHostInlining() => Interlocked.Exchange(ref _inlinedForHost, 0);
}
