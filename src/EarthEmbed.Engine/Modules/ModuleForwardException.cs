namespace EarthEmbed.Engine.Modules;

/// <summary>A module's forward failed (a shape mismatch, a wrong dtype, out of memory, ...): the message is
/// "module 'encoder.layer2.0.conv1' (Conv2d): &lt;libtorch's message&gt;" and names the innermost module whose forward
/// was running; the original exception (TorchSharp's <see cref="System.Runtime.InteropServices.ExternalException"/>
/// with libtorch's full text, or whatever the forward threw) is the inner exception. Thrown by
/// <see cref="ModuleErrors.CallNamed{T, TResult}(TorchSharp.torch.nn.Module{T, TResult}, T)"/> and its siblings.</summary>
public sealed class ModuleForwardException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModuleForwardException() { }

    /// <summary>Creates the exception with a message.</summary>
    public ModuleForwardException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the original failure.</summary>
    public ModuleForwardException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for the module at <paramref name="modulePath"/>.</summary>
    /// <param name="modulePath">The module's name in the root's <c>named_modules()</c> ("encoder.layer2.0.conv1"),
    /// "" for the root itself.</param>
    /// <param name="moduleType">The module's class name ("Conv2d").</param>
    /// <param name="detail">What failed, usually libtorch's message without its C++ backtrace.</param>
    /// <param name="innerException">The original failure.</param>
    public ModuleForwardException(string modulePath, string moduleType, string detail, Exception innerException)
        : base(Describe(modulePath, moduleType, detail), innerException)
    {
        ModulePath = modulePath;
        ModuleType = moduleType;
        Detail = detail;
    }

    /// <summary>The failing module's name below the root as <c>named_modules()</c> spells it ("encoder.layer2.0.conv1");
    /// "" when the root's own forward failed outside any submodule.</summary>
    public string ModulePath { get; } = "";

    /// <summary>The failing module's class name ("Conv2d", "Sequential", the custom class's name).</summary>
    public string ModuleType { get; } = "";

    /// <summary>What failed, without the module's name: libtorch's message (its C++ backtrace left out; the inner
    /// exception keeps the full text).</summary>
    public string Detail { get; } = "";

    private static string Describe(string path, string type, string detail) =>
        path.Length == 0 ? $"root module ({type}): {detail}" : $"module '{path}' ({type}): {detail}";
}
