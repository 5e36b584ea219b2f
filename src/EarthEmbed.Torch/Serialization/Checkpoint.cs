using System.Globalization;
using EarthEmbed.Torch.Nn;
using EarthEmbed.Torch.Optim;

namespace EarthEmbed.Torch.Serialization;

/// <summary>What <see cref="Checkpoint.Load"/> read besides the tensors: where training stopped and the
/// caller's own metadata.</summary>
/// <param name="Epoch">The epoch saved with the checkpoint (0 for a plain state dict).</param>
/// <param name="Step">The global step saved with the checkpoint (0 for a plain state dict).</param>
/// <param name="Metadata">The free-form strings passed to <see cref="Checkpoint.Save"/>.</param>
/// <param name="IsPlainStateDict">True when the file was a bare model state dict (for example from PyTorch).</param>
public sealed record CheckpointInfo(long Epoch, long Step, IReadOnlyDictionary<string, string> Metadata, bool IsPlainStateDict);

/// <summary>A training checkpoint in one safetensors file: the model's state dict under "model.&lt;key&gt;", the
/// optimiser's state tensors under "optim.&lt;i&gt;.&lt;name&gt;" (as PyTorch numbers them), and in the header's
/// "__metadata__" (strings) the format tag, epoch, step, the optimiser's group hyperparameters, the schedule's
/// counters and the caller's metadata ("meta.&lt;key&gt;"). Files are written atomically (temporary name, then
/// rename), so an interrupted save never leaves a half-written checkpoint. PyTorch reads the model part with any
/// safetensors reader; a plain PyTorch state dict loads here as a model-only checkpoint.</summary>
public static class Checkpoint
{
    /// <summary>The value of the "format" metadata entry that marks a full checkpoint.</summary>
    public const string Format = "earthembed.checkpoint/1";

    /// <summary>Saves <paramref name="model"/> and, when given, the optimiser and schedule state, so that
    /// <see cref="Load"/> into freshly built objects continues training exactly as if it had not stopped.</summary>
    public static void Save(string path, Module model, Optimizer? optimizer = null, LrScheduler? scheduler = null,
        long epoch = 0, long step = 0, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(model);
        using var scope = DisposeScope.Enter();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, value) in model.StateDict()) tensors["model." + key] = value;
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = Format,
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["step"] = step.ToString(CultureInfo.InvariantCulture),
        };
        if (optimizer is not null)
        {
            var state = optimizer.StateDict();
            foreach (var (key, value) in state.Tensors) tensors["optim." + key] = value;
            meta["optim.type"] = optimizer.GetType().Name;
            meta["optim.groups"] = state.Groups.Count.ToString(CultureInfo.InvariantCulture);
            for (var g = 0; g < state.Groups.Count; g++)
                foreach (var (name, value) in state.Groups[g]) meta[$"optim.group.{g}.{name}"] = Number(value);
        }
        if (scheduler is not null)
        {
            meta["sched.type"] = scheduler.GetType().Name;
            foreach (var (name, value) in scheduler.StateDict()) meta["sched." + name] = Number(value);
        }
        if (metadata is not null)
            foreach (var (key, value) in metadata) meta["meta." + key] = value;
        SafeTensors.Save(path, tensors, meta);
    }

    /// <summary>Loads a checkpoint into <paramref name="model"/> and, when given, the optimiser and schedule (build
    /// them as for the original run first). A plain state dict (no "format" metadata, e.g. written by PyTorch) is
    /// loaded into the model as is. Errors name the file and the key: a missing file
    /// (<see cref="FileNotFoundException"/>), a truncated or corrupt one (<see cref="InvalidDataException"/>),
    /// missing or unexpected keys and shape mismatches (<see cref="ArgumentException"/>).</summary>
    public static CheckpointInfo Load(string path, Module model, Optimizer? optimizer = null, LrScheduler? scheduler = null, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(model);
        using var scope = DisposeScope.Enter();
        var tensors = SafeTensors.Load(path, out var meta);
        var plain = !meta.TryGetValue("format", out var format);
        if (!plain && format != Format)
            throw new InvalidDataException($"'{path}' is a checkpoint of format '{format}', expected '{Format}'");
        if (plain && (optimizer is not null || scheduler is not null))
            throw new ArgumentException($"'{path}' is a plain model state dict with no optimizer or schedule state; " +
                "load it without an optimizer and schedule", nameof(path));

        var modelState = plain ? tensors : tensors.Where(kv => kv.Key.StartsWith("model.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["model.".Length..], kv => kv.Value, StringComparer.Ordinal);
        Wrap(path, () => model.LoadStateDict(modelState, strict));
        if (plain) return new CheckpointInfo(0, 0, new Dictionary<string, string>(), true);

        if (optimizer is not null)
        {
            var type = Get(path, meta, "optim.type", "it holds no optimizer state");
            if (type != optimizer.GetType().Name)
                throw new ArgumentException($"'{path}' holds {type} state but the optimizer is {optimizer.GetType().Name}", nameof(optimizer));
            var count = (int)Parse(path, meta, "optim.groups");
            var groups = new List<Dictionary<string, double>>();
            for (var g = 0; g < count; g++)
            {
                var prefix = $"optim.group.{g}.";
                groups.Add(meta.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
                    .ToDictionary(kv => kv.Key[prefix.Length..], kv => Parse(path, meta, kv.Key), StringComparer.Ordinal));
            }
            var optimTensors = tensors.Where(kv => kv.Key.StartsWith("optim.", StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key["optim.".Length..], kv => kv.Value, StringComparer.Ordinal);
            Wrap(path, () => optimizer.LoadStateDict(new OptimizerState(optimTensors, groups)));
        }
        if (scheduler is not null)
        {
            var type = Get(path, meta, "sched.type", "it holds no schedule state");
            if (type != scheduler.GetType().Name)
                throw new ArgumentException($"'{path}' holds {type} state but the schedule is {scheduler.GetType().Name}", nameof(scheduler));
            var state = meta.Where(kv => kv.Key.StartsWith("sched.", StringComparison.Ordinal) && kv.Key != "sched.type")
                .ToDictionary(kv => kv.Key["sched.".Length..], kv => Parse(path, meta, kv.Key), StringComparer.Ordinal);
            Wrap(path, () => scheduler.LoadStateDict(state));
        }
        var user = meta.Where(kv => kv.Key.StartsWith("meta.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["meta.".Length..], kv => kv.Value, StringComparer.Ordinal);
        return new CheckpointInfo((long)Parse(path, meta, "epoch"), (long)Parse(path, meta, "step"), user, false);
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Get(string path, Dictionary<string, string> meta, string key, string why) =>
        meta.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"'{path}' has no '{key}' metadata: {why}");

    private static double Parse(string path, Dictionary<string, string> meta, string key)
    {
        var text = Get(path, meta, key, "the checkpoint is incomplete");
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new InvalidDataException($"'{path}': metadata '{key}' is '{text}', not a number");
    }

    private static void Wrap(string path, Action load)
    {
        try
        {
            load();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"'{path}': {e.Message}", e);
        }
    }
}
