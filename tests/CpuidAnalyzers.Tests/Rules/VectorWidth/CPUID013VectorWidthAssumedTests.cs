using CpuidAnalyzers.CodeFixes.VectorWidth;
using CpuidAnalyzers.Rules.VectorWidth;
using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CpuidAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<CpuidAnalyzers.Rules.VectorWidth.CPUID013VectorWidthAssumedAnalyzer>;

namespace CpuidAnalyzers.Tests;

public class CPUID013VectorWidthAssumedTests
{
    private const string Usings = /* lang=c#-test */ """
        using System;
        using System.Diagnostics;
        using System.Numerics;
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        using System.Runtime.Intrinsics;

        """;

    private const string Tail = "; derive buffer sizes, strides and length checks from Vector<T>.Count";

    /// <summary>Members of an unsafe static class, compiled with unsafe code allowed.</summary>
    private static Task Verify(string members, params DiagnosticResult[] expected)
    {
        var test = new VerifyCS.Test
        {
            TestCode = Usings + "unsafe static class C\n{\n    " + members.Replace("\n", "\n    ") + "\n}\n",
        };
        test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectCompilationOptions(projectId,
            ((CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!).WithAllowUnsafe(true)));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    // ---- Flagged: loads and stores on short constant buffers ----

    [Fact]
    public Task EightIntsIntoAVector_NamesTheWidths() => Verify(/* lang=c#-test */ """
        static int Sum() => Vector.Sum({|#0:new Vector<int>(new int[] { 1, 2, 3, 4, 5, 6, 7, 8 })|});
        """,
        VerifyCS.Diagnostic("CPUID013").WithLocation(0).WithMessage(
            "'new Vector<int>' on a buffer of 8 ints assumes Vector<int>.Count == 8, but it is 4 without AVX2 (and on Arm64) and 16 with " +
                "DOTNET_MaxVectorTBitWidth=512 on an AVX-512 CPU" + Tail));

    [Fact]
    public Task EightBytes_EveryWidthBreaks() => Verify(/* lang=c#-test */ """
        // dotnet/corefx#25344: an 8-byte array into Vector<byte>.
        static Vector<byte> Load() => {|#0:new Vector<byte>(new byte[8])|};
        """,
        VerifyCS.Diagnostic("CPUID013").WithLocation(0).WithMessage(
            "'new Vector<byte>' on a buffer of 8 bytes assumes Vector<byte>.Count == 8, but it is 16 without AVX2 (and on Arm64), 32 with AVX2 and 64 with " +
                "DOTNET_MaxVectorTBitWidth=512 on an AVX-512 CPU" + Tail));

    [Fact]
    public Task BuffersThroughLocalsCollectionsAndStackalloc() => Verify(/* lang=c#-test */ """
        static Vector<int> M(Vector<int> v)
        {
            int[] table = [1, 2, 3, 4, 5, 6, 7, 8];
            Span<int> scratch = stackalloc int[8];
            {|CPUID013:v.CopyTo|}(scratch);
            var a = {|CPUID013:new Vector<int>(table)|};
            var b = {|CPUID013:new Vector<int>(scratch)|};
            var c = {|CPUID013:new Vector<double>(new double[] { 1, 2, 3, 4 })|};
            return a + b + Vector.AsVectorInt32(c);
        }
        """);

    [Fact]
    public Task LoadsAndStoresOfEveryKind() => Verify(/* lang=c#-test */ """
        static float M(float[] unknown)
        {
            float[] eight = new float[8];
            byte[] sixteen = new byte[16];
            var x = {|CPUID013:Vector.LoadUnsafe|}(ref eight[0]);
            x += {|CPUID013:Vector.Create<float>|}(eight.AsSpan());
            x += {|CPUID013:Vector.LoadUnsafe|}(ref MemoryMarshal.GetArrayDataReference(eight), 4);
            x += {|CPUID013:Unsafe.ReadUnaligned<Vector<float>>|}(ref MemoryMarshal.GetArrayDataReference(sixteen));
            x += {|CPUID013:Unsafe.As<float, Vector<float>>|}(ref eight[0]);
            x += {|CPUID013:MemoryMarshal.Read<Vector<float>>|}(sixteen);
            x += {|CPUID013:MemoryMarshal.Cast<float, Vector<float>>(eight)[0]|};
            fixed (float* p = eight)
            {
                x += {|CPUID013:Vector.Load|}(p);
                {|CPUID013:Vector.Store|}(x, p);
            }
            {|CPUID013:Vector.StoreUnsafe|}(x, ref eight[0]);
            {|CPUID013:x.CopyTo|}(eight, 0);
            x += new Vector<float>(unknown);  // a parameter: its length is not known
            return Vector.Sum(x);
        }
        """);

    [Fact]
    public Task TablesInFieldsAndProperties() => Verify(/* lang=c#-test */ """
        static readonly byte[] Shuffle = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
        static ReadOnlySpan<ushort> Weights => [1, 2, 3, 4, 5, 6, 7, 8];
        static readonly Vector<byte> Mask = {|CPUID013:new Vector<byte>(Shuffle)|};

        static Vector<ushort> M() => {|CPUID013:new Vector<ushort>(Weights)|};
        """);

    [Fact]
    public Task CheckInTheWrongDirection_IsNoProtection() => Verify(/* lang=c#-test */ """
        static int M()
        {
            var data = new int[8];
            if (data.Length < Vector<int>.Count)
                return Vector.Sum({|CPUID013:new Vector<int>(data)|});
            return 0;
        }
        """);

    // ---- Flagged: constant strides ----

    [Fact]
    public Task LoopSteppingByEight_IsReportedOnTheStep() => Verify(/* lang=c#-test */ """
        static int Sum(int[] values)
        {
            var acc = Vector<int>.Zero;
            int i = 0;
            for (; i + 8 <= values.Length; {|#0:i += 8|})
                acc += new Vector<int>(values, i);
            int sum = Vector.Sum(acc);
            for (; i < values.Length; i++) sum += values[i];
            return sum;
        }
        """,
        VerifyCS.Diagnostic("CPUID013").WithLocation(0).WithMessage(
            "The step 'i += 8' of this Vector<int> loop assumes Vector<int>.Count == 8, but it is 4 without AVX2 (and on Arm64) and 16 with " +
                "DOTNET_MaxVectorTBitWidth=512 on an AVX-512 CPU" + Tail));

    [Fact]
    public Task StridesOverPointersRefsAndUnrolledLoops() => Verify(/* lang=c#-test */ """
        static float M(float* start, float* end, ref double first, int n, byte[] bytes)
        {
            var acc = Vector<float>.Zero;
            for (float* p = start; p < end; {|CPUID013:p += 8|})
                acc += Vector.Load(p);
            var d = Vector<double>.Zero;
            for (nuint i = 0; i < (nuint)n; {|CPUID013:i = i + 4|})
                d += Vector.LoadUnsafe(ref first, i);
            for (int i = 0; i + 16 <= n; {|#0:i += 16|})
            {
                acc += Vector.LoadUnsafe(ref Unsafe.As<double, float>(ref first), (nuint)i);
                acc += Vector.LoadUnsafe(ref Unsafe.As<double, float>(ref first), (nuint)(i + 8));
            }
            var b = Vector<byte>.Zero;
            for (int i = 0; i < bytes.Length; {|CPUID013:i += 32|})
                b |= Unsafe.ReadUnaligned<Vector<byte>>(ref bytes[i]);
            return Vector.Sum(acc) + (float)Vector.Sum(d) + b[0];
        }
        """,
        VerifyCS.Diagnostic("CPUID013").WithLocation(0).WithMessage(
            "The step 'i += 16' of this Vector<float> loop assumes Vector<float>.Count == 8, but it is 4 without AVX2 (and on Arm64) and 16 with " +
                "DOTNET_MaxVectorTBitWidth=512 on an AVX-512 CPU" + Tail));

    [Fact]
    public Task StepOfLongMinValue_IsNoKnownStride() => VerifyCS.VerifyAsync(/* lang=c#-test */ """
        using System.Numerics;
        static class C
        {
            // Compiles cleanly; its size has no positive counterpart, so it says nothing about Vector<int>.Count.
            static Vector<int> Sum(ref int first, long n)
            {
                var acc = Vector<int>.Zero;
                for (long i = 0; i < n; i += long.MinValue) acc += Vector.LoadUnsafe(ref first, (nuint)i);
                return acc;
            }
        }
        """);

    [Theory]
    [InlineData(long.MaxValue, 1L, null, long.MaxValue - 1, long.MaxValue, long.MaxValue)]
    [InlineData(long.MinValue, -1L, null, long.MinValue + 1, null, null)]
    [InlineData(long.MinValue, 2L, long.MinValue + 2, null, null, null)]
    [InlineData(long.MinValue, 1L, long.MinValue + 1, null, long.MinValue, null)]
    [InlineData(-1L, long.MinValue, null, long.MaxValue, null, 1L)]
    [InlineData(-3L, 4L, 1L, -7L, -12L, 3L)]
    [InlineData(1L << 32, 1L << 31, (1L << 32) + (1L << 31), 1L << 31, null, 1L << 32)]
    public void ConstantArithmetic_IsUnknownWhereItWouldOverflow(long a, long b, long? sum, long? difference, long? product, long? magnitude)
    {
        // The width analysis computes with the user's constants; beyond a long it knows nothing, and throws nothing.
        Assert.Equal(sum, Flow.VectorWidths.Add(a, b));
        Assert.Equal(difference, Flow.VectorWidths.Subtract(a, b));
        Assert.Equal(product, Flow.VectorWidths.Multiply(a, b));
        Assert.Equal(magnitude, Flow.VectorWidths.Magnitude(a));
    }

    // ---- Flagged: stated widths ----

    [Fact]
    public Task DebugAssertOfAWidth() => Verify(/* lang=c#-test */ """
        static void M()
        {
            {|#0:Debug.Assert|}(Vector<int>.Count == 8);
            Debug.Assert(Vector<int>.Count >= 4);   // true on every CPU
            Debug.Assert(Vector<byte>.Count <= 64); // true on every CPU
        }

        static void N() => {|#1:Trace.Assert|}(Vector<float>.Count >= 8, "needs 256-bit vectors");
        """,
        VerifyCS.Diagnostic("CPUID013").WithLocation(0).WithMessage(
            "'Debug.Assert' assumes Vector<int>.Count == 8, but it is 4 without AVX2 (and on Arm64) and 16 with DOTNET_MaxVectorTBitWidth=512 on an AVX-512 " +
                "CPU" + Tail),
        VerifyCS.Diagnostic("CPUID013").WithLocation(1).WithMessage(
            "'Trace.Assert' assumes Vector<float>.Count >= 8, but it is 4 without AVX2 (and on Arm64)" + Tail));

    [Fact]
    public Task AnAssertedWidth_CoversWhatFollows() => Verify(/* lang=c#-test */ """
        static int M(int[] values)
        {
            {|CPUID013:Debug.Assert|}(Vector<int>.Count == 8);
            var acc = Vector<int>.Zero;
            for (int i = 0; i + 8 <= values.Length; i += 8)     // reported once, at the assumption
                acc += new Vector<int>(values, i);
            return Vector.Sum(acc) + Vector.Sum(new Vector<int>(new int[8]));
        }
        """);

    // ---- Not flagged ----

    [Fact]
    public Task LengthChecksAgainstCount_Protect() => Verify(/* lang=c#-test */ """
        static int M(Vector<int> v)
        {
            var data = new int[8];
            int sum = 0;
            if (data.Length >= Vector<int>.Count)
                sum += Vector.Sum(new Vector<int>(data));
            if (Vector<int>.Count <= data.Length && Vector.IsHardwareAccelerated)
                sum += Vector.Sum(new Vector<int>(data));
            int width = Vector<int>.Count;
            if (width <= 8)
                v.CopyTo(data);
            Debug.Assert(data.Length >= Vector<int>.Count);
            return sum + Vector.Sum(new Vector<int>(data));
        }

        static int EarlyExit()
        {
            Span<int> buffer = stackalloc int[8];
            if (buffer.Length < Vector<int>.Count)
                return 0;
            return Vector.Sum(new Vector<int>(buffer));
        }

        static int LoopBoundedByCount()
        {
            var data = new int[] { 1, 2, 3, 4, 5, 6, 7, 8 };
            var acc = Vector<int>.Zero;
            int i = 0;
            for (; i <= data.Length - Vector<int>.Count; i += Vector<int>.Count)
                acc += new Vector<int>(data, i);
            int sum = Vector.Sum(acc);
            for (; i < data.Length; i++) sum += data[i];
            return sum;
        }
        """);

    [Fact]
    public Task ExplicitWidthDispatch_Protects() => Verify(/* lang=c#-test */ """
        static int M(int[] values)
        {
            var acc = Vector<int>.Zero;
            if (Vector<int>.Count == 8)
            {
                for (int i = 0; i + 8 <= values.Length; i += 8)
                    acc += new Vector<int>(values, i);
                acc += new Vector<int>(new int[8]);
            }
            if (Vector<int>.Count is 4 or 8)
                acc += new Vector<int>(new int[8]);
            return Vector.Sum(acc);
        }

        static int Throws(int[] values)
        {
            if (Vector<int>.Count != 8) throw new PlatformNotSupportedException();
            var acc = Vector<int>.Zero;
            for (int i = 0; i + 8 <= values.Length; i += 8)
                acc += new Vector<int>(values, i);
            return Vector.Sum(acc);
        }
        """);

    [Fact]
    public Task BuffersForTheLargestVector_OrSizedByCount() => Verify(/* lang=c#-test */ """
        static int M(Vector<int> v, Vector<double> d)
        {
            Span<int> ints = stackalloc int[16];
            v.CopyTo(ints);
            d.CopyTo(new double[8]);
            Span<int> exact = stackalloc int[Vector<int>.Count];
            v.CopyTo(exact);
            var b = new Vector<byte>(new byte[64]);
            var fromCount = new Vector<int>(new int[Vector<int>.Count * 2], Vector<int>.Count);
            v.TryCopyTo(new int[8]);
            return ints[0] + exact[0] + b[0] + fromCount[0] + new Vector<int>(5)[0];
        }
        """);

    [Fact]
    public Task StridesOfCountOrOne() => Verify(/* lang=c#-test */ """
        static int M(int[] values)
        {
            var acc = Vector<int>.Zero;
            for (int i = 0; i <= values.Length - Vector<int>.Count; i += Vector<int>.Count)
                acc += new Vector<int>(values, i);
            int step = Vector<int>.Count * 2;
            for (int i = 0; i <= values.Length - step; i += step)
                acc += new Vector<int>(values, i) + new Vector<int>(values, i + Vector<int>.Count);
            for (int i = 0; i <= values.Length - Vector<int>.Count; i++)   // a sliding window
                acc += new Vector<int>(values, i);
            return Vector.Sum(acc);
        }
        """);

    [Fact]
    public Task FixedWidthVectors_AreNotVectorOfT() => Verify(/* lang=c#-test */ """
        static int M(int[] values)
        {
            var a = Vector256.Create(new int[] { 1, 2, 3, 4, 5, 6, 7, 8 });
            var b = Vector128.LoadUnsafe(ref values[0]);
            var acc = Vector256<int>.Zero;
            for (int i = 0; i + 8 <= values.Length; i += 8)
                acc += Vector256.LoadUnsafe(ref values[0], (nuint)i);
            return Vector256.Sum(a + acc) + Vector128.Sum(b) + Vector<int>.Count;
        }
        """);

    [Fact]
    public Task LambdasInheritTheCheck() => Verify(/* lang=c#-test */ """
        static Func<int> M()
        {
            var data = new int[8];
            if (data.Length >= Vector<int>.Count)
                return () => Vector.Sum(new Vector<int>(data));
            return () => Vector.Sum({|CPUID013:new Vector<int>(data)|});
        }
        """);

    // ---- The code fix: step by Vector<T>.Count ----

    private static Task VerifyFix(string members, string fixedMembers)
    {
        static string Wrap(string m) => Usings + "unsafe static class C\n{\n    " + m.Replace("\n", "\n    ") + "\n}\n";
        var test = new CSharpCodeFixTest<CPUID013VectorWidthAssumedAnalyzer, CPUID013VectorWidthCodeFixProvider, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Net100,
            TestCode = Wrap(members),
            FixedCode = Wrap(fixedMembers),
        };
        test.TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
        test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectCompilationOptions(projectId,
            ((CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!).WithAllowUnsafe(true)));
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_ReplacesTheStepAndTheSameConstantInTheCondition() => VerifyFix(/* lang=c#-test */ """
        static int Sum(int[] values)
        {
            var acc = Vector<int>.Zero;
            int i = 0;
            for (; i + 8 <= values.Length; {|CPUID013:i += 8|})
                acc += new Vector<int>(values, i);
            int sum = Vector.Sum(acc);
            for (; i < values.Length; i++) sum += values[i];
            return sum;
        }

        static double Unsigned(ref double first, nuint n)
        {
            var acc = Vector<double>.Zero;
            for (nuint i = 0; i <= n - 4; {|CPUID013:i = i + 4|})
                acc += Vector.LoadUnsafe(ref first, i);
            return Vector.Sum(acc);
        }

        static float Pointer(float* p, float* end)
        {
            var acc = Vector<float>.Zero;
            for (; p + 8 <= end; {|CPUID013:p += 8|})
                acc += Vector.Load(p);
            return Vector.Sum(acc);
        }
        """, /* lang=c#-test */ """
        static int Sum(int[] values)
        {
            var acc = Vector<int>.Zero;
            int i = 0;
            for (; i + Vector<int>.Count <= values.Length; i += Vector<int>.Count)
                acc += new Vector<int>(values, i);
            int sum = Vector.Sum(acc);
            for (; i < values.Length; i++) sum += values[i];
            return sum;
        }

        static double Unsigned(ref double first, nuint n)
        {
            var acc = Vector<double>.Zero;
            for (nuint i = 0; i <= n - (nuint)Vector<double>.Count; i = i + (nuint)Vector<double>.Count)
                acc += Vector.LoadUnsafe(ref first, i);
            return Vector.Sum(acc);
        }

        static float Pointer(float* p, float* end)
        {
            var acc = Vector<float>.Zero;
            for (; p + Vector<float>.Count <= end; p += Vector<float>.Count)
                acc += Vector.Load(p);
            return Vector.Sum(acc);
        }
        """);

    [Fact]
    public Task Fix_NotOfferedForAnUnrolledLoop() => VerifyFix(/* lang=c#-test */ """
        static int Sum(int[] values)
        {
            var acc = Vector<int>.Zero;
            for (int i = 0; i + 16 <= values.Length; {|CPUID013:i += 16|})
                acc += new Vector<int>(values, i) + new Vector<int>(values, i + 8);
            return Vector.Sum(acc);
        }
        """, /* lang=c#-test */ """
        static int Sum(int[] values)
        {
            var acc = Vector<int>.Zero;
            for (int i = 0; i + 16 <= values.Length; {|CPUID013:i += 16|})
                acc += new Vector<int>(values, i) + new Vector<int>(values, i + 8);
            return Vector.Sum(acc);
        }
        """);
}
