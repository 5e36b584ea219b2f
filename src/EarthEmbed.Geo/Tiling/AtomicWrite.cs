namespace EarthEmbed.Geo;

/// <summary>Small text files written under a temporary name in the same folder and renamed into place (rename is
/// atomic on one file system), so a reader sees the old file or the new one, never half of one, and a process
/// killed mid-write leaves only a temporary file (hidden: ".NAME.tmp-PID-GUID"). The same habit as
/// EarthEmbed.Runs.AtomicFile, which EarthEmbed.Geo cannot reference (dependencies point from the science to Geo).</summary>
internal static class AtomicWrite
{
    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/>, replacing any file there.</summary>
    internal static void Text(string path, string text) => Write(path, text, overwrite: true);

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> unless a file is already there (then leaves
    /// that one: two writers racing to create the same file do not replace each other's).</summary>
    internal static void TextIfAbsent(string path, string text) => Write(path, text, overwrite: false);

    /// <summary>True for the temporary names this class writes.</summary>
    internal static bool IsTemporary(string fileName) => fileName.StartsWith('.') && fileName.Contains(".tmp-", StringComparison.Ordinal);

    private static void Write(string path, string text, bool overwrite)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                using (var writer = new StreamWriter(stream, leaveOpen: true)) writer.Write(text);
                stream.Flush(flushToDisk: true);
            }
            try
            {
                File.Move(temp, full, overwrite);
            }
            catch (IOException) when (!overwrite && File.Exists(full))
            {
                // Another writer got there first: its file stands.
            }
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
