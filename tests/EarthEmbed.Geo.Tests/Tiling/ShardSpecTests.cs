namespace EarthEmbed.Geo.Tests.Tiling;

/// <summary>Shard specs from the command line and from Slurm's and Kubernetes' variables; output tile lists.</summary>
public class ShardSpecTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData("1/1", 1, 1)]
    [InlineData("2/3", 2, 3)]
    [InlineData(" 3/3 ", 3, 3)]
    public void I_of_N_parses(string text, int index, int count) =>
        Assert.Equal(new ShardSpec(index, count), ShardSpec.Resolve(text, Env()));

    [Theory]
    [InlineData("0/3", "counts from 1 to 3")]
    [InlineData("4/3", "counts from 1 to 3")]
    [InlineData("1/0", "at least 1")]
    [InlineData("2", "not of the form I/N")]
    [InlineData("a/b", "not of the form I/N")]
    public void An_invalid_spec_says_what_is_wrong(string text, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => ShardSpec.Parse(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shards_share_out_every_tile_exactly_once_round_robin()
    {
        for (var n = 1; n <= 4; n++)
            for (var t = 0; t < 50; t++)
                Assert.Equal(1, Enumerable.Range(1, n).Count(i => new ShardSpec(i, n).Owns(t)));
        Assert.Equal([1, 4, 7], Enumerable.Range(0, 9).Where(new ShardSpec(2, 3).Owns));
    }

    [Fact]
    public void The_workers_of_a_shard_split_exactly_its_tiles()
    {
        var shard = new ShardSpec(2, 3);
        var mine = Enumerable.Range(0, 60).Where(shard.Owns).ToArray();
        var split = Enumerable.Range(1, 2).Select(w => Enumerable.Range(0, 60).Where(shard.Split(w, 2).Owns).ToArray()).ToArray();
        Assert.Equal(mine, split.SelectMany(s => s).Order());
        Assert.Empty(split[0].Intersect(split[1]));
        Assert.Equal(new ShardSpec(5, 6), shard.Split(2, 2));
    }

    [Fact]
    public void Slurm_array_variables_give_the_shard_from_the_task_id()
    {
        // sbatch --array=0-2: ids 0, 1, 2; --array=1-3: ids 1, 2, 3 with min 1; --array=0-8:4: ids 0, 4, 8.
        Assert.Equal(new ShardSpec(1, 3), ShardSpec.Resolve(null, Env(("SLURM_ARRAY_TASK_ID", "0"), ("SLURM_ARRAY_TASK_COUNT", "3"), ("SLURM_ARRAY_TASK_MIN", "0"))));
        Assert.Equal(new ShardSpec(3, 3), ShardSpec.Resolve(null, Env(("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_COUNT", "3"), ("SLURM_ARRAY_TASK_MIN", "1"))));
        Assert.Equal(new ShardSpec(2, 3), ShardSpec.Resolve(null, Env(("SLURM_ARRAY_TASK_ID", "4"), ("SLURM_ARRAY_TASK_COUNT", "3"),
            ("SLURM_ARRAY_TASK_MIN", "0"), ("SLURM_ARRAY_TASK_STEP", "4"))));
        var e = Assert.Throws<ArgumentException>(() => ShardSpec.Resolve(null, Env(("SLURM_ARRAY_TASK_ID", "5"))));
        Assert.Contains("SLURM_ARRAY_TASK_COUNT", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kubernetes_indexed_job_needs_the_shard_count_beside_its_completion_index()
    {
        Assert.Equal(new ShardSpec(3, 4), ShardSpec.Resolve(null, Env(("JOB_COMPLETION_INDEX", "2"), (ShardSpec.CountVariable, "4"))));
        var e = Assert.Throws<ArgumentException>(() => ShardSpec.Resolve(null, Env(("JOB_COMPLETION_INDEX", "2"))));
        Assert.Contains(ShardSpec.CountVariable, e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => ShardSpec.Resolve(null, Env(("JOB_COMPLETION_INDEX", "4"), (ShardSpec.CountVariable, "4"))));
        Assert.Contains("outside 0..3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_spec_wins_over_the_scheduler_and_no_spec_means_the_whole_job()
    {
        Assert.Equal(new ShardSpec(1, 2), ShardSpec.Resolve("1/2", Env(("SLURM_ARRAY_TASK_ID", "0"), ("SLURM_ARRAY_TASK_COUNT", "3"))));
        Assert.Equal(ShardSpec.All, ShardSpec.Resolve(null, Env()));
    }

    [Fact]
    public void Output_tiles_cover_the_grid_row_by_row_with_cut_edges_and_stable_names()
    {
        var tiling = new OutputTiling(Fixtures.ArraySource.UtmGrid(70, 45), 32);
        Assert.Equal((2, 3), (tiling.Rows, tiling.Columns));
        Assert.Equal(new PixelWindow(64, 32, 6, 13), tiling.Tiles[5].Window);
        Assert.Equal("r0001_c0002", tiling.Tiles[5].Name);
        Assert.Equal(70 * 45, tiling.Tiles.Sum(t => t.Window.Area));
        Assert.Equal([1, 4], tiling.Owned(new ShardSpec(2, 3)).Select(t => t.Index));
    }
}
