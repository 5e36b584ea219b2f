using EarthEmbed.Engine.Ops;
using TorchSharp;

namespace EarthEmbed.Engine.Tests;

public class CheckedOpsTests
{
    [Fact]
    public void Matmul_of_shapes_that_do_not_fit_throws_a_dotnet_exception_naming_both_shapes_instead_of_aborting()
    {
        TorchEngine.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => CheckedOps.matmul(torch.randn(3, 4), torch.randn(5, 6)));
        Assert.Contains("[3, 4] and [5, 6]", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => CheckedOps.matmul(torch.randn(2, 3, 4), torch.randn(5, 4, 6)));
        Assert.Contains("do not broadcast (2 against 5)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CheckedOps.matmul(torch.randn(3, 4), torch.randn(3)));
    }

    [Theory]
    [InlineData(new long[] { 3, 4 }, new long[] { 4, 5 }, new long[] { 3, 5 })]
    [InlineData(new long[] { 4 }, new long[] { 4 }, new long[] { })]
    [InlineData(new long[] { 4 }, new long[] { 4, 5 }, new long[] { 5 })]
    [InlineData(new long[] { 3, 4 }, new long[] { 4 }, new long[] { 3 })]
    [InlineData(new long[] { 2, 1, 3, 4 }, new long[] { 7, 4, 5 }, new long[] { 2, 7, 3, 5 })]
    [InlineData(new long[] { 6, 3, 4 }, new long[] { 4, 5 }, new long[] { 6, 3, 5 })]
    public void Matmul_of_shapes_that_fit_equals_torch_matmul(long[] a, long[] b, long[] expected)
    {
        TorchEngine.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(a);
        var y = torch.randn(b);
        var z = CheckedOps.matmul(x, y);
        Assert.Equal(expected, z.shape);
        Assert.True(z.allclose(torch.matmul(x, y)));
    }
}
