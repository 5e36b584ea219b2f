using EarthEmbed.Runs;

namespace EarthEmbed.Tests.Runs;

public class DataPathsTests
{
    [Fact]
    public void An_absolute_path_is_kept_and_a_relative_one_is_taken_from_the_current_directory()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(absolute, DataPaths.Resolve(absolute));
        var here = Path.GetRelativePath(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
        Assert.Equal(Path.TrimEndingDirectorySeparator(Path.GetFullPath(AppContext.BaseDirectory)),
            Path.TrimEndingDirectorySeparator(DataPaths.Resolve(here)));
        // Nothing anywhere: the path from the current directory, so the caller's error names where it looked first.
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "no-such-basins"), DataPaths.Resolve("no-such-basins"));
    }

    [Fact]
    public void A_relative_path_absent_here_is_found_in_the_nearest_parent_folder_that_has_it()
    {
        // The test runs from bin/..., several levels below the repository root that holds configs/.
        Assert.False(Directory.Exists(Path.Combine(AppContext.BaseDirectory, "configs")));
        Assert.Equal(Path.GetFullPath(RepoPaths.Of("configs")), DataPaths.Resolve("configs"));
    }
}
