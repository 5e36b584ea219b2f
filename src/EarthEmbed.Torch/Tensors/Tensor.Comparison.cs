using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

// Comparisons and logic: bool tensors out.
public sealed partial class Tensor
{
    private static readonly Op EqT = new("aten::eq.Tensor"), EqS = new("aten::eq.Scalar");
    private static readonly Op NeT = new("aten::ne.Tensor"), NeS = new("aten::ne.Scalar");
    private static readonly Op LtT = new("aten::lt.Tensor"), LtS = new("aten::lt.Scalar");
    private static readonly Op LeT = new("aten::le.Tensor"), LeS = new("aten::le.Scalar");
    private static readonly Op GtT = new("aten::gt.Tensor"), GtS = new("aten::gt.Scalar");
    private static readonly Op GeT = new("aten::ge.Tensor"), GeS = new("aten::ge.Scalar");
    private static readonly Op IsNanOp = new("aten::isnan"), IsFiniteOp = new("aten::isfinite");
    private static readonly Op NotOp = new("aten::logical_not"), AndOp = new("aten::logical_and"), OrOp = new("aten::logical_or");
    private static readonly Op EqualOp = new("aten::equal"), AllCloseOp = new("aten::allclose");

    /// <summary>this == other.</summary>
    public Tensor Eq(Tensor other) => EqT.Tensor(this, other);
    /// <summary>this == value.</summary>
    public Tensor Eq(double value) => EqS.Tensor(this, value);
    /// <summary>this != other.</summary>
    public Tensor Ne(Tensor other) => NeT.Tensor(this, other);
    /// <summary>this != value.</summary>
    public Tensor Ne(double value) => NeS.Tensor(this, value);
    /// <summary>this &lt; other.</summary>
    public Tensor Lt(Tensor other) => LtT.Tensor(this, other);
    /// <summary>this &lt; value.</summary>
    public Tensor Lt(double value) => LtS.Tensor(this, value);
    /// <summary>this &lt;= other.</summary>
    public Tensor Le(Tensor other) => LeT.Tensor(this, other);
    /// <summary>this &lt;= value.</summary>
    public Tensor Le(double value) => LeS.Tensor(this, value);
    /// <summary>this &gt; other.</summary>
    public Tensor Gt(Tensor other) => GtT.Tensor(this, other);
    /// <summary>this &gt; value.</summary>
    public Tensor Gt(double value) => GtS.Tensor(this, value);
    /// <summary>this &gt;= other.</summary>
    public Tensor Ge(Tensor other) => GeT.Tensor(this, other);
    /// <summary>this &gt;= value.</summary>
    public Tensor Ge(double value) => GeS.Tensor(this, value);
    /// <summary>True where the value is NaN.</summary>
    public Tensor IsNan() => IsNanOp.Tensor(this);
    /// <summary>True where the value is neither NaN nor infinite.</summary>
    public Tensor IsFinite() => IsFiniteOp.Tensor(this);
    /// <summary>Logical not.</summary>
    public Tensor LogicalNot() => NotOp.Tensor(this);
    /// <summary>Logical and.</summary>
    public Tensor LogicalAnd(Tensor other) => AndOp.Tensor(this, other);
    /// <summary>Logical or.</summary>
    public Tensor LogicalOr(Tensor other) => OrOp.Tensor(this, other);
    /// <summary>True when shapes and every value are equal.</summary>
    public bool Equal(Tensor other) => EqualOp.Number(this, other) != 0;
    /// <summary>True when |this - other| &lt;= atol + rtol * |other| everywhere.</summary>
    public bool AllClose(Tensor other, double rtol = 1e-5, double atol = 1e-8, bool equalNan = false) =>
        AllCloseOp.Number(this, other, rtol, atol, equalNan) != 0;
}
