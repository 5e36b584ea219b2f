using EarthEmbed.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Experiments.StefaLand;

/// <summary>One pretraining batch: normalised windows, statics, the masks drawn for them and the sites' σ.</summary>
public sealed record PretrainBatch(Tensor Dynamic, Tensor Statics, Tensor DynamicMask, Tensor StaticMask, Tensor DynamicStd);

/// <summary>One fine-tuning batch: inputs, the observed target (NaN = not scored) and the sites' σ of it.</summary>
public sealed record FinetuneBatch(Tensor Dynamic, Tensor Statics, Tensor Observed, Tensor SiteStd);

/// <summary>StefaLand's masked-autoencoder objective: masked NSE over the dynamic inputs plus the weighted masked NSE
/// over the statics (parts "dynamic" and "static").</summary>
internal sealed class PretrainTask(StefaLandPretrainModel model, StefaLandConfig config) : TrainingTask<PretrainBatch>
{
    public override nn.Module Model => model;

    public override StepLoss Loss(PretrainBatch batch)
    {
        var (pd, ps) = model.call(batch.Dynamic, batch.Statics, batch.DynamicMask, batch.StaticMask);
        var total = MaskedNseLoss.Total(pd, batch.Dynamic, batch.DynamicMask, batch.DynamicStd, ps, batch.Statics, batch.StaticMask,
            config.StaticLossWeight);
        using var noGrad = no_grad();
        return new StepLoss(total, new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["dynamic"] = MaskedNseLoss.TimeSeries(pd, batch.Dynamic, batch.DynamicMask, batch.DynamicStd),
            ["static"] = MaskedNseLoss.Statics(ps, batch.Statics, batch.StaticMask),
        });
    }
}

/// <summary>Fine-tuning on a daily target with NSE* (warm-up days unscored); only the model's trainable parameters
/// are optimised (a frozen encoder stays as pretrained).</summary>
internal sealed class FinetuneTask(SiteSequenceModel model, StefaLandConfig config) : TrainingTask<FinetuneBatch>
{
    public override nn.Module Model => model;

    public override IEnumerable<Parameter> Parameters => model.TrainableParameters();

    public override StepLoss Loss(FinetuneBatch batch) =>
        new(MaskedNseLoss.Target(model.call(batch.Dynamic, batch.Statics), batch.Observed, batch.SiteStd, config.WarmupDays));
}

/// <summary>Pretraining batches of one epoch: windows from <c>new Random(EpochSeed.Of(seed, epoch))</c>, masks from a
/// <see cref="MaskGenerator"/> seeded by (seed + 1, epoch).</summary>
internal sealed class PretrainBatches(NormalizedData data, IReadOnlyList<int> trainSites, StefaLandConfig config, int seed, int count)
    : IBatchSource<PretrainBatch>
{
    public int Count => count;

    public IEnumerable<PretrainBatch> Batches(int epoch)
    {
        var raw = data.Raw;
        int days = config.SequenceLength, v = raw.Forcings.Count, a = raw.Attributes.Count;
        var random = new Random(EpochSeed.Of(seed, epoch));
        var masks = new MaskGenerator(days, v, raw.AttributeGroups, config.MinMaskDays, config.MaxMaskDays,
            config.TimeMaskRatio, config.StaticMaskRatio, EpochSeed.Of(seed + 1, epoch));
        for (var k = 0; k < count; k++)
        {
            var (sites, starts) = Windows.Sample(random, trainSites, 0, raw.TrainDays, days, config.BatchSize);
            var (dynamic, statics) = Windows.Inputs(data, sites, starts, days);
            var draw = masks.Sample(config.BatchSize);
            yield return new PretrainBatch(dynamic, statics, torch.tensor(draw.Dynamic, new long[] { config.BatchSize, days, v }),
                torch.tensor(draw.Static, new long[] { config.BatchSize, a }), Windows.DynamicStd(data, sites));
        }
    }
}

/// <summary>Fine-tuning batches of one epoch: windows from <c>new Random(EpochSeed.Of(seed, epoch))</c>.</summary>
internal sealed class FinetuneBatches(NormalizedData data, TargetBlock block, IReadOnlyList<int> trainSites, StefaLandConfig config, int seed, int count)
    : IBatchSource<FinetuneBatch>
{
    public int Count => count;

    public IEnumerable<FinetuneBatch> Batches(int epoch)
    {
        var raw = data.Raw;
        var days = config.SequenceLength;
        var random = new Random(EpochSeed.Of(seed, epoch));
        for (var k = 0; k < count; k++)
        {
            var (sites, starts) = Windows.Sample(random, trainSites, 0, raw.TrainDays, days, config.BatchSize);
            var (dynamic, statics) = Windows.Inputs(data, sites, starts, days);
            var (observed, siteStd) = Windows.Target(block, raw.Days, sites, starts, days);
            yield return new FinetuneBatch(dynamic, statics, observed, siteStd);
        }
    }
}
