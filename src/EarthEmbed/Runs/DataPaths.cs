namespace EarthEmbed.Runs;

/// <summary>How a data path written in a config (a folder or file key such as StefaLand's <c>data_path</c>) is found:
/// an absolute path as given; a relative one from the current directory, and, if nothing is there, from the nearest
/// parent folder of the current directory, then of the program's folder, that has it. So "data-samples/olinda" or
/// "my-basins" work from the repository root, a notebook folder or a test's bin folder alike. The one rule for every
/// paper: height's <c>olinda_folder</c>, StefaLand's <c>data_path</c>, JointSeg's Olinda sample.</summary>
public static class DataPaths
{
    /// <summary>The full path that <paramref name="path"/> means (see the class summary); when nothing exists anywhere,
    /// the path taken from the current directory, so the caller's "does not exist" error names where it looked first.</summary>
    public static string Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Path.IsPathRooted(path) || Directory.Exists(path) || File.Exists(path)) return Path.GetFullPath(path);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, path);
                if (Directory.Exists(candidate) || File.Exists(candidate)) return Path.GetFullPath(candidate);
            }
        return Path.GetFullPath(path);
    }
}
