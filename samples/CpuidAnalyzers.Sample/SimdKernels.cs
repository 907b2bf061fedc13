using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace CpuidAnalyzers.Sample;

/// <summary>
/// Correctly guarded SIMD kernels: every hardware-intrinsic call is reachable only where its
/// IsSupported (or that of a class implying it) is known to be true. CPUID001 reports nothing here.
/// </summary>
internal static class SimdKernels
{
    /// <summary>Which path <see cref="Sum"/> takes on this machine.</summary>
    public static string SumPath =>
        Avx2.IsSupported ? "Avx2" : Sse2.IsSupported ? "Sse2" : AdvSimd.IsSupported ? "AdvSimd" : "scalar";

    /// <summary>The classic dispatcher: one branch per instruction set, best first, scalar last.</summary>
    public static int Sum(ReadOnlySpan<int> values)
    {
        ref int start = ref MemoryMarshal.GetReference(values);
        int i = 0;
        int sum;

        if (Avx2.IsSupported)
        {
            var acc = Vector256<int>.Zero;
            for (; i <= values.Length - Vector256<int>.Count; i += Vector256<int>.Count)
                acc = Avx2.Add(acc, Vector256.LoadUnsafe(ref start, (nuint)i));
            sum = Vector256.Sum(acc);
        }
        else if (Sse2.IsSupported)
        {
            var acc = Vector128<int>.Zero;
            for (; i <= values.Length - Vector128<int>.Count; i += Vector128<int>.Count)
                acc = Sse2.Add(acc, Vector128.LoadUnsafe(ref start, (nuint)i));
            sum = Vector128.Sum(acc);
        }
        else if (AdvSimd.IsSupported)
        {
            var acc = Vector128<int>.Zero;
            for (; i <= values.Length - Vector128<int>.Count; i += Vector128<int>.Count)
                acc = AdvSimd.Add(acc, Vector128.LoadUnsafe(ref start, (nuint)i));
            sum = Vector128.Sum(acc);
        }
        else
        {
            return ScalarKernels.Sum(values);
        }

        // The tail that does not fill a whole vector.
        return sum + ScalarKernels.Sum(values.Slice(i));
    }

    /// <summary>An early-return guard: past the first line, Avx2 is known to be supported.</summary>
    public static int SumOfSquares(ReadOnlySpan<int> values)
    {
        if (!Avx2.IsSupported)
            return ScalarKernels.SumOfSquares(values);

        ref int start = ref MemoryMarshal.GetReference(values);
        var acc = Vector256<int>.Zero;
        int i = 0;
        for (; i <= values.Length - Vector256<int>.Count; i += Vector256<int>.Count)
        {
            var v = Vector256.LoadUnsafe(ref start, (nuint)i);
            acc = Avx2.Add(acc, Avx2.MultiplyLow(v, v));
        }
        return Vector256.Sum(acc) + ScalarKernels.SumOfSquares(values.Slice(i));
    }

    /// <summary>
    /// A bool local that caches an IsSupported expression: the analyzer remembers what it stands
    /// for. Inside, Fma is checked on its own, since Avx (or even Avx2) does not imply Fma.
    /// </summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length)
            throw new ArgumentException("The vectors must have the same length.", nameof(y));

        bool vectorize = Avx.IsSupported && x.Length >= Vector256<float>.Count;
        if (!vectorize)
            return ScalarKernels.Dot(x, y);

        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        var acc = Vector256<float>.Zero;
        int i = 0;
        for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var a = Vector256.LoadUnsafe(ref xs, (nuint)i);
            var b = Vector256.LoadUnsafe(ref ys, (nuint)i);
            acc = Fma.IsSupported ? Fma.MultiplyAdd(a, b, acc) : Avx.Add(acc, Avx.Multiply(a, b));
        }
        return Vector256.Sum(acc) + ScalarKernels.Dot(x.Slice(i), y.Slice(i));
    }

    /// <summary>
    /// A dispatcher with a private helper and no annotation: the analysis infers that MinSse41 needs
    /// Sse41 (from its body) and checks the one call to it instead of the helper's own calls.
    /// </summary>
    public static int Min(ReadOnlySpan<int> values) =>
        Sse41.IsSupported && values.Length >= Vector128<int>.Count ? MinSse41(values) : ScalarKernels.Min(values);

    private static int MinSse41(ReadOnlySpan<int> values)
    {
        ref int start = ref MemoryMarshal.GetReference(values);
        var best = Vector128.LoadUnsafe(ref start);
        int i = Vector128<int>.Count;
        for (; i <= values.Length - Vector128<int>.Count; i += Vector128<int>.Count)
            best = Sse41.Min(best, Vector128.LoadUnsafe(ref start, (nuint)i));
        int min = Math.Min(Math.Min(best[0], best[1]), Math.Min(best[2], best[3]));
        return Math.Min(min, ScalarKernels.Min(values.Slice(i)));
    }
}
