namespace EarthEmbed.Experiments.StefaLand;

/// <summary>The models the replication fine-tunes, by name (<see cref="StefaLandResult.Models"/>): stefaland = the
/// frozen pretrained encoder + resConn adapter, scratch = the same architecture trained from a random start, lstm =
/// the supervised LSTM, linear_probe = the frozen encoder + a linear head (Models/SequenceModels.cs); the encoder and
/// its pretraining model are in Models/ too.</summary>
internal static class StefaLandModels
{
    /// <summary>A fresh model called <paramref name="name"/> (stefaland, scratch, lstm, linear_probe); the frozen
    /// ones wrap <paramref name="pretrained"/> (which they do not own).</summary>
    public static SiteSequenceModel Create(string name, StefaLandEncoder pretrained, NormalizedData data, StefaLandConfig config)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        int v = data.Raw.Forcings.Count, a = data.Raw.Attributes.Count;
        ResConnAdapter Adapter() => new(config.DModel, v, a, config.LstmHidden, config.Dropout);
        return name switch
        {
            "stefaland" => new AdapterModel(pretrained, Adapter(), freezeEncoder: true),
            "scratch" => new AdapterModel(new StefaLandEncoder(config, v, a), Adapter(), freezeEncoder: false),
            "lstm" => new LstmModel(v, a, config.LstmHidden, config.Dropout),
            "linear_probe" => new LinearProbeModel(pretrained),
            _ => throw new ArgumentException($"unknown model '{name}' (stefaland, scratch, lstm, linear_probe)", nameof(name)),
        };
    }

    /// <summary>Frees a fine-tuned model; a frozen model's pretrained encoder is shared, so only its head goes.</summary>
    public static void DisposeKeepingEncoder(SiteSequenceModel model)
    {
        if (model is AdapterModel { FreezeEncoder: true } or LinearProbeModel)
        {
            foreach (var (name, child) in model.named_children())
                if (name != "encoder") child.Dispose();
        }
        else model.Dispose();
    }
}
