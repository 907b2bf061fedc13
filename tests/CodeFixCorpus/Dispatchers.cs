// Code-fix corpus: a dispatcher with one helper per instruction set, as vectorized libraries write it.
// Not compiled by any project; CodeFixCorpusTests applies every offered fix to every diagnostic here.
using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using CpuidAnalyzers;

namespace Corpus;

public static class Checksum
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 32 && Avx2.IsSupported)
            return ComputeAvx2(data);
        if (data.Length >= 16 && Avx.IsSupported)
            return ComputeSse41(data);   // the wrong check: Avx is not Sse41's only source, but it implies it
        if (AdvSimd.IsSupported)
            return ComputeAdvSimd(data);
        return ComputeScalar(data);
    }

    [RequiresIsa(typeof(Avx2))]
    private static uint ComputeAvx2(ReadOnlySpan<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        var acc = Vector256<uint>.Zero;
        int i = 0;
        for (; i <= data.Length - 32; i += 32)
        {
            var bytes = Vector256.LoadUnsafe(ref start, (nuint)i);
            var (lo, hi) = Vector256.Widen(bytes);
            acc = Avx2.Add(acc, Avx2.Add(Vector256.Widen(lo).Lower, Vector256.Widen(hi).Upper));
        }
        return Vector256.Sum(acc) + ComputeScalar(data.Slice(i));
    }

    [RequiresIsa(typeof(Sse41))]
    private static uint ComputeSse41(ReadOnlySpan<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        var acc = Vector128<uint>.Zero;
        int i = 0;
        for (; i <= data.Length - 16; i += 16)
        {
            var wide = Sse41.ConvertToVector128Int32(Vector128.LoadUnsafe(ref start, (nuint)i)).AsUInt32();
            acc = Sse2.Add(acc, wide);
        }
        return Vector128.Sum(acc) + ComputeScalar(data.Slice(i));
    }

    private static uint ComputeAdvSimd(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        foreach (var b in data)
            sum += b;
        return AdvSimd.Arm64.AddAcross(Vector128.Create(sum)).ToScalar();
    }

    private static uint ComputeScalar(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        foreach (var b in data)
            sum += b;
        return sum;
    }

    /// <summary>A second entry point that forgot the dispatcher.</summary>
    public static uint ComputeFirstBlock(ReadOnlySpan<byte> data)
    {
        var head = data.Slice(0, Math.Min(32, data.Length));
        uint value = ComputeAvx2(head);
        return value ^ 0xFFFFFFFFu;
    }

    /// <summary>Bit tricks that need more than one class.</summary>
    public static ulong Scatter(ulong value, ulong mask, Vector256<float> a)
    {
        if (Avx2.IsSupported)
        {
            var f = Fma.MultiplyAdd(a, a, a);
            return Bmi2.X64.ParallelBitDeposit(value, mask) + (ulong)Lzcnt.LeadingZeroCount((uint)f.ToScalar());
        }
        return value & mask;
    }

    public static int Popcount(ulong value)
    {
        if (Sse42.IsSupported)
            return (int)Popcnt.X64.PopCount(value);
        return System.Numerics.BitOperations.PopCount(value);
    }
}
