using EarthEmbed.Testing;

namespace EarthEmbed.Tests.Experiments;

/// <summary>Issue 16's layout of a paper folder (docs/adding-a-paper.md): a folder under src/EarthEmbed/Experiments that
/// holds a <c>*Experiment.cs</c> is a paper folder; its top level holds exactly the ten role files
/// <c>&lt;Paper&gt;Config.cs</c> … <c>&lt;Paper&gt;Report.cs</c> (plus README.md), its other files sit in role
/// subfolders (Data/, Models/, Losses/, Evaluation/, Report/), and its README names every role file. Read from the
/// source tree, so a file added in the wrong place fails here before a reader gets lost.</summary>
public class PaperLayoutTests
{
    /// <summary>The roles, in README order: each is a top-level file &lt;Paper&gt;&lt;Role&gt;.cs.</summary>
    private static readonly string[] Roles =
        ["Config", "Data", "Models", "Losses", "Task", "Evaluation", "PaperNumbers", "Result", "Experiment", "Report"];

    /// <summary>The role subfolders a paper folder may have (a role's further files).</summary>
    private static readonly string[] RoleFolders = ["Data", "Models", "Losses", "Evaluation", "Report"];

    private static string ExperimentsFolder => RepoPaths.Of("src", "EarthEmbed", "Experiments");

    /// <summary>The paper folders: every folder under Experiments/ with a *Experiment.cs at its top level.</summary>
    private static List<string> PaperNames() =>
        Directory.GetDirectories(ExperimentsFolder).Where(dir => Directory.GetFiles(dir, "*Experiment.cs").Length > 0)
            .Select(dir => Path.GetFileName(dir)).Order(StringComparer.Ordinal).ToList();

    /// <summary><see cref="PaperNames"/> as theory rows.</summary>
    public static TheoryData<string> Papers() => new(PaperNames());

    [Fact]
    public void The_papers_are_found()
    {
        Assert.Superset(new HashSet<string>(["Height", "JointSeg", "StefaLand"], StringComparer.Ordinal),
            PaperNames().ToHashSet(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Papers))]
    public void The_top_level_holds_exactly_the_ten_role_files(string paper)
    {
        var dir = Path.Combine(ExperimentsFolder, paper);
        var expected = Roles.Select(r => paper + r + ".cs").Order(StringComparer.Ordinal).ToList();
        var actual = Directory.GetFiles(dir, "*.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.SequenceEqual(actual),
            $"{dir}: expected exactly [{string.Join(", ", expected)}], found [{string.Join(", ", actual)}]; " +
            "put a role's further files into its subfolder (docs/adding-a-paper.md)");
    }

    [Theory]
    [MemberData(nameof(Papers))]
    public void Every_subfolder_is_a_role_folder(string paper)
    {
        var dir = Path.Combine(ExperimentsFolder, paper);
        var others = Directory.GetDirectories(dir).Select(Path.GetFileName).Where(d => !RoleFolders.Contains(d)).ToList();
        Assert.True(others.Count == 0,
            $"{dir}: subfolders [{string.Join(", ", others)}] are not role folders; expected only [{string.Join(", ", RoleFolders)}]");
    }

    [Theory]
    [MemberData(nameof(Papers))]
    public void The_readme_names_each_role_file(string paper)
    {
        var readme = Path.Combine(ExperimentsFolder, paper, "README.md");
        Assert.True(File.Exists(readme), $"{readme} is missing");
        var text = File.ReadAllText(readme);
        var missing = Roles.Select(r => paper + r + ".cs").Where(f => !text.Contains($"`{f}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"{readme} does not name [{string.Join(", ", missing)}] (as `File.cs`)");
    }
}
