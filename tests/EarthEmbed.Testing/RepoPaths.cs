namespace EarthEmbed.Testing;

/// <summary>Paths inside the repository (committed configs, data samples, generated fixtures under build/), found from
/// the test binaries by walking up to the folder that holds EarthEmbed.sln. The one copy of that walk for every test
/// project.</summary>
public static class RepoPaths
{
    /// <summary>The repository root.</summary>
    /// <exception cref="DirectoryNotFoundException">no folder above the test binaries holds EarthEmbed.sln.</exception>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EarthEmbed.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root (EarthEmbed.sln) not found above " + AppContext.BaseDirectory);
    }

    /// <summary><paramref name="parts"/> joined under the repository root.</summary>
    public static string Of(params string[] parts) => Path.Combine([Root(), .. parts]);
}
