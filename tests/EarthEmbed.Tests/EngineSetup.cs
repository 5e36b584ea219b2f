using System.Runtime.CompilerServices;
using EarthEmbed.Engine;

namespace EarthEmbed.Tests;

/// <summary>Loads TorchSharp with EarthEmbed's settings (threads, OpenMP's passive wait) before any test touches a
/// tensor: libtorch reads them once, when it starts.</summary>
internal static class EngineSetup
{
    [ModuleInitializer]
    internal static void Load() => TorchEngine.EnsureLoaded();
}
