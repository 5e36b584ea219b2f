using System.Diagnostics;
using System.Text.Json;
using EarthEmbed.Torch.Optim;
using EarthEmbed.Torch.Serialization;
using EarthEmbed.Torch.Tests.Reference;
using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Torch.Tests.Optim;

/// <summary>Checkpoints: exact resume, PyTorch interchange in both directions, and errors that name the file.</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ee-ckpt-" + Guid.NewGuid().ToString("N"));

    public CheckpointTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static (Optimizer Optimizer, LrScheduler Schedule) Build(string kind, TinyNet model) => kind switch
    {
        "adamw_one_cycle" => WithSchedule(new AdamW(model.Parameters(), lr: 1e-3, amsGrad: true), o => new OneCycleLR(o, 0.05, totalSteps: 10)),
        _ => WithSchedule(new SGD(model.Parameters(), lr: 0.05, momentum: 0.9, nesterov: true),
            o => new ReduceLROnPlateau(o, factor: 0.5, patience: 0, threshold: 0.5)),
    };

    private static (Optimizer, LrScheduler) WithSchedule<T>(T optimizer, Func<T, LrScheduler> schedule) where T : Optimizer =>
        (optimizer, schedule(optimizer));

    /// <summary>One training step on batch <paramref name="k"/> (the same batches in every run).</summary>
    private static void TrainStep(TinyNet model, Optimizer optimizer, LrScheduler schedule, int k)
    {
        using var scope = DisposeScope.Enter();
        Engine.ManualSeed(1000 + k);
        var x = Tensor.Randn([4, 3, 5, 5]);
        var y = Tensor.Randn([4, 2]);
        optimizer.ZeroGrad();
        var loss = F.MseLoss(model.Forward(x), y);
        loss.Backward();
        ClipGrad.Norm(model.Parameters(), 1.0);
        optimizer.Step();
        if (schedule is ReduceLROnPlateau plateau) plateau.Step(loss.ToDouble());
        else ((EpochLrScheduler)schedule).Step();
    }

    [Theory]
    [InlineData("adamw_one_cycle")]
    [InlineData("sgd_plateau")]
    public void Three_steps_saved_and_two_more_after_loading_equal_five_uninterrupted_steps(string kind)
    {
        using var straight = new TinyNet(seed: 7);
        var (o1, s1) = Build(kind, straight);
        using var optimizer1 = o1;
        for (var k = 0; k < 5; k++) TrainStep(straight, o1, s1, k);

        var path = Path.Combine(folder, "run", "last.safetensors");
        using (var before = new TinyNet(seed: 7))
        {
            var (o2, s2) = Build(kind, before);
            using var optimizer2 = o2;
            for (var k = 0; k < 3; k++) TrainStep(before, o2, s2, k);
            Checkpoint.Save(path, before, o2, s2, epoch: 0, step: 3, new Dictionary<string, string> { ["note"] = "three steps" });
        }

        using var resumed = new TinyNet(seed: 99);  // different weights: everything must come from the file
        var (o3, s3) = Build(kind, resumed);
        using var optimizer3 = o3;
        var info = Checkpoint.Load(path, resumed, o3, s3);
        Assert.Equal(3, info.Step);
        Assert.Equal("three steps", info.Metadata["note"]);
        Assert.False(info.IsPlainStateDict);
        for (var k = 3; k < 5; k++) TrainStep(resumed, o3, s3, k);

        using var scope = DisposeScope.Enter();
        var expected = straight.StateDict();
        foreach (var (key, actual) in resumed.StateDict())
            Assert.True(expected[key].Equal(actual), $"{kind}: parameter {key} differs after resuming");
        Assert.Equal(s1.LastLr, s3.LastLr);
        using var state1 = o1.StateDict();
        using var state3 = o3.StateDict();
        Assert.Equal(state1.Tensors.Keys.Order(), state3.Tensors.Keys.Order());
        foreach (var (key, t) in state1.Tensors) Assert.True(t.Equal(state3.Tensors[key]), $"{kind}: optimizer state {key} differs");
        Assert.Equal(["last.safetensors"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_plain_state_dict_written_by_PyTorch_loads_and_gives_PyTorchs_output()
    {
        using var scope = DisposeScope.Enter();
        var path = Path.Combine(ReferenceFixtures.Folder, "ckpt.torch_state_dict.safetensors");
        var io = ReferenceFixtures.Load("ckpt", "torch_io");
        using var model = new TinyNet(seed: 1);
        var info = Checkpoint.Load(path, model);
        Assert.True(info.IsPlainStateDict);
        using var noGrad = GradMode.Disable();
        ReferenceFixtures.AssertClose(io["output"], model.Forward(io["input"]), 1e-5, 1e-6, "output");
    }

    [Fact]
    public void PyTorch_reads_our_checkpoint_into_its_own_module_and_computes_the_same_output()
    {
        using var scope = DisposeScope.Enter();
        using var model = new TinyNet(seed: 3);
        using var optimizer = new AdamW(model.Parameters(), lr: 1e-2);
        TrainStep(model, optimizer, new StepLR(optimizer, 10), 0);
        var checkpoint = Path.Combine(folder, "ours.safetensors");
        var inputPath = Path.Combine(folder, "input.safetensors");
        Checkpoint.Save(checkpoint, model, optimizer, epoch: 1, step: 1);
        Engine.ManualSeed(5);
        var x = Tensor.Randn([2, 3, 5, 5]);
        SafeTensors.Save(inputPath, new Dictionary<string, Tensor> { ["input"] = x });

        var script = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(ReferenceFixtures.Folder)))!,
            "tests", "EarthEmbed.Torch.Tests", "Reference", "check_reads_ours.py");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(checkpoint);
        start.ArgumentList.Add(inputPath);
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var python = new Process { StartInfo = start };
        var stderr = new System.Text.StringBuilder();
        python.ErrorDataReceived += (_, e) => stderr.AppendLine(e.Data);
        python.Start();
        python.BeginErrorReadLine();
        var stdout = python.StandardOutput.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, $"{script} failed: {stderr}");
        using var json = JsonDocument.Parse(stdout);
        var theirs = json.RootElement.GetProperty("output").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var keys = json.RootElement.GetProperty("optim_keys").EnumerateArray().Select(e => e.GetString()).ToList();
        using var noGrad = GradMode.Disable();
        var ours = model.Forward(x);
        ReferenceFixtures.AssertClose(ours, Tensor.FromArray(theirs).Reshape(2, 2), 1e-5, 1e-6, "PyTorch's output");
        Assert.Contains("optim.0.exp_avg", keys);
        Assert.Contains("optim.3.step", keys);
    }

    [Fact]
    public void A_missing_file_is_named_in_the_error()
    {
        using var model = new TinyNet(seed: 1);
        var path = Path.Combine(folder, "nope.safetensors");
        var e = Assert.Throws<FileNotFoundException>(() => Checkpoint.Load(path, model));
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData(5)]      // inside the length prefix
    [InlineData(40)]     // inside the JSON header
    [InlineData(-100)]   // inside the tensor data
    public void A_truncated_file_is_reported_as_invalid_with_its_name(int keep)
    {
        using var model = new TinyNet(seed: 1);
        var path = Path.Combine(folder, "cut.safetensors");
        Checkpoint.Save(path, model);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(keep > 0 ? keep : bytes.Length + keep)]);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, model));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_tensor_of_the_wrong_shape_names_the_file_the_key_and_both_shapes()
    {
        using var scope = DisposeScope.Enter();
        using var model = new TinyNet(seed: 1);
        var state = model.StateDict();
        state["head.weight"] = Tensor.Zeros([3, 100]);
        var path = Path.Combine(folder, "wrong.safetensors");
        SafeTensors.Save(path, state);
        var e = Assert.Throws<ArgumentException>(() => Checkpoint.Load(path, model));
        Assert.Contains(path, e.Message);
        Assert.Contains("'head.weight'", e.Message);
        Assert.Contains("[3, 100]", e.Message);
        Assert.Contains("[2, 100]", e.Message);
    }

    [Fact]
    public void Missing_keys_and_a_different_optimizer_are_errors_that_name_them()
    {
        using var scope = DisposeScope.Enter();
        using var model = new TinyNet(seed: 1);
        var state = model.StateDict();
        state.Remove("conv.bias");
        var partial = Path.Combine(folder, "partial.safetensors");
        SafeTensors.Save(partial, state);
        var missing = Assert.Throws<ArgumentException>(() => Checkpoint.Load(partial, model));
        Assert.Contains("missing [conv.bias]", missing.Message);

        var full = Path.Combine(folder, "full.safetensors");
        using var adamw = new AdamW(model.Parameters());
        Checkpoint.Save(full, model, adamw);
        using var sgd = new SGD(model.Parameters(), lr: 0.1);
        var wrong = Assert.Throws<ArgumentException>(() => Checkpoint.Load(full, model, sgd));
        Assert.Contains("AdamW", wrong.Message);
        Assert.Contains("SGD", wrong.Message);
    }
}
