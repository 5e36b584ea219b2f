namespace EarthEmbed.Torch;

/// <summary>Owns every tensor created on this thread while it is the innermost open scope, and disposes them
/// when it is disposed. A training step wrapped in a scope therefore holds flat memory:
/// <code>using (var scope = DisposeScope.Enter()) { var loss = ...; loss.Backward(); step(); }</code>
/// Tensors that must outlive the scope are handed out with <see cref="Keep(Tensor)"/> (to the enclosing scope, or to
/// nobody) or <see cref="Tensor.DetachFromScope"/>.</summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? current;

    private readonly DisposeScope? outer;
    private readonly List<Tensor> owned = new();
    private bool disposed;

    private DisposeScope(DisposeScope? outer) => this.outer = outer;

    /// <summary>The innermost open scope on this thread, or null.</summary>
    public static DisposeScope? Current => current;

    /// <summary>Opens a scope nested in the current one.</summary>
    public static DisposeScope Enter()
    {
        var scope = new DisposeScope(current);
        current = scope;
        return scope;
    }

    /// <summary>Number of live tensors this scope owns.</summary>
    public int Count => owned.Count(t => t.Scope == this && !t.IsDisposed);

    /// <summary>Moves <paramref name="tensor"/> to the enclosing scope (or to nobody) and returns it.</summary>
    public Tensor Keep(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Scope == this)
        {
            tensor.Scope = outer;
            outer?.owned.Add(tensor);
        }
        return tensor;
    }

    /// <summary>Moves each of <paramref name="tensors"/> to the enclosing scope.</summary>
    public void Keep(params Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (var t in tensors) Keep(t);
    }

    internal static void Adopt(Tensor tensor)
    {
        var scope = current;
        if (scope is null) return;
        tensor.Scope = scope;
        scope.owned.Add(tensor);
    }

    /// <summary>Disposes every tensor still owned and makes the enclosing scope current again.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var t in owned)
            if (t.Scope == this) t.Dispose();
        owned.Clear();
        if (current == this) current = outer;
    }
}
