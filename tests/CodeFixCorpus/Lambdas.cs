// Code-fix corpus: lambdas, local functions and method groups.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Corpus;

public static class Lambdas
{
    public static Func<Vector256<int>, Vector256<int>, Vector256<int>> PickAdd() => (x, y) => Avx2.Add(x, y);

    public static Func<Vector128<int>, Vector128<int>> Negate = v => Sse2.Subtract(Vector128<int>.Zero, v);

    public static IEnumerable<Vector128<int>> Doubled(IEnumerable<Vector128<int>> source) =>
        source.Select(v => Sse2.Add(v, v));

    public static Action<Vector128<int>> Printer()
    {
        return v =>
        {
            var abs = Ssse3.Abs(v);
            Console.WriteLine(abs);
        };
    }

    public static Action<Vector128<int>> VoidLambda() => v => Console.WriteLine(Sse41.Max(v, v));

    public static Vector256<int> Apply(Vector256<int> a)
    {
        Func<Vector256<int>, Vector256<int>, Vector256<int>> xor = Avx2.Xor;
        a = xor(a, a);
        return Twice(a) + Helper(a);

        Vector256<int> Twice(Vector256<int> v)
        {
            var r = Avx2.Add(v, v);
            return r;
        }

        static Vector256<int> Helper(Vector256<int> v) => Avx2.Subtract(v, v);
    }

    public static int Sum(int[] values) => values.Aggregate(0, (acc, v) => acc + (int)Popcnt.PopCount((uint)v));
}
