namespace EarthEmbed.Geo;

/// <summary>Files written under a temporary name in the same folder and renamed into place when complete (a rename
/// is atomic on one file system), so a reader sees the old file or the new one, never half of one, and a process
/// killed mid-write leaves only a hidden temporary file: <c>.NAME.tmp-PID-GUID[SUFFIX]</c>.
/// The one writer of this kind above the engine: run folders, manifests, tiles, maps, CSVs and JSON all go through
/// it (the engine extension's <c>SafeTensors.Save</c> keeps its own few lines, because EarthEmbed.Engine references
/// nothing of ours).</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> (UTF-8) to <paramref name="path"/>, replacing any file there; creates
    /// the folder if needed.</summary>
    public static void WriteAllText(string path, string text) => Write(path, s => Text(s, text));

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> unless a file is already there; then that
    /// one stands (two writers racing to create the same file do not replace each other's). True when this call
    /// wrote the file.</summary>
    public static bool WriteAllTextIfAbsent(string path, string text) => Write(path, s => Text(s, text), overwrite: false);

    /// <summary>Writes through <paramref name="write"/> into a temporary file, flushes it to disk, then renames it to
    /// <paramref name="path"/> (replacing a file there when <paramref name="overwrite"/>; otherwise an existing file
    /// stands and the result is false). The temporary file is deleted on any failure.</summary>
    public static bool Write(string path, Action<Stream> write, bool overwrite = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var temp = TemporaryPath(full);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            return Commit(temp, full, overwrite);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>A temporary name beside <paramref name="path"/>: <c>.NAME.tmp-PID-GUID</c> followed by
    /// <paramref name="suffix"/> (for writers that choose a format by extension, such as GDAL's: ".tif", ".vrt").
    /// Creates the folder if needed.</summary>
    public static string TemporaryPath(string path, string suffix = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}{suffix}");
    }

    /// <summary>Renames a finished temporary file to <paramref name="path"/>. Without <paramref name="overwrite"/>
    /// a file already there stands, the temporary one is deleted and the result is false.</summary>
    public static bool Commit(string temporary, string path, bool overwrite = true)
    {
        try
        {
            File.Move(temporary, path, overwrite);
            return true;
        }
        catch (IOException) when (!overwrite && File.Exists(path))
        {
            File.Delete(temporary);
            return false;
        }
    }

    /// <summary>True for the names <see cref="TemporaryPath"/> makes for <paramref name="fileName"/>'s target, or for
    /// any target when <paramref name="target"/> is null.</summary>
    public static bool IsTemporary(string fileName, string? target = null)
    {
        var name = Path.GetFileName(fileName);
        return target is null
            ? name.StartsWith('.') && name.Contains(".tmp-", StringComparison.Ordinal)
            : name.StartsWith($".{target}.tmp-", StringComparison.Ordinal);
    }

    private static void Text(Stream stream, string text)
    {
        using var writer = new StreamWriter(stream, leaveOpen: true);
        writer.Write(text);
    }
}
