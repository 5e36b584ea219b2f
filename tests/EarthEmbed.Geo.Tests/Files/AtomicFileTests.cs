using EarthEmbed.Geo.Tests.Fixtures;

namespace EarthEmbed.Geo.Tests.Files;

/// <summary>The one atomic writer: a file appears complete or not at all, under its name; temporary files are hidden
/// and recognisable; write-if-absent leaves a file that is already there.</summary>
public class AtomicFileTests
{
    [Fact]
    public void Text_is_written_whole_and_replaces_the_old_file_and_no_temporary_file_remains()
    {
        using var tmp = new TempFolder();
        var path = Path.Combine(tmp.Path, "sub", "a.json");
        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second é");
        Assert.Equal("second é", File.ReadAllText(path));
        Assert.Equal([0xC3, 0xA9], File.ReadAllBytes(path)[^2..]);   // UTF-8 without a byte-order mark
        Assert.Equal(["a.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_writer_that_fails_half_way_leaves_the_old_file_and_no_temporary_file()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("a.txt");
        AtomicFile.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("half"u8);
            throw new InvalidOperationException("disk full");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(tmp.Path));
    }

    [Fact]
    public void Write_if_absent_keeps_the_file_already_there()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("job.json");
        Assert.True(AtomicFile.WriteAllTextIfAbsent(path, "mine"));
        Assert.False(AtomicFile.WriteAllTextIfAbsent(path, "theirs"));
        Assert.Equal("mine", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(tmp.Path));
    }

    [Fact]
    public void Temporary_names_are_hidden_beside_the_target_and_recognised()
    {
        using var tmp = new TempFolder();
        var target = tmp.File("r0000_c0001.tif");
        var temp = AtomicFile.TemporaryPath(target, ".partial.tif");
        Assert.Equal(tmp.Path, Path.GetDirectoryName(temp));
        Assert.StartsWith(".r0000_c0001.tif.tmp-", Path.GetFileName(temp), StringComparison.Ordinal);
        Assert.EndsWith(".partial.tif", temp, StringComparison.Ordinal);
        Assert.True(AtomicFile.IsTemporary(temp));
        Assert.True(AtomicFile.IsTemporary(temp, "r0000_c0001.tif"));
        Assert.False(AtomicFile.IsTemporary(temp, "r0000_c0002.tif"));
        Assert.False(AtomicFile.IsTemporary(target));
    }
}
