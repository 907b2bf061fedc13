// Code-fix corpus: loops full of intrinsics, early exits, and the guards people get wrong.
using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Corpus;

public static class Loops
{
    public static int Sum(ReadOnlySpan<int> values)
    {
        ref int start = ref MemoryMarshal.GetReference(values);
        var acc = Vector256<int>.Zero;
        var max = Vector256<int>.Zero;
        int i = 0;
        for (; i <= values.Length - Vector256<int>.Count; i += Vector256<int>.Count)
        {
            var v = Vector256.LoadUnsafe(ref start, (nuint)i);
            acc = Avx2.Add(acc, v);
            max = Avx2.Max(max, v);
        }
        int tail = 0;
        for (; i < values.Length; i++)
            tail += values[i];
        return Vector256.Sum(acc) + tail + max.ToScalar();
    }

    public static unsafe int IndexOf(int* p, int length, int value)
    {
        var target = Vector128.Create(value);
        int i = 0;
        while (i <= length - 4 && Sse2.MoveMask(Sse2.CompareEqual(Sse2.LoadVector128(p + i), target).AsByte()) == 0)
            i += 4;
        for (; i < length; i++)
            if (p[i] == value) return i;
        return -1;
    }

    public static int CountMatches(ReadOnlySpan<byte> data, byte value)
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return Scalar(data, value);
        ref byte start = ref MemoryMarshal.GetReference(data);
        var target = Vector256.Create(value);
        int count = 0, i = 0;
        for (; i <= data.Length - 32; i += 32)
        {
            var eq = Avx2.CompareEqual(Vector256.LoadUnsafe(ref start, (nuint)i), target);
            count += System.Numerics.BitOperations.PopCount((uint)Avx2.MoveMask(eq));
        }
        return count + Scalar(data.Slice(i), value);
    }

    public static int CountWhenCpuSaysSo(ReadOnlySpan<byte> data, byte value)
    {
        if (!X86Base.IsSupported)
            return Scalar(data, value);
        var (_, ebx, _, _) = X86Base.CpuId(7, 0);
        bool hasAvx2 = (ebx & (1 << 5)) != 0;
        if (!hasAvx2)
            return Scalar(data, value);
        var target = Vector256.Create(value);
        var first = Vector256.Create(data.Slice(0, 32));
        return System.Numerics.BitOperations.PopCount((uint)Avx2.MoveMask(Avx2.CompareEqual(first, target)));
    }

    public static Vector128<int> Clamp(Vector128<int> v, Vector128<int> lo, Vector128<int> hi)
    {
        if (!Vector128.IsHardwareAccelerated)
            return Vector128.Max(lo, Vector128.Min(hi, v));
        return Sse41.Max(lo, Sse41.Min(hi, v));
    }

    public static int Switch(int mode, Vector256<int> a, Vector256<int> b)
    {
        switch (mode)
        {
            case 0:
                a = Avx2.Add(a, b);
                break;
            case 1:
                var d = Avx2.Subtract(a, b);
                a = d + d;
                break;
            default:
                return 0;
        }
        return a.ToScalar();
    }

    public static int WithLabel(Vector256<int> a, int n)
    {
        int i = 0;
    again:
        a = Avx2.Add(a, a);
        if (++i < n) goto again;
        using var scope = new Scope();
        return a.ToScalar() + scope.Value;
    }

    private sealed class Scope : IDisposable
    {
        public int Value => 1;

        public void Dispose() { }
    }

    private static int Scalar(ReadOnlySpan<byte> data, byte value)
    {
        int count = 0;
        foreach (var b in data)
            if (b == value) count++;
        return count;
    }
}
