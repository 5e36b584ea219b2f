using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using TorchSharp;

namespace EarthEmbed.Engine.Modules;

/// <summary>Errors that name the module they happened in. TorchSharp reports a failure inside a model (a shape
/// mismatch, a wrong dtype) as an <see cref="System.Runtime.InteropServices.ExternalException"/> carrying libtorch's
/// text only; calling the model through <see cref="CallNamed{T, TResult}(torch.nn.Module{T, TResult}, T)"/> instead of
/// <c>call</c>/<c>forward</c> turns it into a <see cref="ModuleForwardException"/> whose message starts with the
/// innermost failing module's path and class: "module 'encoder.layer2.0.conv1' (Conv2d): Given groups=1, weight of
/// size [64, 64, 3, 3], expected input[2, 32, 8, 8] to have 64 channels, but got 32 channels instead".</summary>
/// <remarks>
/// <para>How: the first call registers a forward pre-hook and a forward hook (TorchSharp's
/// <c>register_forward_pre_hook</c>/<c>register_forward_hook</c>) on the root and on every module of its
/// <c>named_modules()</c>; while a <c>CallNamed</c> is running on a thread, the hooks keep that thread's stack of the
/// modules whose forward has begun and not yet returned. A failing forward never reaches its post-hook, so when the
/// exception arrives at <c>CallNamed</c> the top of the stack is the innermost failing module. The stack is cut back
/// when <c>CallNamed</c> returns or throws, so an error leaves nothing behind, and outside <c>CallNamed</c> the hooks
/// only test a thread-static counter (a plain <c>forward</c> costs the same as before).</para>
/// <para>Hooks run only when a module is invoked with <c>call</c> (PyTorch's <c>__call__</c>; Sequential and
/// TorchVision's models do), not with <c>forward</c>. For a child that a custom module runs with <c>forward</c>, the
/// error names it when the .NET stack shows its class's <c>forward</c> and the enclosing module has exactly one
/// submodule of that class not otherwise run with <c>call</c>; otherwise it names the enclosing module and says which
/// submodules it might have been (or, once the JIT has inlined that <c>forward</c>, names the enclosing module only).
/// Invoke submodules with <c>call</c> to have them named exactly.</para>
/// <para>The hooks see the submodules the root has at the first call; after adding or replacing submodules call
/// <see cref="NameErrors"/> again (it hooks the new ones). Registering hooks is not thread-safe against a forward
/// running on another thread: make the first call (or <see cref="NameErrors"/>) before sharing a model between
/// threads. Errors raised by <c>backward()</c> are not covered (autograd runs outside any forward).</para>
/// </remarks>
public static class ModuleErrors
{
    private static readonly ConditionalWeakTable<torch.nn.Module, ModuleErrorNames> Names = new();
    private static readonly Lock Gate = new();

    /// <summary>Hooks <paramref name="root"/> and its submodules (idempotent: a second call only hooks submodules
    /// added since) and returns the hooks' owner; dispose it to remove them. <c>CallNamed</c> does this itself on its
    /// first use.</summary>
    public static ModuleErrorNames NameErrors(this torch.nn.Module root)
    {
        ArgumentNullException.ThrowIfNull(root);
        lock (Gate)
        {
            if (!Names.TryGetValue(root, out var names))
            {
                names = new ModuleErrorNames(root);
                Names.Add(root, names);
            }
            names.Attach();
            return names;
        }
    }

    /// <summary>Runs <c>root.call(input)</c>; a failure inside it becomes a <see cref="ModuleForwardException"/> that
    /// names the innermost failing module (the original exception is its inner exception).</summary>
    /// <exception cref="ModuleForwardException">the forward failed.</exception>
    public static TResult CallNamed<T, TResult>(this torch.nn.Module<T, TResult> root, T input)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Tracked(root).Run((root, input), static s => s.root.call(s.input));
    }

    /// <summary>Runs <c>root.call(input1, input2)</c>, naming the failing module as
    /// <see cref="CallNamed{T, TResult}(torch.nn.Module{T, TResult}, T)"/> does.</summary>
    /// <exception cref="ModuleForwardException">the forward failed.</exception>
    public static TResult CallNamed<T1, T2, TResult>(this torch.nn.Module<T1, T2, TResult> root, T1 input1, T2 input2)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Tracked(root).Run((root, input1, input2), static s => s.root.call(s.input1, s.input2));
    }

    /// <summary>Runs <paramref name="body"/> (which calls <paramref name="root"/>'s modules with <c>call</c>, for a
    /// forward of another shape than <c>CallNamed</c>'s); a failure inside one of them names it. A failure outside
    /// every hooked module (in the body's own code) passes through unchanged.</summary>
    /// <exception cref="ModuleForwardException">a module's forward failed.</exception>
    public static TResult RunNamed<TResult>(this torch.nn.Module root, Func<TResult> body)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(body);
        return Tracked(root).Run(body, static b => b());
    }

    private static ModuleErrorNames Tracked(torch.nn.Module root) =>
        Names.TryGetValue(root, out var names) && names.IsAttached ? names : root.NameErrors();

    internal static void Forget(torch.nn.Module root, ModuleErrorNames names)
    {
        lock (Gate)
        {
            if (Names.TryGetValue(root, out var current) && ReferenceEquals(current, names)) Names.Remove(root);
        }
    }
}

/// <summary>The forward hooks that <see cref="ModuleErrors"/> put on one root module and its submodules. Dispose to
/// remove them (a later <c>CallNamed</c> hooks the model again).</summary>
public sealed class ModuleErrorNames : IDisposable
{
    private static readonly Dictionary<Type, (MethodInfo Pre, MethodInfo Post)?> HookMethods = [];

    private readonly torch.nn.Module root;
    private readonly Lock gate = new();
    private readonly Dictionary<torch.nn.Module, HookedModule> hooked = new(ReferenceEqualityComparer.Instance);
    private readonly List<object> removers = [];
    private bool disposed;

    internal ModuleErrorNames(torch.nn.Module root) => this.root = root;

    /// <summary>Number of modules hooked (the root and every submodule that has a forward; containers such as
    /// ModuleList have none).</summary>
    public int HookedModules
    {
        get { lock (gate) return removers.Count / 2; }
    }

    internal bool IsAttached => !Volatile.Read(ref disposed);

    /// <summary>Removes the hooks.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            foreach (var remover in removers) remover.GetType().GetMethod("remove", Type.EmptyTypes)!.Invoke(remover, null);
            removers.Clear();
            hooked.Clear();
        }
        ModuleErrors.Forget(root, this);
    }

    internal void Attach()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            Hook(root, "");
            foreach (var (name, module) in root.named_modules()) Hook(module, name);
        }
    }

    private void Hook(torch.nn.Module module, string path)
    {
        var node = new HookedModule(module, path);
        if (!hooked.TryAdd(module, node)) return;  // a module shared under two names keeps its first
        var methods = HookMethodsOf(module.GetType());
        if (methods is not var (pre, post)) return;
        removers.Add(pre.Invoke(module, [(Action<torch.nn.Module>)(_ => ForwardStack.Enter(this, node))])!);
        removers.Add(post.Invoke(module, [(Action<torch.nn.Module>)(_ => ForwardStack.Exit(this, node))])!);
    }

    /// <summary>TorchSharp's <c>register_forward_pre_hook(Action&lt;Module&gt;)</c> and
    /// <c>register_forward_hook(Action&lt;Module&gt;)</c> live on the generic <c>HookableModule&lt;TPre, TPost&gt;</c>
    /// (one per forward arity), so they are found by reflection, once per class.</summary>
    private static (MethodInfo Pre, MethodInfo Post)? HookMethodsOf(Type type)
    {
        lock (HookMethods)
        {
            if (HookMethods.TryGetValue(type, out var known)) return known;
            Type[] signature = [typeof(Action<torch.nn.Module>)];
            var pre = type.GetMethod("register_forward_pre_hook", signature);
            var post = type.GetMethod("register_forward_hook", signature);
            (MethodInfo, MethodInfo)? found = pre is not null && post is not null ? (pre, post) : null;
            HookMethods[type] = found;
            return found;
        }
    }

    internal TResult Run<TState, TResult>(TState state, Func<TState, TResult> body)
    {
        var mark = ForwardStack.Begin();
        try
        {
            return body(state);
        }
        catch (Exception e) when (e is not ModuleForwardException and not OperationCanceledException &&
                                  Describe(e, mark) is { } named)
        {
            throw named;
        }
        finally
        {
            ForwardStack.End(mark);
        }
    }

    /// <summary>The exception naming the innermost module of this root still on the thread's stack above
    /// <paramref name="mark"/>, or null when none is (the failure was outside the hooked modules).</summary>
    private ModuleForwardException? Describe(Exception e, int mark)
    {
        if (ForwardStack.Innermost(this, mark) is not { } node) return null;
        var (failed, failedPath, hint) = RefineFromStackTrace(e, node);
        return new ModuleForwardException(failedPath, TypeName(failed.GetType()), hint + LibTorchMessage(e), e);
    }

    /// <summary>A custom module may run a child with <c>forward</c> (no hooks): when the innermost <c>forward</c> on
    /// the .NET stack belongs to another class than the hooked module's, the child is that module's only submodule of
    /// that class that has never been run with <c>call</c> (those would be on the stack had they failed), if there is
    /// exactly one.</summary>
    private (torch.nn.Module Module, string Path, string Hint) RefineFromStackTrace(Exception e, HookedModule node)
    {
        var (module, path) = (node.Module, node.Path);
        var innermost = InnermostForwardClass(e);
        if (innermost is null || innermost.IsInstanceOfType(module)) return (module, path, "");
        List<(string name, torch.nn.Module module)> candidates;
        lock (gate)
        {
            candidates = [.. module.named_modules().Where(c => innermost.IsInstanceOfType(c.module) &&
                !(hooked.TryGetValue(c.module, out var h) && h.EnteredByCall))];
        }
        if (candidates.Count == 1)
        {
            var (name, child) = candidates[0];
            return (child, path.Length == 0 ? name : path + "." + name, "");
        }
        if (candidates.Count == 0) return (module, path, "");
        var names = string.Join(", ", candidates.Take(6).Select(c => c.name)) + (candidates.Count > 6 ? ", ..." : "");
        return (module, path, $"in one of its {TypeName(innermost)} submodules ({names}), run with forward() " +
            "rather than call() so not named exactly: ");
    }

    private static Type? InnermostForwardClass(Exception e)
    {
        foreach (var frame in new StackTrace(e, false).GetFrames())
        {
            var method = frame.GetMethod();
            if (method is { Name: "forward", DeclaringType: { } type } && typeof(torch.nn.Module).IsAssignableFrom(type))
                return type;
        }
        return null;
    }

    /// <summary>libtorch's message without the C++ backtrace that follows it ("Exception raised from ... frame #0").</summary>
    private static string LibTorchMessage(Exception e)
    {
        var text = e.Message;
        var cut = text.IndexOf("Exception raised from ", StringComparison.Ordinal);
        if (cut > 0) text = text[..cut];
        return text.Trim();
    }

    private static string TypeName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }
}

/// <summary>Per thread: the modules whose forward has begun and not returned, while a <c>CallNamed</c> runs.</summary>
internal static class ForwardStack
{
    [ThreadStatic] private static int active;
    [ThreadStatic] private static List<(ModuleErrorNames Names, HookedModule Node)>? frames;

    private static List<(ModuleErrorNames Names, HookedModule Node)> Frames => frames ??= [];

    /// <summary>Number of frames on this thread's stack (for tests: 0 between calls).</summary>
    internal static int Depth => frames?.Count ?? 0;

    internal static int Begin()
    {
        active++;
        return Frames.Count;
    }

    internal static void End(int mark)
    {
        var list = Frames;
        if (list.Count > mark) list.RemoveRange(mark, list.Count - mark);
        active--;
    }

    internal static void Enter(ModuleErrorNames names, HookedModule node)
    {
        if (active == 0) return;
        node.EnteredByCall = true;
        Frames.Add((names, node));
    }

    /// <summary>Pops down to and including the module's own frame (frames above it are left by failures that a
    /// forward caught itself).</summary>
    internal static void Exit(ModuleErrorNames names, HookedModule node)
    {
        if (active == 0 || frames is not { } list) return;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (!ReferenceEquals(list[i].Node, node) || !ReferenceEquals(list[i].Names, names)) continue;
            list.RemoveRange(i, list.Count - i);
            return;
        }
    }

    internal static HookedModule? Innermost(ModuleErrorNames names, int mark)
    {
        if (frames is not { } list) return null;
        for (var i = list.Count - 1; i >= mark; i--)
            if (ReferenceEquals(list[i].Names, names)) return list[i].Node;
        return null;
    }
}

/// <summary>A hooked module, its path below the root, and whether it has been run with <c>call</c> inside
/// <c>CallNamed</c> (set by its pre-hook).</summary>
internal sealed class HookedModule(torch.nn.Module module, string path)
{
    public torch.nn.Module Module { get; } = module;

    public string Path { get; } = path;

    public bool EnteredByCall { get; set; }
}
