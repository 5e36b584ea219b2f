using EarthEmbed.Engine.Serialization;
using static TorchSharp.torch;

namespace EarthEmbed.Training;

/// <summary>The trainer's checkpoint files in one folder: last.safetensors after every epoch, the one it replaces kept
/// as previous.safetensors, and best.safetensors at each improvement. Each file holds the model, the optimiser, the
/// task's extras (<see cref="CheckpointPart"/>) and the history, and is written to a temporary name then renamed
/// (<see cref="SafeTensors.Save"/>), so a kill -9 leaves either the old or the new file, never half of one. A file
/// cut short anyway (a full disk, a copy interrupted) fails to load with <see cref="InvalidDataException"/>; resume
/// then falls back to previous.safetensors, i.e. restarts from the last good epoch.</summary>
public sealed class TrainerCheckpoints
{
    /// <summary>Checkpoints in <paramref name="folder"/> (created when missing).</summary>
    public TrainerCheckpoints(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Folder = folder;
    }

    /// <summary>The folder that holds the files.</summary>
    public string Folder { get; }

    /// <summary>The checkpoint of the last finished epoch.</summary>
    public string Last => Path.Combine(Folder, "last.safetensors");

    /// <summary>The checkpoint of the epoch before <see cref="Last"/>'s (the fallback when that one is unreadable).</summary>
    public string Previous => Path.Combine(Folder, "previous.safetensors");

    /// <summary>The checkpoint of the best epoch so far.</summary>
    public string Best => Path.Combine(Folder, "best.safetensors");

    /// <summary>Deletes the files of an earlier run (a fresh fit must not resume or restore from them).</summary>
    public void Clear()
    {
        if (!Directory.Exists(Folder)) return;
        foreach (var path in new[] { Last, Previous, Best }) File.Delete(path);
    }

    /// <summary>Writes epoch <paramref name="epoch"/>'s checkpoint: the old last becomes previous, then the new last
    /// (and best when <paramref name="improved"/>) is written atomically.</summary>
    public void Save(nn.Module model, optim.Optimizer optimizer, IReadOnlyList<CheckpointPart> extras, int epoch, long step,
        TrainingHistory history, bool improved, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(metadata);
        Directory.CreateDirectory(Folder);
        var meta = metadata.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        meta["history"] = history.ToJson();
        if (File.Exists(Last)) File.Move(Last, Previous, overwrite: true);
        Checkpoint.SaveWithExtras(Last, model, optimizer, epoch, step, meta, extras);
        if (improved) Checkpoint.SaveWithExtras(Best, model, optimizer, epoch, step, meta, extras);
    }

    /// <summary>Loads the newest readable checkpoint (last, else previous) into the model, optimiser and extras and
    /// returns its history; null when there is none (a fresh start). <paramref name="replay"/> receives the history
    /// before the optimiser state is loaded, to bring the learning-rate schedule to where it was.</summary>
    public TrainingHistory? Resume(nn.Module model, optim.Optimizer optimizer, IReadOnlyList<CheckpointPart> extras,
        Action<string>? log, Action<TrainingHistory> replay)
    {
        ArgumentNullException.ThrowIfNull(replay);
        foreach (var path in new[] { Last, Previous })
        {
            if (!File.Exists(path)) continue;
            try
            {
                // Load once to prove the file whole (nothing is copied from a truncated file), replay the schedule,
                // then load again: the optimiser's state must be the last thing written (it carries the learning rate).
                Load(path, model, optimizer, extras);
                var history = TrainingHistory.FromJson(Checkpoint.ReadMetadata(path)["history"]);
                replay(history);
                Load(path, model, optimizer, extras);
                log?.Invoke($"resumed from {path} after epoch {history.Epochs.Count} " +
                            $"(best {history.BestLoss:G5} at epoch {history.BestEpoch + 1})");
                return history;
            }
            catch (Exception e) when (e is InvalidDataException or KeyNotFoundException or System.Text.Json.JsonException)
            {
                log?.Invoke($"checkpoint {path} is unreadable ({e.Message}); trying the one before it");
            }
        }
        return null;
    }

    private static void Load(string path, nn.Module model, optim.Optimizer optimizer, IReadOnlyList<CheckpointPart> extras)
    {
        Checkpoint.Load(path, model, optimizer);
        if (extras.Count > 0) Checkpoint.LoadExtras(path, extras);
    }
}
