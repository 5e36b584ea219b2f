using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EarthEmbed.Engine.Serialization;

/// <summary>What <see cref="Checkpoint.Load"/> read besides the tensors: where training stopped and the caller's own
/// metadata.</summary>
/// <param name="Epoch">The epoch saved with the checkpoint (0 for a plain state dict).</param>
/// <param name="Step">The global step saved with the checkpoint (0 for a plain state dict).</param>
/// <param name="Metadata">The free-form strings passed to <see cref="Checkpoint.Save"/> (without their "meta." prefix).</param>
/// <param name="IsPlainStateDict">True when the file was a bare model state dict (for example written by PyTorch).</param>
public sealed record CheckpointInfo(long Epoch, long Step, IReadOnlyDictionary<string, string> Metadata, bool IsPlainStateDict);

/// <summary>A further module (and optionally its optimiser) saved in the same checkpoint file as the model, e.g. a
/// GAN's discriminator: its tensors go under "extra.&lt;name&gt;." and its optimiser state under
/// "optim.torchsharp.&lt;name&gt;", so the model part and model-only loads are unaffected, and model, optimiser and
/// extras are written together in one atomic rename (a resumed run can never pair an epoch's model with another
/// epoch's discriminator).</summary>
/// <param name="Name">A name unique within the checkpoint (letters, digits, '_').</param>
/// <param name="Module">The module whose state dict is saved.</param>
/// <param name="Optimizer">Its optimiser, when its state must be saved too.</param>
public sealed record CheckpointPart(string Name, nn.Module Module, optim.Optimizer? Optimizer = null);

/// <summary>A training checkpoint in one safetensors file, with the conventions of EarthEmbed.Torch's Checkpoint (so
/// files written by either engine load the model part in the other): the model's state dict under
/// "model.&lt;key&gt;" (PyTorch's key names: "features.0.weight", "bn1.running_mean", ...), and in the header's
/// "__metadata__" the format tag "format" = <see cref="Format"/>, "epoch", "step" and the caller's strings as
/// "meta.&lt;key&gt;". Files are written atomically (<see cref="SafeTensors.Save"/>). PyTorch reads the model part
/// with any safetensors reader; a plain state dict (no "format" metadata, e.g. PyTorch's) loads as a model-only
/// checkpoint.</summary>
/// <remarks>
/// Optimiser state, when given, is TorchSharp's own (<see cref="OptimizerHelper.save_state_dict(BinaryWriter)"/>,
/// every managed TorchSharp optimiser) stored as the U8 tensor <see cref="OptimizerStateKey"/> with "optim.type" (the
/// optimiser's class name) in the metadata. It is not EarthEmbed.Torch's per-tensor "optim.&lt;i&gt;.&lt;name&gt;"
/// layout, so optimiser state does not travel between the two engines or to PyTorch (model weights do).
/// Learning-rate schedules are not saved: TorchSharp's <c>LRScheduler</c> has no state dict.
/// </remarks>
public static class Checkpoint
{
    /// <summary>The value of the "format" metadata entry that marks a full checkpoint.</summary>
    public const string Format = "earthembed.checkpoint/1";

    /// <summary>The tensor (U8, 1-D) holding the optimiser state in TorchSharp's binary format.</summary>
    public const string OptimizerStateKey = "optim.torchsharp";

    private const string ModelPrefix = "model.";
    private const string ExtraPrefix = "extra.";
    private const string MetaPrefix = "meta.";
    private const int MaxNamesListed = 12;

    /// <summary>Saves <paramref name="model"/>'s state dict (parameters and persistent buffers) and, when given, the
    /// optimiser's state, with the epoch, step and the caller's <paramref name="metadata"/>, atomically.</summary>
    /// <exception cref="NotSupportedException">the optimiser is not one of TorchSharp's managed optimisers
    /// (<see cref="OptimizerHelper"/>), or a tensor has a dtype safetensors lacks.</exception>
    public static void Save(string path, nn.Module model, optim.Optimizer? optimizer = null, long epoch = 0, long step = 0,
        IReadOnlyDictionary<string, string>? metadata = null) => SaveWithExtras(path, model, optimizer, epoch, step, metadata, []);

    /// <summary>As <see cref="Save"/>, with further modules and optimisers (<paramref name="extras"/>) in the same
    /// file.</summary>
    public static void SaveWithExtras(string path, nn.Module model, optim.Optimizer? optimizer, long epoch, long step,
        IReadOnlyDictionary<string, string>? metadata, IReadOnlyList<CheckpointPart> extras)
    {
        ArgumentNullException.ThrowIfNull(extras);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(model);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, value) in model.state_dict()) tensors[ModelPrefix + key] = value;
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = Format,
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["step"] = step.ToString(CultureInfo.InvariantCulture),
        };
        if (metadata is not null)
            foreach (var (key, value) in metadata) meta[MetaPrefix + key] = value;
        using var scope = NewDisposeScope();
        if (optimizer is not null) AddOptimizer(tensors, meta, optimizer, "");
        foreach (var part in extras)
        {
            var prefix = $"{ExtraPrefix}{part.Name}.";
            foreach (var (key, value) in part.Module.state_dict()) tensors[prefix + key] = value;
            if (part.Optimizer is not null) AddOptimizer(tensors, meta, part.Optimizer, "." + part.Name);
        }
        SafeTensors.Save(path, tensors, meta);
    }

    private static void AddOptimizer(Dictionary<string, Tensor> tensors, Dictionary<string, string> meta, optim.Optimizer optimizer, string suffix)
    {
        if (optimizer is not OptimizerHelper helper)
            throw new NotSupportedException($"{optimizer.GetType().Name} is not a managed TorchSharp optimizer; its state cannot be saved");
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) helper.save_state_dict(writer);
        var blob = empty([buffer.Length], ScalarType.Byte);
        blob.bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        tensors[OptimizerStateKey + suffix] = blob;
        meta["optim.type" + suffix] = optimizer.GetType().Name;
    }

    /// <summary>Loads the <paramref name="extras"/> saved with
    /// <see cref="SaveWithExtras"/>
    /// (each module strictly by name, shape and dtype; each optimiser given must have been saved).</summary>
    /// <exception cref="InvalidDataException">the file is truncated or corrupt, or lacks a part asked for; the message names the file.</exception>
    public static void LoadExtras(string path, IReadOnlyList<CheckpointPart> extras)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(extras);
        var states = new List<(optim.Optimizer Optimizer, byte[] State, string Type)>();
        using (var scope = NewDisposeScope())
        {
            var tensors = SafeTensors.Load(path, out var meta);
            foreach (var part in extras)
            {
                var prefix = $"{ExtraPrefix}{part.Name}.";
                var state = tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
                    .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
                if (state.Count == 0) throw new InvalidDataException($"'{path}' holds no part '{part.Name}' ('{prefix}*')");
                LoadStateDict(part.Module, state, true, $"'{path}' part '{part.Name}'");
                if (part.Optimizer is null) continue;
                if (!tensors.TryGetValue($"{OptimizerStateKey}.{part.Name}", out var blob) || !meta.TryGetValue($"optim.type.{part.Name}", out var type))
                    throw new InvalidDataException($"'{path}' holds no optimizer state for part '{part.Name}'");
                states.Add((part.Optimizer, blob.bytes.ToArray(), type));
            }
        }
        foreach (var (optimizer, state, type) in states) LoadOptimizer(path, optimizer, state, type);
    }

    private static void LoadOptimizer(string path, optim.Optimizer optimizer, byte[] state, string type)
    {
        if (type != optimizer.GetType().Name)
            throw new ArgumentException($"'{path}' holds {type} state but the optimizer is {optimizer.GetType().Name}", nameof(optimizer));
        if (optimizer is not OptimizerHelper helper)
            throw new NotSupportedException($"{optimizer.GetType().Name} is not a managed TorchSharp optimizer; its state cannot be loaded");
        try
        {
            using var reader = new BinaryReader(new MemoryStream(state));
            helper.load_state_dict(reader);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or EndOfStreamException)
        {
            throw new ArgumentException($"'{path}': its {type} state does not fit this optimizer ({e.Message}); " +
                "build the optimizer over the same parameters and groups as the one saved", nameof(optimizer), e);
        }
    }

    /// <summary>Loads a checkpoint into <paramref name="model"/> and, when given, <paramref name="optimizer"/> (built
    /// over the same parameters, in the same order, as the one saved). A plain state dict (no "format" metadata, e.g.
    /// written by PyTorch) is loaded into the model as is. Tensors are checked by name, shape and dtype before
    /// anything is copied, so a failed load leaves the model as it was.</summary>
    /// <param name="path">The safetensors file.</param>
    /// <param name="model">The model to fill.</param>
    /// <param name="optimizer">Optionally, the optimiser whose state the file holds.</param>
    /// <param name="strict">When true (the default), the file's model tensors and the model's state dict must have
    /// exactly the same names; when false, missing and unexpected names are ignored (shapes and dtypes of the names
    /// both have must still agree).</param>
    /// <exception cref="FileNotFoundException">the file does not exist.</exception>
    /// <exception cref="InvalidDataException">the file is truncated or corrupt, of another format, or lacks the
    /// optimiser state asked for; the message names the file.</exception>
    /// <exception cref="ArgumentException">names, shapes or dtypes do not match the model, or the optimiser type
    /// differs; the message names the file, the tensors and expected vs actual.</exception>
    public static CheckpointInfo Load(string path, nn.Module model, optim.Optimizer? optimizer = null, bool strict = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(model);
        Dictionary<string, string> meta;
        bool plain;
        byte[]? optimizerState = null;
        using (var scope = NewDisposeScope())
        {
            var tensors = SafeTensors.Load(path, out meta);
            plain = !meta.TryGetValue("format", out var format);
            if (!plain && format != Format)
                throw new InvalidDataException($"'{path}' is a file of format '{format}', not a checkpoint ('{Format}')");
            if (plain && optimizer is not null)
                throw new InvalidDataException($"'{path}' is a plain model state dict with no optimizer state; load it without an optimizer");
            var state = plain ? tensors : tensors.Where(kv => kv.Key.StartsWith(ModelPrefix, StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key[ModelPrefix.Length..], kv => kv.Value, StringComparer.Ordinal);
            LoadStateDict(model, state, strict, $"'{path}'");
            if (optimizer is not null)
            {
                if (!tensors.TryGetValue(OptimizerStateKey, out var blob) || !meta.TryGetValue("optim.type", out var type))
                    throw new InvalidDataException($"'{path}' holds no optimizer state ('{OptimizerStateKey}'); it was saved without an optimizer");
                if (type != optimizer.GetType().Name)
                    throw new ArgumentException($"'{path}' holds {type} state but the optimizer is {optimizer.GetType().Name}", nameof(optimizer));
                optimizerState = blob.bytes.ToArray();
            }
        }
        // Outside the scope: TorchSharp's state loaders may create tensors (AdamW's max_exp_avg_sq) that must outlive it.
        if (optimizerState is not null) LoadOptimizer(path, optimizer!, optimizerState, meta["optim.type"]);
        if (plain) return new CheckpointInfo(0, 0, new Dictionary<string, string>(), true);
        var user = meta.Where(kv => kv.Key.StartsWith(MetaPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[MetaPrefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        return new CheckpointInfo(Integer(path, meta, "epoch"), Integer(path, meta, "step"), user, false);
    }

    /// <summary>The caller's metadata of a checkpoint (as passed to <see cref="Save"/>, without the "meta." prefix),
    /// read from the file's header without loading any tensor; empty for a plain state dict.</summary>
    /// <exception cref="FileNotFoundException">the file does not exist.</exception>
    /// <exception cref="InvalidDataException">the file is not a safetensors file; the message names it.</exception>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return SafeTensors.ReadMetadata(path).Where(kv => kv.Key.StartsWith(MetaPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[MetaPrefix.Length..], kv => kv.Value, StringComparer.Ordinal);
    }

    /// <summary>Copies <paramref name="state"/> into <paramref name="model"/>'s parameters and persistent buffers,
    /// after checking every name, shape and dtype (TorchSharp's own <c>load_state_dict</c> names no key in its
    /// error, and broadcasts or converts a mismatched tensor silently). Nothing is copied unless everything
    /// matches.</summary>
    /// <param name="model">The model to fill.</param>
    /// <param name="state">Tensors by state-dict name (any device; copied to the model's).</param>
    /// <param name="strict">Whether the names must match exactly; see <see cref="Load"/>.</param>
    /// <param name="source">How errors name where <paramref name="state"/> came from, e.g. the file in quotes.</param>
    /// <returns>The model's names absent from <paramref name="state"/> and the names of <paramref name="state"/>
    /// the model lacks (both empty when <paramref name="strict"/>).</returns>
    /// <exception cref="ArgumentException">a mismatch; the message names <paramref name="source"/>, the tensors
    /// and expected vs actual.</exception>
    public static (IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected) LoadStateDict(nn.Module model,
        IReadOnlyDictionary<string, Tensor> state, bool strict = true, string source = "the state dict")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(state);
        var destination = model.state_dict();
        var missing = destination.Keys.Where(k => !state.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var unexpected = state.Keys.Where(k => !destination.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
            throw new ArgumentException($"{source} does not match the model's state dict: " +
                $"{missing.Count} missing ({Names(missing)}), {unexpected.Count} unexpected ({Names(unexpected)})", nameof(state));
        var problems = new List<string>();
        foreach (var (key, target) in destination)
        {
            if (!state.TryGetValue(key, out var value)) continue;
            if (!target.shape.SequenceEqual(value.shape) || target.dtype != value.dtype)
                problems.Add($"'{key}': the model has [{string.Join(", ", target.shape)}] {target.dtype}, " +
                    $"{source} has [{string.Join(", ", value.shape)}] {value.dtype}");
        }
        if (problems.Count > 0)
            throw new ArgumentException($"{source}: {problems.Count} tensor(s) do not match the model: " +
                string.Join("; ", problems.Take(MaxNamesListed)) + (problems.Count > MaxNamesListed ? "; ..." : ""), nameof(state));
        using (no_grad())
        {
            foreach (var (key, target) in destination)
                if (state.TryGetValue(key, out var value)) target.copy_(value);
        }
        return (missing, unexpected);
    }

    private static string Names(List<string> names) => names.Count == 0 ? "none" :
        string.Join(", ", names.Take(MaxNamesListed)) + (names.Count > MaxNamesListed ? ", ..." : "");

    private static long Integer(string path, Dictionary<string, string> meta, string key)
    {
        if (!meta.TryGetValue(key, out var text))
            throw new InvalidDataException($"'{path}' has no '{key}' metadata: the checkpoint is incomplete");
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
            : throw new InvalidDataException($"'{path}': metadata '{key}' is '{text}', not a whole number");
    }
}
