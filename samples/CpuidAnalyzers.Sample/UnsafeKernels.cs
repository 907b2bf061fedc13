using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CpuidAnalyzers.Sample;

/// <summary>
/// The "ignore CPUID" bug in each of its forms, on purpose: every method works on an AVX2 machine
/// and throws PlatformNotSupportedException on a CPU (or a VM CPU model such as qemu64) without
/// AVX2, or with DOTNET_EnableAVX2=0. Program runs them only with --unsafe. Each line below a
/// "CPUIDnnn:" comment gets exactly that one diagnostic; nothing else in this sample gets any.
/// The class is public API: its methods are analyzed on their own. (Were it internal, the analysis
/// would infer what each method needs and report the unguarded calls in Program.cs instead.)
/// </summary>
public static class UnsafeKernels
{
    public static int SumWithoutCheck(ReadOnlySpan<int> values)
    {
        ref int start = ref MemoryMarshal.GetReference(values);
        var acc = Vector256<int>.Zero;
        int i = 0;
        for (; i <= values.Length - Vector256<int>.Count; i += Vector256<int>.Count)
        {
            // CPUID001: no IsSupported check at all; "my machine has AVX2" is not a check.
            acc = Avx2.Add(acc, Vector256.LoadUnsafe(ref start, (nuint)i));
        }
        return Vector256.Sum(acc) + ScalarKernels.Sum(values.Slice(i));
    }

    public static int SumWithWrongCheck(ReadOnlySpan<int> values)
    {
        ref int start = ref MemoryMarshal.GetReference(values);
        var acc = Vector256<int>.Zero;
        int i = 0;
        if (Avx.IsSupported)
        {
            for (; i <= values.Length - Vector256<int>.Count; i += Vector256<int>.Count)
            {
                // CPUID002: the wrong check. Avx does not imply Avx2 (Sandy/Ivy Bridge, or DOTNET_EnableAVX2=0).
                acc = Avx2.Add(acc, Vector256.LoadUnsafe(ref start, (nuint)i));
            }
        }
        return Vector256.Sum(acc) + ScalarKernels.Sum(values.Slice(i));
    }

    // The kernels below add only the first element: each shows one more way to get the check wrong.
    public static int SumInTheFallback(ReadOnlySpan<int> values)
    {
        if (Avx2.IsSupported)
            return Vector256.Sum(Avx2.Add(Vector256<int>.Zero, Vector256.CreateScalar(values[0])));
        var acc = Vector256<int>.Zero;
        // CPUID003: an error: this branch runs only where Avx2 is NOT supported, so it always throws.
        acc = Avx2.Add(acc, Vector256.CreateScalar(values[0]));
        return Vector256.Sum(acc);
    }

    public static int SumOn64Bit(ReadOnlySpan<int> values)
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return values[0];
        // CPUID004: x86-64 is not a feature list: a qemu64 VM is X64 without AVX2.
        var acc = Avx2.Add(Vector256<int>.Zero, Vector256.CreateScalar(values[0]));
        return Vector256.Sum(acc);
    }

    public static int SumAfterCpuid(ReadOnlySpan<int> values)
    {
        if (!X86Base.IsSupported)
            return values[0];
        var (_, ebx, _, _) = X86Base.CpuId(7, 0);
        bool cpuHasAvx2 = (ebx & (1 << 5)) != 0;
        if (!cpuHasAvx2)
            return values[0];
        // CPUID005: the CPU may report AVX2 while the runtime has it off (DOTNET_EnableAVX2=0).
        var acc = Avx2.Add(Vector256<int>.Zero, Vector256.CreateScalar(values[0]));
        return Vector256.Sum(acc);
    }

    public static int SumByTrying(ReadOnlySpan<int> values)
    {
        try
        {
            // CPUID006: a NativeAOT app fails fast here; the catch below never runs.
            var acc = Avx2.Add(Vector256<int>.Zero, Vector256.CreateScalar(values[0]));
            return Vector256.Sum(acc);
        }
        catch (PlatformNotSupportedException)
        {
            return values[0];
        }
    }

    public static int SumWhenAccelerated(ReadOnlySpan<int> values)
    {
        if (!Vector128.IsHardwareAccelerated)
            return values[0];
        // CPUID007: Vector128 is accelerated with SSE2 alone; Sse41 may be missing (DOTNET_EnableSSE42=0).
        var max = Sse41.Max(Vector128<int>.Zero, Vector128.CreateScalar(values[0]));
        return Vector128.Sum(max);
    }
}
