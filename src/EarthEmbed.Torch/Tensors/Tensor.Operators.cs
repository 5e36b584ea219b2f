using EarthEmbed.Torch.Native;

namespace EarthEmbed.Torch;

// C# operators, with Python's meanings: + - * / % on tensors and scalars (true division; % is Python's remainder),
// comparisons &lt; &lt;= &gt; &gt;= giving bool tensors, and &amp; | ^ ~ as bitwise (logical on bool tensors).
// == and != are not overloaded: they keep reference equality; use Eq/Ne for element-wise comparison.
public sealed partial class Tensor
{
    private static readonly Op BitAndT = new("aten::bitwise_and.Tensor"), BitOrT = new("aten::bitwise_or.Tensor");
    private static readonly Op BitXorT = new("aten::bitwise_xor.Tensor"), BitNotOp = new("aten::bitwise_not");

    /// <summary>Element-wise sum.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => AddT.Tensor(a, b);
    /// <summary>Adds a scalar (promotes an integer tensor to float).</summary>
    public static Tensor operator +(Tensor a, double b) => AddS.Tensor(a, b);
    /// <summary>Adds a scalar.</summary>
    public static Tensor operator +(double a, Tensor b) => AddS.Tensor(b, a);
    /// <summary>Adds an integer (an integer tensor stays integer).</summary>
    public static Tensor operator +(Tensor a, long b) => AddS.Tensor(a, b);
    /// <summary>Adds an integer.</summary>
    public static Tensor operator +(long a, Tensor b) => AddS.Tensor(b, a);
    /// <summary>Element-wise difference.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => SubT.Tensor(a, b);
    /// <summary>Subtracts a scalar.</summary>
    public static Tensor operator -(Tensor a, double b) => SubS.Tensor(a, b);
    /// <summary>A scalar minus a tensor (torch.rsub).</summary>
    public static Tensor operator -(double a, Tensor b) => RsubS.Tensor(b, a);
    /// <summary>Subtracts an integer.</summary>
    public static Tensor operator -(Tensor a, long b) => SubS.Tensor(a, b);
    /// <summary>An integer minus a tensor.</summary>
    public static Tensor operator -(long a, Tensor b) => RsubS.Tensor(b, a);
    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => NegOp.Tensor(a);
    /// <summary>Element-wise product.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => MulT.Tensor(a, b);
    /// <summary>Scales by a scalar.</summary>
    public static Tensor operator *(Tensor a, double b) => MulS.Tensor(a, b);
    /// <summary>Scales by a scalar.</summary>
    public static Tensor operator *(double a, Tensor b) => MulS.Tensor(b, a);
    /// <summary>Scales by an integer.</summary>
    public static Tensor operator *(Tensor a, long b) => MulS.Tensor(a, b);
    /// <summary>Scales by an integer.</summary>
    public static Tensor operator *(long a, Tensor b) => MulS.Tensor(b, a);
    /// <summary>Element-wise true division.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => DivT.Tensor(a, b);
    /// <summary>Divides by a scalar.</summary>
    public static Tensor operator /(Tensor a, double b) => DivS.Tensor(a, b);
    /// <summary>A scalar divided by a tensor: reciprocal(b) * a, as PyTorch computes it.</summary>
    public static Tensor operator /(double a, Tensor b)
    {
        using var r = ReciprocalOp.Tensor(b);
        return MulS.Tensor(r, a);
    }
    /// <summary>Python's remainder (sign of the divisor).</summary>
    public static Tensor operator %(Tensor a, Tensor b) => RemainderT.Tensor(a, b);
    /// <summary>Python's remainder by a scalar.</summary>
    public static Tensor operator %(Tensor a, double b) => RemainderS.Tensor(a, b);
    /// <summary>Python's remainder by an integer (an integer tensor stays integer).</summary>
    public static Tensor operator %(Tensor a, long b) => RemainderS.Tensor(a, b);

    /// <summary>Element-wise a &lt; b.</summary>
    public static Tensor operator <(Tensor a, Tensor b) => LtT.Tensor(a, b);
    /// <summary>Element-wise a &gt; b.</summary>
    public static Tensor operator >(Tensor a, Tensor b) => GtT.Tensor(a, b);
    /// <summary>Element-wise a &lt;= b.</summary>
    public static Tensor operator <=(Tensor a, Tensor b) => LeT.Tensor(a, b);
    /// <summary>Element-wise a &gt;= b.</summary>
    public static Tensor operator >=(Tensor a, Tensor b) => GeT.Tensor(a, b);
    /// <summary>Element-wise a &lt; b.</summary>
    public static Tensor operator <(Tensor a, double b) => LtS.Tensor(a, b);
    /// <summary>Element-wise a &gt; b.</summary>
    public static Tensor operator >(Tensor a, double b) => GtS.Tensor(a, b);
    /// <summary>Element-wise a &lt;= b.</summary>
    public static Tensor operator <=(Tensor a, double b) => LeS.Tensor(a, b);
    /// <summary>Element-wise a &gt;= b.</summary>
    public static Tensor operator >=(Tensor a, double b) => GeS.Tensor(a, b);
    /// <summary>Element-wise a &lt; b.</summary>
    public static Tensor operator <(double a, Tensor b) => GtS.Tensor(b, a);
    /// <summary>Element-wise a &gt; b.</summary>
    public static Tensor operator >(double a, Tensor b) => LtS.Tensor(b, a);
    /// <summary>Element-wise a &lt;= b.</summary>
    public static Tensor operator <=(double a, Tensor b) => GeS.Tensor(b, a);
    /// <summary>Element-wise a &gt;= b.</summary>
    public static Tensor operator >=(double a, Tensor b) => LeS.Tensor(b, a);

    /// <summary>Bitwise and (logical and for bool tensors).</summary>
    public static Tensor operator &(Tensor a, Tensor b) => BitAndT.Tensor(a, b);
    /// <summary>Bitwise or (logical or for bool tensors).</summary>
    public static Tensor operator |(Tensor a, Tensor b) => BitOrT.Tensor(a, b);
    /// <summary>Bitwise exclusive or (logical xor for bool tensors).</summary>
    public static Tensor operator ^(Tensor a, Tensor b) => BitXorT.Tensor(a, b);
    /// <summary>Bitwise not (logical not for bool tensors).</summary>
    public static Tensor operator ~(Tensor a) => BitNotOp.Tensor(a);

    /// <summary>Bitwise and, the named form of &amp;.</summary>
    public Tensor BitwiseAnd(Tensor other) => BitAndT.Tensor(this, other);
    /// <summary>Bitwise or, the named form of |.</summary>
    public Tensor BitwiseOr(Tensor other) => BitOrT.Tensor(this, other);
    /// <summary>Bitwise exclusive or, the named form of ^.</summary>
    public Tensor BitwiseXor(Tensor other) => BitXorT.Tensor(this, other);
    /// <summary>Bitwise not, the named form of ~.</summary>
    public Tensor BitwiseNot() => BitNotOp.Tensor(this);
}
