using System.Globalization;

namespace EarthEmbed.Geo;

/// <summary>One input raster of a prediction and where it was named.</summary>
/// <param name="Path">The path or GDAL name (/vsis3/bucket/key.tif, /vsicurl/https://...), as given.</param>
/// <param name="Origin">Where it was given, for messages: "--input 2" or "list.txt line 5".</param>
public sealed record InputEntry(string Path, string Origin);

/// <summary>The input rasters of a prediction, from the command line and from list files (one path per line, blank
/// lines and lines starting with # skipped; relative paths are relative to the working directory, as in
/// gdalbuildvrt -input_file_list). Checked before any work: no inputs, a local file that does not exist, or the same
/// raster named twice are errors that say where.</summary>
public static class InputList
{
    /// <summary>The inputs given directly, then those of <paramref name="listFile"/> (if any), checked.</summary>
    /// <exception cref="ArgumentException">No inputs, or an input named twice (both places named).</exception>
    /// <exception cref="FileNotFoundException">The list file or a local input does not exist.</exception>
    public static IReadOnlyList<InputEntry> Resolve(IReadOnlyList<string>? inputs, string? listFile)
    {
        var entries = new List<InputEntry>();
        for (var i = 0; i < (inputs?.Count ?? 0); i++)
            entries.Add(new InputEntry(inputs![i], string.Create(CultureInfo.InvariantCulture, $"--input {i + 1}")));
        if (!string.IsNullOrWhiteSpace(listFile)) entries.AddRange(Read(listFile));
        if (entries.Count == 0) throw new ArgumentException("no input rasters: give --input FILE [FILE ...] or --input-list FILE");
        var seen = new Dictionary<string, InputEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var key = Key(entry.Path);
            if (seen.TryGetValue(key, out var first))
                throw new ArgumentException($"input '{entry.Path}' is given twice ({first.Origin} and {entry.Origin}); each raster may appear once");
            seen[key] = entry;
            if (RasterDataset.IsPlainPath(entry.Path) && !File.Exists(entry.Path))
                throw new FileNotFoundException(
                    $"input '{entry.Path}' ({entry.Origin}) does not exist (looked in {System.IO.Path.GetFullPath(entry.Path)})", entry.Path);
        }
        return entries;
    }

    /// <summary>The entries of a list file.</summary>
    /// <exception cref="FileNotFoundException">The list file does not exist.</exception>
    public static IReadOnlyList<InputEntry> Read(string listFile)
    {
        ArgumentNullException.ThrowIfNull(listFile);
        if (!File.Exists(listFile)) throw new FileNotFoundException($"input list '{listFile}' does not exist", listFile);
        var result = new List<InputEntry>();
        var n = 0;
        var name = System.IO.Path.GetFileName(listFile);
        foreach (var raw in File.ReadLines(listFile))
        {
            n++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            result.Add(new InputEntry(line, string.Create(CultureInfo.InvariantCulture, $"{name} line {n}")));
        }
        return result;
    }

    /// <summary>How an input is stored in a job (and compared for duplicates): the full path of a local file, a
    /// GDAL name (/vsi..., DRIVER:...) as written.</summary>
    public static string Key(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return RasterDataset.IsPlainPath(path) ? System.IO.Path.GetFullPath(path) : path;
    }
}
