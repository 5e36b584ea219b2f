using System.Globalization;
using EarthEmbed.Data.SuperResolution;
using EarthEmbed.Viz.Charts;
using EarthEmbed.Viz.Reports;
using EarthEmbed.Viz.Tables;

namespace EarthEmbed.Experiments.JointSeg;

/// <summary>The report section of the JointSeg replication: the comparison with the paper, metrics by model and
/// scene type, side-by-side maps of a test scene of each type, confusion matrices, training curves and the
/// Olinda qualitative map.</summary>
internal static class JointSegReport
{
    private static readonly string[] Compared = ["jointseg", "bilinear_unet"];

    /// <summary>The verdict in one honest sentence: does JointSeg beat bilinear_unet in F1 on the test scenes? In a
    /// repeated run, the means over seeds and the claim's verdict on the pooled per-scene pairs.</summary>
    public static string Verdict(JointSegRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var claim = run.Metrics.Comparisons.FirstOrDefault(c => c.A == "jointseg" && c.B == "bilinear_unet");
        if (run.SeedRuns.Count > 0 && claim is not null)
            return string.Create(CultureInfo.InvariantCulture,
                $"Over {run.SeedRuns.Count} seeds, test F1 is {100 * run.Metrics.Models["jointseg"]["test"]["f1"]:0.0} % for JointSeg against {100 * run.Metrics.Models["bilinear_unet"]["test"]["f1"]:0.0} % for bilinear + U-Net (means; the paper reports +9.5 points, F1 85.71 %). ") +
                RepeatsReport.Sentence(claim);
        var joint = run.Confusions["jointseg"]["test"].F1;
        var bilinear = run.Confusions["bilinear_unet"]["test"].F1;
        var gain = 100 * (joint - bilinear);
        var verb = gain > 0.5 ? "beats" : gain < -0.5 ? "does not beat" : "ties with";
        return string.Create(CultureInfo.InvariantCulture,
            $"Here JointSeg **{verb}** bilinear up-sampling + U-Net in F1 on the test scenes: {100 * joint:0.0} % against {100 * bilinear:0.0} % ({gain:+0.0;-0.0} points; the paper reports +9.5 points, F1 85.71 %).");
    }

    /// <summary>Builds the section (headings from <paramref name="headingLevel"/>).</summary>
    public static HtmlReport Build(JointSegRun run, int headingLevel = 2)
    {
        ArgumentNullException.ThrowIfNull(run);
        var c = run.Config;
        var report = new HtmlReport("JointSeg") { ShowTitleHeading = false };
        var adversarial = c.AdversarialWeight > 0
            ? string.Create(CultureInfo.InvariantCulture, $" + {c.AdversarialWeight} x adversarial (spectrally normalised U-Net discriminator)")
            : "; no adversarial term in this mode";
        report.AddMarkdown(string.Create(CultureInfo.InvariantCulture,
            $"**Data.** {run.Metrics.Data}\n\n**Models.** *jointseg*: progressive super-resolution x{string.Join(" then x", c.SrScales)} (RRDB trunk at 10 m, {c.TrunkBlocks} RRDB(s) of {c.TrunkChannels} channels) with a segmentation head fusing the features of every scale; loss {c.SrWeight} x L1 + {c.SegWeight} x (BCE + {c.DiceWeight} x Dice){adversarial}. *bilinear_unet*: bilinear x10 then a U-Net ({c.BaselineEncoder}). *lowres_unet*: a U-Net at 10 m on the ISA share, then nearest x10. Each model: {c.Steps} AdamW steps of {c.BatchSize} patches of {c.PatchSize * 10} m.\n\n") + Verdict(run));

        report.AddHeading("Metrics at 1 m", headingLevel);
        var table = new ResultTable("model", "split", "F1", "precision", "recall", "IoU", "OA", "kappa", "PSNR (dB)", "paper F1");
        foreach (var col in new[] { "F1", "precision", "recall", "IoU", "OA", "kappa", "paper F1" }) table.Format(col, "0.000");
        table.Format("PSNR (dB)", "0.00");
        foreach (var model in JointSegModels.Names)
            foreach (var (split, values) in run.Metrics.Models[model])
            {
                if (split.Contains("_cover_", StringComparison.Ordinal)) continue;  // in the table of recall by cover below
                double Get(string m) => values.TryGetValue(m, out var v) ? v : double.NaN;
                var paper = run.Metrics.Paper.TryGetValue(model, out var p) && p.TryGetValue(split, out var ps) && ps.TryGetValue("f1", out var pf) ? (object)pf : null;
                table.AddRow(model, split, Get("f1"), Get("precision"), Get("recall"), Get("iou"), Get("oa"), Get("kappa"),
                    values.ContainsKey("psnr") ? Get("psnr") : null, paper);
            }
        report.Add(table);
        AddRecallByCover(report, run);
        report.AddMarkdown("PSNR compares the super-resolved image (jointseg) or the bilinear image the U-Net segments (bilinear_unet) with the 1 m reference, peak 1 (reflectance). The paper's bilinear_unet F1 is derived from its reported +9.5-point gain. " +
            (c.Data == "rasters"
                ? "Our numbers come from your rasters (above), the paper's from Sentinel-2 and Jilin-1 over Chinese cities." +
                  (string.IsNullOrWhiteSpace(c.Image1m) ? " No 1 m image was given (image_1m), so JointSeg trained without its super-resolution L1 term and no PSNR is reported." : "")
                : "Our numbers come from synthetic scenes, the paper's from Sentinel-2 and Jilin-1 over Chinese cities: the comparison is of the effect, not of the values."));

        if (run.SeedRuns.Count > 0)
        {
            report.AddHeading(string.Create(CultureInfo.InvariantCulture, $"Over {run.SeedRuns.Count} seeds (mean ± sd)"), headingLevel);
            report.AddMarkdown("The metrics table above holds the means over seeds; the error bars below are ± one standard deviation between seeds " +
                               "(urban and rural F1 separately). Maps, confusion matrices and curves below are the first seed's.");
            report.Add(RepeatsReport.IntervalBars(run.Metrics, JointSegModels.Names, ["test", "test_urban", "test_rural"], "f1", m => m)
                .WithTitle("F1 at 1 m over seeds"));
            RepeatsReport.AddClaims(report, run.Metrics, headingLevel);
        }

        var threshold = c.Threshold;
        foreach (var type in new[] { Data.SuperResolution.SceneType.Urban, Data.SuperResolution.SceneType.Rural, Data.SuperResolution.SceneType.Unspecified })
        {
            var index = run.Predictions["jointseg"].FindIndex(p => p.Sample.Type == type);
            if (index < 0) continue;
            var joint = run.Predictions["jointseg"][index];
            var s = joint.Sample;
            report.AddHeading(type == Data.SuperResolution.SceneType.Unspecified ? $"A test scene ({s.Name})" : $"A {type.ToString().ToLowerInvariant()} test scene ({s.Name})", headingLevel);
            var bilinear = run.Predictions["bilinear_unet"][index];
            var low = run.Predictions["lowres_unet"][index];
            var shown = Math.Min(2, s.Bands - 1);  // B4 (red) in the synthetic band order; the last band of fewer
            var name = c.Data == "rasters" ? $"band {c.ImageBands[shown]}" : "B4";
            // Synthetic scenes are reflectance (0-0.3 shown); user rasters may be in any unit, so their band's own range.
            var plane = s.LowRes.Skip(shown * s.LowHeight * s.LowWidth).Take(s.LowHeight * s.LowWidth).ToArray();
            var (lo, hi, unit) = c.Data == "rasters" ? (plane.Min(), Math.Max(plane.Max(), plane.Min() + 1e-6), "value") : (0.0, 0.3, "reflectance");
            report.AddHtml(JointSegMaps.SideBySide(new[]
            {
                JointSegMaps.Band(s.LowRes, s.LowHeight, s.LowWidth, shown, $"10 m input ({name})", lo, hi, unit),
                JointSegMaps.Band(bilinear.SuperResolved!, s.HighHeight, s.HighWidth, shown, $"bilinear x10 ({name})", lo, hi, unit),
                JointSegMaps.Band(joint.SuperResolved!, s.HighHeight, s.HighWidth, shown, $"JointSeg super-resolved ({name})", lo, hi, unit),
                s.HighRes is null ? null : JointSegMaps.Band(s.HighRes, s.HighHeight, s.HighWidth, shown, $"1 m reference ({name})", lo, hi, unit),
            }.OfType<Viz.Maps.RasterMap>().ToArray()));
            report.AddHtml(JointSegMaps.SideBySide(
                JointSegMaps.Mask(s.Label!.Select(v => v == 1).ToArray(), s.HighHeight, s.HighWidth, "1 m ISA label"),
                JointSegMaps.Mask(joint.Mask(threshold), s.HighHeight, s.HighWidth, "jointseg"),
                JointSegMaps.Mask(bilinear.Mask(threshold), s.HighHeight, s.HighWidth, "bilinear_unet"),
                JointSegMaps.Mask(low.Mask(threshold), s.HighHeight, s.HighWidth, "lowres_unet")));
            report.AddHtml(JointSegMaps.SideBySide(
                JointSegMaps.Errors(joint, threshold, "jointseg errors"),
                JointSegMaps.Errors(bilinear, threshold, "bilinear_unet errors"),
                JointSegMaps.Errors(low, threshold, "lowres_unet errors")));
        }

        report.AddHeading("Confusion matrices (all test scenes, pixels at 1 m)", headingLevel);
        var classes = new[] { "pervious", "impervious" };
        report.AddHtml("<div style=\"display:flex;flex-wrap:wrap;gap:8px\">" + string.Concat(Compared.Select(m =>
            Chart.ConfusionMatrix(JointSegMaps.Counts(run.Confusions[m]["test"]), classes, normalize: true).WithTitle(m).WithSize(420, 380).ToHtml())) + "</div>");

        report.AddHeading("Training", headingLevel);
        Figure? curves = null;
        foreach (var (model, losses) in run.Losses)
        {
            var line = Chart.Line(Enumerable.Range(1, losses.Count).Select(i => (double)i).ToArray(), losses, model);
            curves = curves is null ? line : curves.Overlay(line);
        }
        if (curves is not null) report.Add(curves.WithTitle("Training loss per step").WithXAxis("step").WithYAxis("loss").WithSize(720, 340));
        report.AddMarkdown(string.Join(", ", run.TrainSeconds.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:0} s"))) +
            $" of training (wall). The 1 m ISA probability of {Path.GetFileName(run.IsaGeoTiff)} was written by streaming tiled prediction ({c.TileSize} px tiles, {c.TileOverlap} px overlap) over the first urban test scene's 10 m GeoTIFF (the first test scene with data: rasters).");

        report.AddHeading("Real sample: Olinda, Landsat-7 (qualitative)", headingLevel);
        if (run.Olinda is { } o)
        {
            var n = o.Size * o.Factor;
            report.AddMarkdown(string.Create(CultureInfo.InvariantCulture,
                $"A {o.Size}x{o.Size}-pixel window of `{Path.GetFileName(o.Path)}` (ETM+ bands 1, 2, 3, 4 standing in for Sentinel-2 B2, B3, B4, B8; the pass-bands differ by 20-40 nm). Its pixel is {o.InputPixel:0.#} m, not 10 m, so the x{o.Factor} output has {o.InputPixel / o.Factor:0.##} m pixels, not 1 m, and buildings are three times smaller in pixels than the model learned. The 8-bit numbers are standardised per band. No labels: judge by eye. Share above 0.5: {o.IsaShare:P1}."));
            report.AddHtml(JointSegMaps.SideBySide(
                JointSegMaps.Band(o.Input, o.Size, o.Size, 2, "ETM+ band 3 (DN)", o.Input.Skip(2 * o.Size * o.Size).Take(o.Size * o.Size).Min(), o.Input.Skip(2 * o.Size * o.Size).Take(o.Size * o.Size).Max(), "DN"),
                JointSegMaps.Band(o.SuperResolved, n, n, 2, "super-resolved (standardised)", -2, 2, "z"),
                JointSegMaps.Probability(o.Probability, n, n, "JointSeg P(ISA)")));
        }
        else
        {
            report.AddMarkdown("The Olinda sample (data-samples/olinda/L7_ETMs.tif) was not found, so this check was skipped; `environment/fetch-olinda.sh` fetches it.");
        }
        return report;
    }

    /// <summary>Recall of the ISA pixels by the ISA cover of their 10 m pixel: what the 10 m image lets each model
    /// place at 1 m (docs/jointseg.md, "What 10 m cannot recover").</summary>
    private static void AddRecallByCover(HtmlReport report, JointSegRun run)
    {
        var bins = IsaCover.BinNames;
        var table = new ResultTable(["model", "split", .. bins.Select(b => $"recall, {b.Replace("cover_", "cover ", StringComparison.Ordinal).Replace('_', '-')} %")]);
        var rows = 0;
        foreach (var model in JointSegModels.Names)
            foreach (var (split, _) in JointSegEvaluation.Splits())
            {
                var values = bins.Select((_, k) => run.Metrics.Models[model].TryGetValue(JointSegEvaluation.CoverSplit(split, k), out var m) && m.TryGetValue("recall", out var r) ? (object)r : null).ToArray();
                if (values.All(v => v is null)) continue;
                table.AddRow([model, split, .. values]);
                rows++;
            }
        if (rows == 0) return;
        foreach (var col in table.Columns.Skip(2)) table.Format(col, "0.000");
        report.AddMarkdown("**Recall by ISA cover of the 10 m pixel.** The ISA pixels of each split grouped by the share of their 10 m pixel that is impervious: a thin track or a small shed covers a quarter of a pixel or less, a road or a farmyard most of it.");
        report.Add(table);
    }
}
