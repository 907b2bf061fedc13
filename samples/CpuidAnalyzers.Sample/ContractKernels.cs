using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using CpuidAnalyzers;

namespace CpuidAnalyzers.Sample;

/// <summary>
/// The dispatcher/helper pattern with ISA contracts: the dispatcher checks IsSupported once, and
/// each helper states what it requires with [RequiresIsa] instead of checking again. The helpers
/// use their ISA freely and every call to them is checked against the contract (CPUID008).
/// </summary>
public static class ContractKernels
{
    public static int Max(ReadOnlySpan<int> values)
    {
        if (values.Length < Vector256<int>.Count)
            return ScalarKernels.Max(values);
        if (Avx2.IsSupported)
            return MaxAvx2(values);
        if (Sse41.IsSupported)
            return MaxSse41(values);
        if (AdvSimd.Arm64.IsSupported)
            return MaxAdvSimd(values);
        return ScalarKernels.Max(values);
    }

    [RequiresIsa(typeof(Avx2))]
    private static int MaxAvx2(ReadOnlySpan<int> values)
    {
        ref int start = ref MemoryMarshal.GetReference(values);
        var best = Vector256.LoadUnsafe(ref start);
        int i = Vector256<int>.Count;
        for (; i <= values.Length - Vector256<int>.Count; i += Vector256<int>.Count)
            best = Avx2.Max(best, Vector256.LoadUnsafe(ref start, (nuint)i));
        // Avx2 implies Sse41: the 128-bit helper is callable here without another check.
        return Math.Max(MaxOfLanes(Sse41.Max(best.GetLower(), best.GetUpper())), ScalarKernels.Max(values.Slice(i)));
    }

    [RequiresIsa(typeof(Sse41))]
    private static int MaxSse41(ReadOnlySpan<int> values)
    {
        ref int start = ref MemoryMarshal.GetReference(values);
        var best = Vector128.LoadUnsafe(ref start);
        int i = Vector128<int>.Count;
        for (; i <= values.Length - Vector128<int>.Count; i += Vector128<int>.Count)
            best = Sse41.Max(best, Vector128.LoadUnsafe(ref start, (nuint)i));
        return Math.Max(MaxOfLanes(best), ScalarKernels.Max(values.Slice(i)));
    }

    [RequiresIsa(typeof(AdvSimd.Arm64))]
    private static int MaxAdvSimd(ReadOnlySpan<int> values)
    {
        ref int start = ref MemoryMarshal.GetReference(values);
        var best = Vector128.LoadUnsafe(ref start);
        int i = Vector128<int>.Count;
        for (; i <= values.Length - Vector128<int>.Count; i += Vector128<int>.Count)
            best = AdvSimd.Max(best, Vector128.LoadUnsafe(ref start, (nuint)i));
        return Math.Max(AdvSimd.Arm64.MaxAcross(best).ToScalar(), ScalarKernels.Max(values.Slice(i)));
    }

    [RequiresIsa(typeof(Sse41))]
    private static int MaxOfLanes(Vector128<int> v)
    {
        v = Sse41.Max(v, Sse2.Shuffle(v, 0b_01_00_11_10));
        v = Sse41.Max(v, Sse2.Shuffle(v, 0b_10_11_00_01));
        return v.ToScalar();
    }

    /// <summary>A caller that forgot the dispatcher.</summary>
    public static int MaxOfFirstLanes(ReadOnlySpan<int> values)
    {
        // CPUID008: MaxOfLanes requires Sse41 by its contract; nothing here checks it.
        return MaxOfLanes(Vector128.Create(values[0], values[1], values[2], values[3]));
    }
}
