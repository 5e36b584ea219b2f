using System.Diagnostics;
using EarthEmbed.Torch;
using EarthEmbed.Torch.Optim;
using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Benchmarks.EngineBench;

/// <summary>The EarthEmbed side of the engine benchmark: the reference U-Net, AdamW(lr 1e-3, betas (0.9, 0.999),
/// eps 1e-8, weight decay 1e-2) and one fixed random batch, trained with MSE exactly as unet_train.py does. Each
/// step runs in its own <see cref="DisposeScope"/>, so memory stays flat and no handle waits for the GC.</summary>
public sealed class EngineTrainer : IDisposable
{
    private readonly EngineSettings settings;
    private readonly EngineVariant variant;
    private readonly ReferenceUNet model;
    private readonly AdamW optimizer;
    private readonly Tensor input, target;

    /// <summary>Seeds libtorch, builds the model, the optimiser and the batch (channels-last when asked).</summary>
    public EngineTrainer(EngineSettings settings, EngineVariant variant)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(variant);
        settings.Validate();
        (this.settings, this.variant) = (settings, variant);
        Engine.ManualSeed(settings.Seed);
        model = new ReferenceUNet(settings.Model);
        using var scope = DisposeScope.Enter();
        var x = Tensor.Randn([settings.Batch, settings.Model.InChannels, settings.Size, settings.Size]);
        var y = Tensor.Randn([settings.Batch, settings.Model.OutChannels, settings.Size, settings.Size]);
        if (variant.ChannelsLast)
        {
            MemoryLayout.ToChannelsLast(model);
            x = x.Contiguous(Tensor.MemoryFormat.ChannelsLast);
            y = y.Contiguous(Tensor.MemoryFormat.ChannelsLast);
        }
        input = x.Alias().DetachFromScope();
        target = y.Alias().DetachFromScope();
        model.Train();
        optimizer = new AdamW(model.Parameters(), lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-2);
    }

    /// <summary>Parameters of the model (for the parameter-count comparison with PyTorch).</summary>
    public long ParameterCount => model.ParameterCount();

    /// <summary>One training step; returns the loss tensor's value only when asked, so that no extra read is timed.</summary>
    public double Step(bool readLoss = false)
    {
        using var scope = DisposeScope.Enter();
        model.ZeroGrad();
        Tensor loss;
        using (Autocast.Cpu(ScalarType.BFloat16, enabled: variant.Bf16))
        {
            var output = model.Forward(input);
            loss = F.MseLoss(output.To(ScalarType.Float32), target);
        }
        loss.Backward();
        optimizer.Step();
        return readLoss ? loss.ToDouble() : double.NaN;
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
