using EarthEmbed.Torch.Nn;
using F = EarthEmbed.Torch.Functional;

namespace EarthEmbed.Torch.Tests.Nn;

/// <summary>The examples of docs/nn.md compile and behave as the text says.</summary>
public class DocsExampleTests
{
    private sealed class Block : Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1, conv2;
        private readonly BatchNorm2d bn1, bn2;

        public Block(long channels)
        {
            conv1 = RegisterModule("conv1", new Conv2d(channels, channels, 3, padding: 1, bias: false));
            bn1 = RegisterModule("bn1", new BatchNorm2d(channels));
            conv2 = RegisterModule("conv2", new Conv2d(channels, channels, 3, padding: 1, bias: false));
            bn2 = RegisterModule("bn2", new BatchNorm2d(channels));
        }

        public override Tensor Forward(Tensor x)
        {
            using var scope = DisposeScope.Enter();
            var y = F.Relu(bn1.Forward(conv1.Forward(x)));
            y = bn2.Forward(conv2.Forward(y));
            return scope.Keep(F.Relu(y + x));
        }
    }

    [Fact]
    public void The_residual_block_of_the_docs_has_PyTorch_style_keys_and_leaves_one_tensor_in_scope()
    {
        using var block = new Block(4);
        Assert.Equal(12, block.StateDict().Count);
        Assert.Contains("bn2.num_batches_tracked", block.StateDict().Keys);
        using var scope = DisposeScope.Enter();
        var x = Tensor.Randn([2, 4, 8, 8]);
        var before = scope.Count;
        var y = block.Forward(x);
        Assert.Equal(before + 1, scope.Count);
        Assert.Equal(x.Shape, y.Shape);
    }

    [Fact]
    public void The_sequential_and_sequence_examples_of_the_docs_run()
    {
        using var scope = DisposeScope.Enter();
        using var net = new Sequential(
            new Conv2d(4, 32, 3, padding: 1), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
            new Flatten(), new Linear(32 * 16 * 16, 10));
        Assert.Equal(new long[] { 2, 10 }, net.Forward(Tensor.Randn([2, 4, 32, 32])).Shape);

        var x = Tensor.Randn([2, 5, 64]);
        var padding = Tensor.Arange(5).Unsqueeze(0).Ge(Tensor.FromArray(new long[] { 5, 3 }).Unsqueeze(1));
        using var encoder = new TransformerEncoder(
            new TransformerEncoderLayer(64, 4, dimFeedforward: 256, dropout: 0.1, activation: "gelu",
                batchFirst: true, normFirst: true), numLayers: 6, norm: new LayerNorm(64));
        Assert.Equal(x.Shape, encoder.Forward(x, mask: null, srcKeyPaddingMask: padding).Shape);
        using var lstm = new LSTM(inputSize: 64, hiddenSize: 16, numLayers: 2, batchFirst: true, dropout: 0.1);
        var (output, (h, _)) = lstm.Forward(x);
        Assert.Equal(new long[] { 2, 5, 16 }, output.Shape);
        Assert.Equal(new long[] { 2, 2, 16 }, h.Shape);
    }
}
