using System.Diagnostics;
using EarthEmbed.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Benchmarks.EngineBench;

/// <summary>The EarthEmbed side of the engine benchmark, on TorchSharp: the reference U-Net,
/// <c>torch.optim.AdamW</c>(lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2) and one fixed random batch,
/// trained with MSE exactly as unet_train.py does (gradients set to None before each step). Each step runs in its
/// own dispose scope, so memory stays flat and no native tensor waits for the GC.</summary>
public sealed class EngineTrainer : IDisposable
{
    private readonly EngineSettings settings;
    private readonly ReferenceUNet model;
    private readonly AdamW optimizer;
    private readonly Tensor input, target;

    /// <summary>Seeds libtorch's generator, builds the model, then the batch (the order of the Python script, so
    /// both draw the same random numbers), re-lays both out channels-last when asked, then the optimiser.</summary>
    public EngineTrainer(EngineSettings settings, EngineVariant variant)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(variant);
        settings.Validate();
        TorchEngine.EnsureLoaded();
        this.settings = settings;
        manual_seed(settings.Seed).Dispose();
        model = new ReferenceUNet(settings.Model);
        using (var scope = NewDisposeScope())
        {
            var x = randn(settings.Batch, settings.Model.InChannels, settings.Size, settings.Size);
            var y = randn(settings.Batch, settings.Model.OutChannels, settings.Size, settings.Size);
            if (variant.ChannelsLast)
            {
                MemoryLayout.ToChannelsLast(model);
                x = MemoryLayout.ToChannelsLast(x);
                y = MemoryLayout.ToChannelsLast(y);
            }
            input = x.DetachFromDisposeScope();
            target = y.DetachFromDisposeScope();
        }
        model.train();
        optimizer = optim.AdamW(model.parameters(), lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 1e-2);
    }

    /// <summary>The model trained (for tests: its parameters and layout).</summary>
    internal ReferenceUNet Model => model;

    /// <summary>The optimiser (for tests: its settings).</summary>
    internal AdamW Optimizer => optimizer;

    /// <summary>The fixed input batch (for tests: its layout).</summary>
    internal Tensor Input => input;

    /// <summary>Parameters of the model (for the parameter-count comparison with PyTorch).</summary>
    public long ParameterCount => model.ParameterCount();

    /// <summary>One training step; returns the loss only when asked, so that no extra read is timed.</summary>
    public double Step(bool readLoss = false)
    {
        using var scope = NewDisposeScope();
        model.zero_grad(set_to_none: true);
        var loss = nn.functional.mse_loss(model.forward(input), target);
        loss.backward();
        optimizer.step();
        return readLoss ? loss.item<float>() : double.NaN;
    }

    /// <summary>Runs the untimed warm-up steps.</summary>
    public void WarmUp()
    {
        for (var i = 0; i < settings.Warmup; i++) Step();
    }

    /// <summary>Times one round of <see cref="EngineSettings.Steps"/> steps and returns samples/s. The last loss is
    /// read inside the timed region, as the PyTorch script does with <c>loss.item()</c>.</summary>
    public double Round()
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < settings.Steps - 1; i++) Step();
        var loss = Step(readLoss: true);
        var seconds = clock.Elapsed.TotalSeconds;
        if (!double.IsFinite(loss)) throw new InvalidOperationException($"training diverged: loss {loss}");
        return settings.Steps * (double)settings.Batch / seconds;
    }

    /// <summary>Frees the model, optimiser state and batch.</summary>
    public void Dispose()
    {
        optimizer.Dispose();
        model.Dispose();
        input.Dispose();
        target.Dispose();
    }
}
