namespace EarthEmbed.Torch.Optim;

/// <summary>What <see cref="Optimizer.StateDict"/> returns and <see cref="Optimizer.LoadStateDict"/> takes: the
/// per-parameter state tensors and the hyperparameters of every group, PyTorch's
/// <c>{"state": {...}, "param_groups": [...]}</c> flattened so it fits a safetensors file.</summary>
public sealed class OptimizerState : IDisposable
{
    /// <summary>Wraps the given tensors and group hyperparameters (the object takes ownership of the tensors).</summary>
    public OptimizerState(Dictionary<string, Tensor> tensors, List<Dictionary<string, double>> groups)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(groups);
        Tensors = tensors;
        Groups = groups;
    }

    /// <summary>Per-parameter state, keyed "&lt;parameter index&gt;.&lt;name&gt;", e.g. "0.exp_avg", "0.step",
    /// "2.momentum_buffer". Parameters that never had a gradient have no entry.</summary>
    public Dictionary<string, Tensor> Tensors { get; }

    /// <summary>One map per parameter group: hyperparameters by PyTorch name ("lr", "betas" split into "beta1" and
    /// "beta2", booleans as 0/1) and "params", the group's parameter count.</summary>
    public List<Dictionary<string, double>> Groups { get; }

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        foreach (var t in Tensors.Values) t.Dispose();
    }
}
