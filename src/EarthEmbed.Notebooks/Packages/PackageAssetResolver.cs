using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace EarthEmbed.Notebooks.Packages;

/// <summary>Lets restored packages find their own assets at run time, which the runtime's probing (the assembly's
/// folder, the application's, the system's) misses because every package lies in its own folder:
/// <list type="bullet">
/// <item>native libraries, under runtimes/RID/native/ and often in another package than the assembly that calls
/// them (Microsoft.Data.Sqlite's SQLite is in SQLitePCLRaw.lib.e_sqlite3);</item>
/// <item>managed assemblies that a package loads by name through reflection rather than by a compiled reference
/// (Microsoft.Data.Sqlite loads SQLitePCLRaw.batteries_v2 so), which Roslyn never hears of.</item>
/// </list>
/// Every load context's <see cref="AssemblyLoadContext.Resolving"/> and <see cref="AssemblyLoadContext.ResolvingUnmanagedDll"/>
/// (raised only after the runtime's own probing failed) are answered from the assets registered by restores.</summary>
internal static class PackageAssetResolver
{
    private static readonly ConcurrentDictionary<string, string> Natives = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> Managed = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConditionalWeakTable<AssemblyLoadContext, object> Hooked = [];
    private static readonly object Gate = new();
    private static bool _installed;

    /// <summary>Makes <paramref name="assemblies"/> loadable by simple name and <paramref name="natives"/> by file name.</summary>
    internal static void Register(IEnumerable<string> assemblies, IEnumerable<string> natives)
    {
        foreach (var path in assemblies) Managed.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        foreach (var path in natives) Natives.TryAdd(Path.GetFileName(path), path);
        Install();
    }

    /// <summary>The registered path for a DllImport name such as "e_sqlite3", "libe_sqlite3.so" or "e_sqlite3.so".</summary>
    internal static string? FindNative(string name)
    {
        var file = Path.GetFileName(name);
        foreach (var candidate in new[] { file, $"lib{file}.so", $"{file}.so", $"lib{file}.dylib", $"{file}.dylib", $"{file}.dll" })
            if (Natives.TryGetValue(candidate, out var path)) return path;
        return null;
    }

    private static void Install()
    {
        lock (Gate)
        {
            if (_installed) return;
            // Roslyn loads each #r assembly into a load context of its own: hook every context, present and future.
            AppDomain.CurrentDomain.AssemblyLoad += (_, e) => Hook(AssemblyLoadContext.GetLoadContext(e.LoadedAssembly));
            foreach (var context in AssemblyLoadContext.All) Hook(context);
            _installed = true;
        }
    }

    private static void Hook(AssemblyLoadContext? context)
    {
        if (context is null) return;
        lock (Gate)
        {
            if (Hooked.TryGetValue(context, out _)) return;
            Hooked.Add(context, Gate);
        }
        context.ResolvingUnmanagedDll += ResolveNative;
        context.Resolving += ResolveManaged;
    }

    private static IntPtr ResolveNative(Assembly assembly, string name) =>
        FindNative(name) is { } path && NativeLibrary.TryLoad(path, out var handle) ? handle : IntPtr.Zero;

    private static Assembly? ResolveManaged(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name is null || !Managed.TryGetValue(name.Name, out var path)) return null;
        // One copy per process: an assembly of that name already loaded anywhere (by Roslyn, for a compiled
        // reference) is the answer; otherwise the requesting context loads the package's file.
        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => !a.IsDynamic && string.Equals(a.Location, path, StringComparison.Ordinal));
        return loaded ?? context.LoadFromAssemblyPath(path);
    }
}
