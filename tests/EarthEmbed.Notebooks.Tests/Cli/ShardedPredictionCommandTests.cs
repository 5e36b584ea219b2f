using System.Diagnostics;
using EarthEmbed.Geo;

namespace EarthEmbed.Notebooks.Tests.Cli;

/// <summary>`earthembed predict --output-dir` as shards in separate processes, `earthembed mosaic`, a worker killed
/// with SIGKILL mid-tile, and bad inputs: exit codes, files and pixels, bit for bit.</summary>
public class ShardedPredictionCommandTests
{
    private static void Ok((int Code, string Stdout, string Stderr) r, string what) =>
        Assert.True(r.Code == 0, $"{what} exited {r.Code}:\n{r.Stdout}\n{r.Stderr}");

    [Fact]
    public async Task Two_shards_side_by_side_then_mosaic_equal_the_single_process_output_bit_for_bit()
    {
        var f = ShardedPredictionCliFixture.Create("two-shards");
        var expected = f.Reference();
        var dir = f.File("job");
        var shards = await Task.WhenAll(
            ShardedPredictionCliFixture.Start(f.Predict("--output-dir", dir, "--shard", "1/2")),
            ShardedPredictionCliFixture.Start(f.Predict("--output-dir", dir, "--shard", "2/2")));
        Ok(shards[0], "shard 1/2");
        Ok(shards[1], "shard 2/2");
        Assert.Contains("predict: shard 2/2 done", shards[1].Stdout, StringComparison.Ordinal);

        var mosaic = ShardedPredictionCliFixture.Run("mosaic", dir, "--output", f.File("mosaic.vrt"));
        Ok(mosaic, "mosaic");
        Assert.Contains("0 missing", mosaic.Stdout, StringComparison.Ordinal);
        Assert.Equal(expected, ShardedPredictionCliFixture.Bits(f.File("mosaic.vrt")));
        Assert.Contains(expected, b => float.IsNaN(BitConverter.Int32BitsToSingle(b)));

        Ok(ShardedPredictionCliFixture.Run("mosaic", dir, "--output", f.File("mosaic.tif")), "mosaic to COG");
        Assert.Equal(expected, ShardedPredictionCliFixture.Bits(f.File("mosaic.tif")));
        var gdalinfo = await Processes.RunAsync("gdalinfo", Environment.CurrentDirectory, TimeSpan.FromMinutes(1), f.File("mosaic.tif"));
        Assert.Contains("LAYOUT=COG", gdalinfo.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Long")]
    public async Task One_two_or_three_shards_as_processes_and_two_local_workers_all_give_the_single_process_output_bit_for_bit()
    {
        var f = ShardedPredictionCliFixture.Create("n-shards");
        var expected = f.Reference();
        foreach (var n in new[] { 1, 2, 3 })
        {
            var dir = f.File($"job{n}");
            var runs = await Task.WhenAll(Enumerable.Range(1, n).Select(i => ShardedPredictionCliFixture.Start(f.Predict("--output-dir", dir, "--shard", $"{i}/{n}"))));
            for (var i = 0; i < n; i++) Ok(runs[i], $"shard {i + 1}/{n}");
            Ok(ShardedPredictionCliFixture.Run("mosaic", dir, "--output", f.File($"mosaic{n}.vrt")), $"mosaic of {n}");
            Assert.Equal(expected, ShardedPredictionCliFixture.Bits(f.File($"mosaic{n}.vrt")));
        }
        var workers = ShardedPredictionCliFixture.Run(f.Predict("--output-dir", f.File("workers"), "--workers", "2"));
        Ok(workers, "--workers 2");
        Assert.Contains("[worker 2/2] predict: shard 2/2 done", workers.Stdout, StringComparison.Ordinal);
        Ok(ShardedPredictionCliFixture.Run("mosaic", f.File("workers"), "--output", f.File("workers.vrt")), "mosaic of workers");
        Assert.Equal(expected, ShardedPredictionCliFixture.Bits(f.File("workers.vrt")));
    }

    [Fact]
    public async Task A_worker_killed_mid_tile_then_restarted_keeps_no_partial_tile_an_intact_manifest_and_the_same_mosaic()
    {
        var f = ShardedPredictionCliFixture.Create("kill", scale: 3);
        var expected = f.Reference();
        var dir = f.File("job");
        var args = f.Predict("--output-dir", dir, "--output-tile", "192");
        var tiles = Path.Combine(dir, "tiles");
        Directory.CreateDirectory(tiles);

        // Kill the worker with SIGKILL the moment it starts writing its third tile (a hidden temporary file appears).
        using var watcher = new FileSystemWatcher(tiles, ".*.partial.tif");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Environment.CurrentDirectory };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "EarthEmbed.Cli.dll"), .. args]) info.ArgumentList.Add(a);
        using var worker = Process.Start(info)!;
        var stdout = worker.StandardOutput.ReadToEndAsync();
        var started = 0;
        watcher.Created += (_, _) =>
        {
            if (Interlocked.Increment(ref started) == 3) worker.Kill();
        };
        watcher.EnableRaisingEvents = true;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5))) await worker.WaitForExitAsync(timeout.Token);
        var printed = await stdout;
        Assert.True(Volatile.Read(ref started) >= 3, $"the worker ended before its third tile:\n{printed}");
        Assert.Equal(137, worker.ExitCode); // 128 + SIGKILL
        var left = Directory.GetFiles(tiles, ".*").Select(Path.GetFileName).ToArray();
        Assert.True(left.Length > 0, "the kill should have caught a tile half-written");
        var killedTile = left[0]!.Split('.')[1];
        Assert.False(File.Exists(Path.Combine(dir, "manifest", killedTile + ".json")), "a half-written tile must not be recorded");

        // Every record there is whole and matches its file; the killed tile and the rest are listed as missing.
        var check = TileMosaic.Check(dir);
        Assert.Equal(2, check.Done + check.Empty);
        Assert.Contains(check.Missing, m => m.Tile == killedTile && m.Reason.Contains("no record", StringComparison.Ordinal));

        var restart = ShardedPredictionCliFixture.Run(args);
        Ok(restart, "the restarted worker");
        Assert.Equal(2, restart.Stdout.Split('\n').Count(l => l.Contains("already done, skipped", StringComparison.Ordinal)));
        Assert.Empty(Directory.GetFiles(dir, ".*", SearchOption.AllDirectories));
        Ok(ShardedPredictionCliFixture.Run("mosaic", dir, "--output", f.File("mosaic.vrt")), "mosaic");
        Assert.Equal(expected, ShardedPredictionCliFixture.Bits(f.File("mosaic.vrt")));
    }

    [Fact]
    public void Bad_inputs_and_shard_specs_exit_1_with_a_message_that_says_what_to_change()
    {
        var f = ShardedPredictionCliFixture.Create("bad-inputs");
        var dir = f.File("job");
        (string[] Args, string Expected)[] cases =
        [
            (["predict", "--checkpoint", f.Checkpoint, "--input", f.First, f.File("absent.tif"), "--output-dir", dir], "absent.tif' (--input 2) does not exist"),
            (["predict", "--checkpoint", f.Checkpoint, "--input", f.First, "--output-dir", dir, "--shard", "0/3"], "shard 0/3: the shard index counts from 1 to 3"),
            (["predict", "--checkpoint", f.Checkpoint, "--input", f.First, "--output-dir", dir, "--shard", "4/3"], "shard 4/3: the shard index counts from 1 to 3"),
            (["predict", "--checkpoint", f.Checkpoint, "--input", f.First, "--output", f.File("x.tif"), "--output-dir", dir], "either --output"),
            (["predict", "--checkpoint", f.Checkpoint, "--input", f.First, "--output", f.File("x.tif"), "--shard", "1/2"], "--shard and --workers need --output-dir"),
        ];
        foreach (var (args, expected) in cases)
        {
            var (code, _, stderr) = ShardedPredictionCliFixture.Run(args);
            Assert.True(code == 1, $"{string.Join(" ", args)} exited {code}: {stderr}");
            Assert.Contains(expected, stderr, StringComparison.Ordinal);
        }
        var list = f.File("inputs.txt");
        File.WriteAllText(list, $"# the inputs\n{f.First}\n{f.Second}\n\n{f.First}\n");
        var dup = ShardedPredictionCliFixture.Run("predict", "--checkpoint", f.Checkpoint, "--input-list", list, "--output-dir", dir);
        Assert.Equal(1, dup.Code);
        Assert.Contains("is given twice (inputs.txt line 2 and inputs.txt line 5)", dup.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir), "nothing is written when the inputs are wrong");
    }

    [Fact]
    public void The_mosaic_of_an_unfinished_job_lists_the_missing_tiles_and_exits_1_unless_they_are_allowed()
    {
        var f = ShardedPredictionCliFixture.Create("unfinished");
        var dir = f.File("job");
        Ok(ShardedPredictionCliFixture.Run(f.Predict("--output-dir", dir, "--shard", "2/3")), "shard 2/3");
        var (code, _, stderr) = ShardedPredictionCliFixture.Run("mosaic", dir, "--output", f.File("m.vrt"));
        Assert.Equal(1, code);
        Assert.Contains("r0000_c0000 (tile 0): not predicted yet", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(f.File("m.vrt")));
        var allowed = ShardedPredictionCliFixture.Run("mosaic", dir, "--output", f.File("m.vrt"), "--allow-missing");
        Ok(allowed, "mosaic --allow-missing");
        Assert.Contains("mosaic: missing r0000_c0000", allowed.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(f.File("m.vrt")));
    }
}
