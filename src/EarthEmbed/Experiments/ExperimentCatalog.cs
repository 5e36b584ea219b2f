namespace EarthEmbed.Experiments;

/// <summary>The experiments this build knows, in paper order: every public non-abstract <see cref="IExperiment"/>
/// with a parameterless constructor in this assembly.</summary>
public static class ExperimentCatalog
{
    /// <summary>All experiments, ordered by <see cref="IExperiment.Order"/>.</summary>
    public static IReadOnlyList<IExperiment> All { get; } = typeof(ExperimentCatalog).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsInterface: false, IsPublic: true } && typeof(IExperiment).IsAssignableFrom(t)
                    && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (IExperiment)Activator.CreateInstance(t)!)
        .OrderBy(r => r.Order)
        .ToList();

    /// <summary>The experiment called <paramref name="name"/> (case-insensitive); the error lists the known names.</summary>
    /// <exception cref="ArgumentException">no experiment of that name.</exception>
    public static IExperiment Find(string name) =>
        All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"unknown experiment '{name}'; expected one of: {string.Join(", ", All.Select(r => r.Name))}");
}
