namespace EarthEmbed.Viz.Experiments;

/// <summary>The replications this build knows, in paper order: every public non-abstract <see cref="IReplication"/>
/// with a parameterless constructor in this assembly.</summary>
public static class Replications
{
    /// <summary>All replications, ordered by <see cref="IReplication.Order"/>.</summary>
    public static IReadOnlyList<IReplication> All { get; } = typeof(Replications).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsInterface: false, IsPublic: true } && typeof(IReplication).IsAssignableFrom(t)
                    && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (IReplication)Activator.CreateInstance(t)!)
        .OrderBy(r => r.Order)
        .ToList();

    /// <summary>The replication called <paramref name="name"/>; the error lists the known names.</summary>
    public static IReplication Find(string name) =>
        All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"unknown experiment '{name}'; expected one of: {string.Join(", ", All.Select(r => r.Name).Append("all"))}");
}
