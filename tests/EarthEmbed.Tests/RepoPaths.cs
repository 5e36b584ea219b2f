namespace EarthEmbed.Tests;

/// <summary>Paths inside the repository (committed configs, data samples), found from the test binaries by walking up
/// to the folder that holds EarthEmbed.sln.</summary>
internal static class RepoPaths
{
    /// <summary>The repository root.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EarthEmbed.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("EarthEmbed.sln not found above the test folder");
    }

    /// <summary><paramref name="parts"/> joined under the repository root.</summary>
    public static string Of(params string[] parts) => Path.Combine([Root(), .. parts]);
}
