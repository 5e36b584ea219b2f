using EarthEmbed.Torch;
using EarthEmbed.Torch.Nn;

namespace EarthEmbed.Benchmarks.EngineBench;

/// <summary>Memory-format conversion of a whole model, like PyTorch's <c>model.to(memory_format=...)</c>.</summary>
public static class MemoryLayout
{
    /// <summary>Re-lays every 4-D parameter and buffer of <paramref name="module"/> out channels-last (NHWC in
    /// memory), keeping the tensors' identities (<c>param.data = param.contiguous(channels_last)</c>), so oneDNN
    /// convolutions can skip layout reorders when the input is channels-last too.</summary>
    public static void ToChannelsLast(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach (var t in module.Parameters().Concat(module.NamedBuffers().Select(b => b.Buffer)))
        {
            if (t.Dim != 4) continue;
            using var relaid = t.Contiguous(Tensor.MemoryFormat.ChannelsLast);
            t.SetData(relaid);
        }
    }
}
