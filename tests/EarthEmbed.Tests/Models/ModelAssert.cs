using System.Text.Json;
using static TorchSharp.torch;

namespace EarthEmbed.Tests.Models;

/// <summary>Shared checks of the model tests.</summary>
internal static class ModelAssert
{
    /// <summary>The module's state dict has exactly the keys and shapes of PyTorch's (the fixture's "keys" JSON),
    /// optionally ignoring keys that start with <paramref name="ignorePrefix"/>.</summary>
    public static void SameKeysAndShapes(string keysJson, nn.Module module, string? ignorePrefix = null)
    {
        var expected = JsonSerializer.Deserialize<Dictionary<string, long[]>>(keysJson)!;
        var own = module.state_dict()
            .Where(kv => ignorePrefix is null || !kv.Key.StartsWith(ignorePrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value.shape, StringComparer.Ordinal);
        var missing = expected.Keys.Except(own.Keys).ToList();
        var extra = own.Keys.Except(expected.Keys).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"state dict keys differ from PyTorch's: missing [{string.Join(", ", missing.Take(10))}], extra [{string.Join(", ", extra.Take(10))}]");
        foreach (var (key, shape) in expected)
            Assert.True(shape.SequenceEqual(own[key]), $"{key}: shape [{string.Join(", ", own[key])}], PyTorch has [{string.Join(", ", shape)}]");
    }

    /// <summary>The number of parameter elements (PyTorch's sum(p.numel() for p in m.parameters())).</summary>
    public static long ParameterCount(this nn.Module module) => module.parameters().Sum(p => p.numel());
}
