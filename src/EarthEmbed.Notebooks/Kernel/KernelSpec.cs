using EarthEmbed.Geo;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EarthEmbed.Notebooks.Kernel;

/// <summary>The kernelspec that makes Jupyter (JupyterLab, Notebook, nbclient) and VS Code offer this kernel: a folder
/// <c>kernels/earthembed-csharp</c> in a Jupyter data directory holding kernel.json, whose argv starts the built
/// command line with <c>kernel start -f {connection_file}</c>.</summary>
public static class KernelSpec
{
    /// <summary>The kernelspec name notebooks refer to (metadata.kernelspec.name).</summary>
    public const string Name = "earthembed-csharp";

    /// <summary>The name shown in kernel pickers.</summary>
    public const string DisplayName = "C# (EarthEmbed)";

    /// <summary>metadata.kernelspec.language.</summary>
    public const string Language = "C#";

    /// <summary>The Jupyter data directory: <paramref name="prefix"/>/share/jupyter when given, else
    /// $XDG_DATA_HOME/jupyter or ~/.local/share/jupyter for the user, else /usr/local/share/jupyter (what
    /// <c>jupyter --paths</c> lists).</summary>
    public static string DataDirectory(bool user, string? prefix)
    {
        if (!string.IsNullOrEmpty(prefix)) return Path.Combine(Path.GetFullPath(prefix), "share", "jupyter");
        if (!user) return "/usr/local/share/jupyter";
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".local", "share") : xdg, "jupyter");
    }

    /// <summary>kernel.json's content for a kernel started as <c>dotnet CLI_DLL kernel start -f {connection_file}</c>.</summary>
    public static JsonObject Json(string dotnet, string cliDll) => new()
    {
        ["argv"] = new JsonArray(dotnet, cliDll, "kernel", "start", "-f", "{connection_file}"),
        ["display_name"] = DisplayName,
        ["language"] = Language,
        ["interrupt_mode"] = "message",
        ["env"] = new JsonObject(),
        ["metadata"] = new JsonObject
        {
            ["debugger"] = false,
            ["implementation"] = KernelRequests.Implementation,
            ["protocol_version"] = Protocol.JupyterMessage.ProtocolVersion,
        },
    };

    /// <summary>Writes <c>DATA/kernels/earthembed-csharp/kernel.json</c> (replacing an older one) and returns the folder.</summary>
    /// <exception cref="UnauthorizedAccessException">The data directory is not writable (system install without
    /// root: use --user).</exception>
    public static string Install(string dataDirectory, string dotnet, string cliDll)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        if (!File.Exists(cliDll)) throw new FileNotFoundException($"the command line to start the kernel with, {cliDll}, does not exist; build it first (./earthembed --help builds build/cli)", cliDll);
        var folder = Path.Combine(dataDirectory, "kernels", Name);
        Directory.CreateDirectory(folder);
        var json = Json(dotnet, Path.GetFullPath(cliDll)).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        AtomicFile.WriteAllText(Path.Combine(folder, "kernel.json"), json + "\n");
        return folder;
    }

    /// <summary>Removes the kernelspec folder; false when it was not there.</summary>
    public static bool Uninstall(string dataDirectory)
    {
        var folder = Path.Combine(dataDirectory, "kernels", Name);
        if (!Directory.Exists(folder)) return false;
        Directory.Delete(folder, recursive: true);
        return true;
    }

    /// <summary>The dotnet host running this process (absolute), for kernel.json's argv.</summary>
    public static string DotnetHost()
    {
        var host = Environment.ProcessPath;
        if (host != null && Path.GetFileNameWithoutExtension(host) == "dotnet") return host;
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet"))) return Path.Combine(root, "dotnet");
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "dotnet");
            if (File.Exists(candidate)) return candidate;
        }
        return "dotnet";
    }
}
