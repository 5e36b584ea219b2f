using System.Globalization;

namespace EarthEmbed.Torch.Optim;

/// <summary>A set of parameters that share hyperparameters, like one dict of PyTorch's <c>optimizer.param_groups</c>.
/// Schedules change <see cref="LearningRate"/> (and <see cref="CycledMomentum"/>) between steps; the optimiser reads
/// them at every <see cref="Optimizer.Step"/>. Each optimiser derives its own group type with its extra settings.</summary>
public abstract class ParamGroup
{
    private double learningRate;
    private double weightDecay;

    /// <summary>Creates a group over <paramref name="parameters"/> (kept by reference: the optimiser updates these
    /// very tensors in place).</summary>
    protected ParamGroup(IEnumerable<Tensor> parameters, double learningRate, double weightDecay)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToList();
        if (Parameters.Any(p => p is null)) throw new ArgumentException("a parameter list contains null", nameof(parameters));
        LearningRate = learningRate;
        WeightDecay = weightDecay;
    }

    /// <summary>The parameters, in the order their state is numbered.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The step size (PyTorch's <c>lr</c>); must be &gt;= 0.</summary>
    public double LearningRate
    {
        get => learningRate;
        set => learningRate = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "the learning rate must be >= 0");
    }

    /// <summary>L2 penalty added to the gradient (SGD, Adam) or decoupled decay of the weights (AdamW); &gt;= 0.</summary>
    public double WeightDecay
    {
        get => weightDecay;
        set => weightDecay = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "the weight decay must be >= 0");
    }

    /// <summary>The learning rate a schedule starts from (PyTorch's <c>initial_lr</c>), set by the first schedule
    /// attached to the optimiser; null until then.</summary>
    public double? InitialLearningRate { get; set; }

    /// <summary>The momentum term that cyclic schedules (<see cref="OneCycleLR"/>) anneal: SGD's momentum, Adam's
    /// beta1; null for optimisers that have none.</summary>
    public abstract double? CycledMomentum { get; set; }

    /// <summary>Per-parameter state tensors (aligned with <see cref="Parameters"/>), created lazily by the optimiser.</summary>
    internal List<Dictionary<string, Tensor>?> State { get; } = new();

    /// <summary>Every hyperparameter by its PyTorch name ("lr", "weight_decay", "momentum", "beta1", ...), as
    /// numbers (booleans are 0 or 1), for <see cref="Optimizer.StateDict"/>.</summary>
    public virtual Dictionary<string, double> Hyperparameters()
    {
        var h = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["lr"] = LearningRate,
            ["weight_decay"] = WeightDecay,
        };
        if (InitialLearningRate is { } initial) h["initial_lr"] = initial;
        return h;
    }

    /// <summary>Sets the hyperparameters named in <paramref name="values"/> (as written by
    /// <see cref="Hyperparameters"/>); unknown names are an error naming them.</summary>
    public virtual void SetHyperparameters(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (name, value) in values)
            if (!TrySet(name, value))
                throw new ArgumentException($"{GetType().Name} has no hyperparameter '{name}' (it has " +
                    $"{string.Join(", ", Hyperparameters().Keys)})", nameof(values));
    }

    /// <summary>Sets one hyperparameter by name; false when the name is not one of this group's.</summary>
    protected virtual bool TrySet(string name, double value)
    {
        switch (name)
        {
            case "lr": LearningRate = value; return true;
            case "weight_decay": WeightDecay = value; return true;
            case "initial_lr": InitialLearningRate = value; return true;
            default: return false;
        }
    }

    /// <summary>A short description, e.g. "AdamGroup(4 parameters, lr=0.001, ...)".</summary>
    public override string ToString() =>
        $"{GetType().Name}({Parameters.Count} parameters, " +
        string.Join(", ", Hyperparameters().Select(h => $"{h.Key}={h.Value.ToString("R", CultureInfo.InvariantCulture)}")) + ")";

    /// <summary>Reads a boolean hyperparameter stored as a number.</summary>
    protected static bool Flag(double value) => value != 0;
}
