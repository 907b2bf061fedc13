// Code-fix corpus: field and property initializers, constructors and constructor initializers.
using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Corpus;

public class Tables
{
    public static readonly Vector128<byte> ShuffleMask = Ssse3.Shuffle(Vector128<byte>.One, Vector128<byte>.Zero);

    private static readonly Vector256<int> Ramp = Avx2.Add(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256<int>.One);

    public static Vector128<int> Ones { get; } = Sse2.CompareEqual(Vector128<int>.Zero, Vector128<int>.Zero);

    private readonly Vector128<int> _seed = Sse2.Xor(Vector128.Create(0x5555), Vector128.Create(0x3333));

    private Vector256<int> _state;

    public Tables()
    {
        _state = Avx2.Add(Ramp, Ramp);
    }

    public Tables(int seed) : this()
    {
        if (seed > 0)
            _state = Avx2.Xor(_state, Vector256.Create(seed));
        else
            _state = Vector256<int>.Zero;
    }

    public int State => _state.ToScalar() + _seed.ToScalar();
}

public class Derived : Base
{
    public Derived(Vector128<int> v) : base(Sse2.Add(v, v))
    {
    }
}

public class Base
{
    public Base(Vector128<int> v) => Value = v;

    public Vector128<int> Value { get; }

    public virtual Vector128<int> Twice() => Sse2.Add(Value, Value);
}
