using EarthEmbed.Geo;
using System.Text.Json;
using EarthEmbed.Viz.Reports;

namespace EarthEmbed.Runs;

/// <summary>A run's folder, the one place that creates it and writes its fixed files: <c>config.yaml</c> (the resolved
/// config), <c>metrics.json</c>, <c>report.html</c> and <c>files.json</c> (every file the run wrote, relative to the
/// folder, in the order written), with the sub-folders <c>checkpoints/</c> and <c>predictions/</c> for the experiment's
/// own files. Every write is atomic (temporary name, then rename), so an interrupted run leaves complete files.</summary>
public sealed class RunFolder
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly List<string> files = [];

    /// <summary>Sub-folders whose files other writers (the trainer, the predictors) put there without recording them.</summary>
    private static readonly string[] WrittenByOthers = ["checkpoints", "predictions"];

    private RunFolder(string path) => Path = System.IO.Path.GetFullPath(path);

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Where checkpoints go (created on first use).</summary>
    public string Checkpoints => Folder("checkpoints");

    /// <summary>Where predicted rasters go (created on first use).</summary>
    public string Predictions => Folder("predictions");

    /// <summary>The files written so far (full paths), in order.</summary>
    public IReadOnlyList<string> Files => files;

    /// <summary>Creates <paramref name="path"/> (and its parents) if missing and returns the run folder over it.</summary>
    /// <exception cref="IOException">the path exists and is a file.</exception>
    public static RunFolder Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path)) throw new IOException($"run folder '{path}' is a file, not a folder");
        Directory.CreateDirectory(path);
        return new RunFolder(path);
    }

    /// <summary>The full path of <paramref name="relative"/> inside the folder, its parent folder created; the file
    /// is not recorded until <see cref="Record"/> (call it once the file is complete).</summary>
    public string PathOf(string relative)
    {
        ArgumentException.ThrowIfNullOrEmpty(relative);
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, relative));
        if (!full.StartsWith(Path + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"'{relative}' is outside the run folder {Path}", nameof(relative));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return full;
    }

    /// <summary>Notes that <paramref name="path"/> (inside the folder) was written completely; listed once in
    /// <c>files.json</c>.</summary>
    public void Record(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"cannot record '{path}': it was not written", path);
        if (!files.Contains(full, StringComparer.Ordinal)) files.Add(full);
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="relative"/> atomically and records it.</summary>
    public string WriteText(string relative, string text)
    {
        var path = PathOf(relative);
        AtomicFile.WriteAllText(path, text);
        Record(path);
        return path;
    }

    /// <summary>Writes the resolved config as <c>config.yaml</c> (every key, defaults included).</summary>
    public string WriteConfig<T>(T config) => WriteText("config.yaml", ConfigFile.Save(config));

    /// <summary>Before a resumed run: throws when the folder's <c>config.yaml</c> (from the interrupted run) differs from
    /// <paramref name="config"/>, since checkpoints of another config would be continued silently otherwise. A folder
    /// without config.yaml (nothing ran yet) passes.</summary>
    /// <exception cref="InvalidOperationException">the configs differ; the message names the file and the first
    /// differing line of each.</exception>
    public void CheckResumable<T>(T config)
    {
        var path = System.IO.Path.Combine(Path, "config.yaml");
        if (!File.Exists(path)) return;
        var saved = File.ReadAllText(path).Split('\n');
        var wanted = ConfigFile.Save(config).Split('\n');
        for (var i = 0; i < Math.Max(saved.Length, wanted.Length); i++)
        {
            var (had, want) = (i < saved.Length ? saved[i] : "(end)", i < wanted.Length ? wanted[i] : "(end)");
            if (had != want)
                throw new InvalidOperationException($"--resume: '{path}' is the config of another run (line {i + 1}: '{had.Trim()}', " +
                    $"this run: '{want.Trim()}'); resume with the same mode, --config and --seed, or run without --resume");
        }
    }

    /// <summary>Writes <c>metrics.json</c>.</summary>
    public string WriteMetrics(MetricsReport metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return WriteText("metrics.json", metrics.ToJson());
    }

    /// <summary>Writes the run's own <c>report.html</c> (self-contained).</summary>
    public string WriteReport(HtmlReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return WriteText("report.html", report.ToHtml());
    }

    /// <summary>Writes <c>files.json</c>: the recorded files relative to the folder, in the order written, plus the
    /// complete files under checkpoints/ and predictions/ that nobody recorded (the trainer's last/previous/best
    /// checkpoints and the predictors' rasters, written by their own atomic writers; temporaries are left out),
    /// listed before the run's closing files (metrics.json, report.html), and itself last.</summary>
    public string WriteFileList()
    {
        var unrecorded = WrittenByOthers
            .Select(sub => System.IO.Path.Combine(Path, sub))
            .Where(Directory.Exists)
            .SelectMany(dir => Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            .Where(f => !System.IO.Path.GetFileName(f).Contains(".tmp-", StringComparison.Ordinal) && !files.Contains(f, StringComparer.Ordinal))
            .ToList();
        var closing = files.FindIndex(f => System.IO.Path.GetDirectoryName(f) == Path && System.IO.Path.GetFileName(f) is "metrics.json" or "report.html");
        files.InsertRange(closing < 0 ? files.Count : closing, unrecorded);
        var relative = files.Select(f => System.IO.Path.GetRelativePath(Path, f).Replace('\\', '/')).Append("files.json").ToList();
        var path = PathOf("files.json");
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(relative, Indented) + "\n");
        Record(path);
        return path;
    }

    private string Folder(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(path);
        return path;
    }
}
