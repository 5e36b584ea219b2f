using System.CommandLine;
using EarthEmbed.Notebooks.Kernel;
using EarthEmbed.Notebooks.Kernel.Protocol;
using EarthEmbed.Notebooks.Kernel.Zmq;

namespace EarthEmbed.Cli.Commands;

/// <summary><c>earthembed kernel install [--user] [--prefix DIR]</c>, <c>earthembed kernel uninstall [--user]
/// [--prefix DIR]</c> and the hidden <c>earthembed kernel start -f CONNECTION_FILE</c> that Jupyter runs (see
/// docs/kernel.md).</summary>
internal static class KernelCommand
{
    internal static Command Create()
    {
        var user = new Option<bool>("--user") { Description = "The user's Jupyter data folder (~/.local/share/jupyter) instead of /usr/local/share/jupyter." };
        var prefix = new Option<string?>("--prefix") { Description = "Install under DIR/share/jupyter (a virtual environment, a test folder)." };
        var install = new Command("install", $"Write the kernelspec '{KernelSpec.Name}' (\"{KernelSpec.DisplayName}\") so Jupyter and VS Code offer this kernel.")
        {
            user, prefix,
        };
        install.SetAction(parse => Install(parse.GetValue(user), parse.GetValue(prefix)));

        var uninstall = new Command("uninstall", $"Remove the kernelspec '{KernelSpec.Name}'.") { user, prefix };
        uninstall.SetAction(parse => Uninstall(parse.GetValue(user), parse.GetValue(prefix)));

        var file = new Option<string>("-f", "--connection-file") { Description = "The connection file Jupyter wrote.", Required = true };
        var start = new Command("start", "Run the kernel on a Jupyter connection file (Jupyter runs this).") { file };
        start.Hidden = true;
        start.SetAction(parse => Start(parse.GetValue(file)!));

        var notebooks = new Argument<string[]>("notebooks") { Description = "The .ipynb files to update.", Arity = ArgumentArity.OneOrMore };
        var metadata = new Command("metadata", $"Give notebooks the canonical metadata: kernelspec {KernelSpec.Name} plus the .NET Interactive fields (see docs/kernel.md).")
        {
            notebooks,
        };
        metadata.SetAction(parse => Metadata(parse.GetValue(notebooks)!));

        var command = new Command("kernel", "The C# Jupyter kernel: install it for JupyterLab and VS Code, or remove it.");
        command.Subcommands.Add(install);
        command.Subcommands.Add(uninstall);
        command.Subcommands.Add(metadata);
        command.Subcommands.Add(start);
        return command;
    }

    private static int Install(bool user, string? prefix)
    {
        var data = KernelSpec.DataDirectory(user, prefix);
        try
        {
            var folder = KernelSpec.Install(data, KernelSpec.DotnetHost(), typeof(KernelCommand).Assembly.Location);
            Console.WriteLine($"installed kernelspec {KernelSpec.Name} in {folder}");
            Console.WriteLine($"check with: jupyter kernelspec list (pick \"{KernelSpec.DisplayName}\" in JupyterLab or VS Code)");
            return 0;
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"kernel install: cannot write {data}: {e.Message}; run as root or use --user");
            return 1;
        }
        catch (FileNotFoundException e)
        {
            Console.Error.WriteLine($"kernel install: {e.Message}");
            return 1;
        }
    }

    private static int Uninstall(bool user, string? prefix)
    {
        var data = KernelSpec.DataDirectory(user, prefix);
        if (KernelSpec.Uninstall(data))
        {
            Console.WriteLine($"removed {Path.Combine(data, "kernels", KernelSpec.Name)}");
            return 0;
        }
        Console.Error.WriteLine($"kernel uninstall: no kernelspec {KernelSpec.Name} in {Path.Combine(data, "kernels")}");
        return 1;
    }

    private static int Metadata(string[] paths)
    {
        try
        {
            foreach (var path in paths) Console.WriteLine($"{path}: {(NotebookMetadata.ApplyToFile(path) ? "updated" : "already canonical")}");
            return 0;
        }
        catch (Notebooks.NotebookException e)
        {
            Console.Error.WriteLine($"kernel metadata: {e.Message}");
            return 2;
        }
    }

    private static int Start(string connectionFile)
    {
        try
        {
            return new JupyterKernel(ConnectionInfo.Load(connectionFile), Environment.CurrentDirectory).Run();
        }
        catch (Exception e) when (e is KernelException or ZmqException or DllNotFoundException)
        {
            Console.Error.WriteLine($"earthembed kernel: {e.Message}" + (e is DllNotFoundException ? " (install libzmq5: apt-get install libzmq5)" : string.Empty));
            return 2;
        }
    }
}
