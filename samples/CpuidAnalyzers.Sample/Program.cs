using System.Runtime.Intrinsics.X86;
using CpuidAnalyzers.Sample;

// Sums and a dot product through SIMD kernels guarded the right way (SimdKernels) and, with
// --unsafe, through kernels that skip or get the check wrong (UnsafeKernels): on a CPU
// without AVX2 those throw PlatformNotSupportedException. Try: DOTNET_EnableAVX2=0 dotnet run -- --unsafe
bool runUnsafe = args.Contains("--unsafe");

int[] values = Enumerable.Range(1, 1_003).ToArray();
float[] x = Enumerable.Range(0, 1_003).Select(n => (n % 7) * 0.5f).ToArray();
float[] y = Enumerable.Range(0, 1_003).Select(n => (n % 5) * 0.25f).ToArray();

Console.WriteLine($"Avx2: {Avx2.IsSupported}, Avx: {Avx.IsSupported}, Fma: {Fma.IsSupported}, Sse2: {Sse2.IsSupported}; Sum path: {SimdKernels.SumPath}");

int failures = 0;
Check("Sum", SimdKernels.Sum(values), ScalarKernels.Sum(values));
Check("SumOfSquares", SimdKernels.SumOfSquares(values), ScalarKernels.SumOfSquares(values));
CheckClose("Dot", SimdKernels.Dot(x, y), ScalarKernels.Dot(x, y));
Check("Max", ContractKernels.Max(values), ScalarKernels.Max(values));
Check("Min", SimdKernels.Min(values), ScalarKernels.Min(values));

if (runUnsafe)
{
    Console.WriteLine("--unsafe: running the kernels the CPUID rules warn about");
    TryUnsafe("SumWithoutCheck", () => UnsafeKernels.SumWithoutCheck(values));
    TryUnsafe("SumWithWrongCheck", () => UnsafeKernels.SumWithWrongCheck(values));
    TryUnsafe("SumInTheFallback", () => UnsafeKernels.SumInTheFallback(values), expected: values[0]);
    TryUnsafe("SumOn64Bit", () => UnsafeKernels.SumOn64Bit(values), expected: values[0]);
    TryUnsafe("SumAfterCpuid", () => UnsafeKernels.SumAfterCpuid(values), expected: values[0]);
    TryUnsafe("SumByTrying", () => UnsafeKernels.SumByTrying(values), expected: values[0]);
    TryUnsafe("SumWhenAccelerated", () => UnsafeKernels.SumWhenAccelerated(values), expected: values[0]);
    TryUnsafe("MaxOfFirstLanes", () => ContractKernels.MaxOfFirstLanes(values), expected: ScalarKernels.Max(values.AsSpan(0, 4)));
}
else
{
    Console.WriteLine("(pass --unsafe to also run the kernels the CPUID rules warn about)");
}

return failures == 0 ? 0 : 1;

void Check(string name, int actual, int expected)
{
    Console.WriteLine($"{name}: {actual} (scalar {expected}) {(actual == expected ? "ok" : "MISMATCH")}");
    if (actual != expected) failures++;
}

void CheckClose(string name, float actual, float expected)
{
    bool ok = MathF.Abs(actual - expected) <= 1e-3f * MathF.Max(1f, MathF.Abs(expected));
    Console.WriteLine($"{name}: {actual} (scalar {expected}) {(ok ? "ok" : "MISMATCH")}");
    if (!ok) failures++;
}

void TryUnsafe(string name, Func<int> kernel, int? expected = null)
{
    try
    {
        Check(name, kernel(), expected ?? ScalarKernels.Sum(values));
    }
    catch (PlatformNotSupportedException e)
    {
        // What a customer's machine without AVX2 sees; not a failure of this demo.
        Console.WriteLine($"{name}: PlatformNotSupportedException: {e.Message}");
    }
}
