using System.Text.Json.Nodes;
using EarthEmbed.Notebooks.Model;
using EarthEmbed.Viz.Display;

namespace EarthEmbed.Notebooks.Execution;

/// <summary>Leaves exactly one copy of plotly.js in an executed notebook: every inlined copy is removed from the
/// text/html outputs and one is put back in the first output that draws a figure, so the .ipynb shows its charts
/// offline in Jupyter or VS Code (which run every output in one page) without carrying the library many times.</summary>
internal static class PlotlyOutputs
{
    internal static void Normalise(NotebookDocument document, TextWriter progress)
    {
        var first = true;
        foreach (var cell in document.Cells.OfType<JsonObject>())
        {
            if (cell["outputs"] is not JsonArray outputs) continue;
            foreach (var data in outputs.OfType<JsonObject>().Select(o => o["data"]).OfType<JsonObject>())
            {
                if (data["text/html"] is not JsonValue value || !value.TryGetValue<string>(out var html)) continue;
                html = PlotlyJs.StripBlocks(html);
                if (first && PlotlyJs.NeedsLibrary(html))
                {
                    try
                    {
                        html = PlotlyJs.InlineBlock() + html;
                        first = false;
                    }
                    catch (FileNotFoundException e)
                    {
                        progress.WriteLine($"notebook: warning: charts in the .ipynb will need plotly.js from the viewer: {e.Message}");
                        first = false;
                    }
                }
                data["text/html"] = html;
            }
        }
    }
}
