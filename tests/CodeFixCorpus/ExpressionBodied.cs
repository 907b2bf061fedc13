// Code-fix corpus: expression-bodied members of every kind.
using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Threading.Tasks;

namespace Corpus;

public struct Vec4
{
    private Vector128<float> _v;

    public Vec4(Vector128<float> v) => _v = v;

    public float Length => MathF.Sqrt(Sse41.DotProduct(_v, _v, 0xF1).ToScalar());

    public Vec4 Normalized => new(Sse.Divide(_v, Vector128.Create(Length)));

    public float this[int i] => Sse41.Extract(_v, (byte)(i & 3));

    public Vector128<float> Raw
    {
        get => _v;
        set => _v = Sse.Max(value, Vector128<float>.Zero);
    }

    public static Vec4 operator +(Vec4 a, Vec4 b) => new(Sse.Add(a._v, b._v));

    public static implicit operator Vector128<float>(Vec4 v) => Sse.Multiply(v._v, Vector128<float>.One);

    public unsafe void Store(float* p) => Sse.Store(p, _v);

    public readonly Vec4 Scaled(float f) => new(Sse.Multiply(_v, Vector128.Create(f)));

    public static async Task<Vec4> LoadLaterAsync(Vector128<float> v) => await Task.FromResult(new Vec4(Sse.Sqrt(v)));

    public static async Task PrintAsync(Vector128<float> v) => await Console.Out.WriteLineAsync(Sse.Sqrt(v).ToString());

    public int Blend(Vector128<int> a, Vector128<int> b)
    {
        return Local(a) + Local(b);

        static int Local(Vector128<int> v) => Ssse3.Abs(v).AsInt32().ToScalar();
    }

    public override string ToString() => Sse.Shuffle(_v, _v, 0x1B).ToString();
}
