using CpuidAnalyzers.Tests.Verifiers;
using VerifyCS = CpuidAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<CpuidAnalyzers.Rules.VectorWidth.CPUID014Vector512WithoutAccelerationCheckAnalyzer>;

namespace CpuidAnalyzers.Tests;

public class CPUID014Vector512WithoutAccelerationCheckTests
{
    private const string Tail = " is reachable where Vector512.IsHardwareAccelerated is not known to be true; without AVX-512 the runtime emulates 512-bit " +
        "vectors with narrower ones, while this member also has a narrower path meant for that case: check Vector512.IsHardwareAccelerated before the " +
        "Vector512 path";

    // ---- Flagged ----

    [Fact]
    public Task BothWidthsAndNoCheck_OneDiagnosticPerStatement() => VerifyCS.VerifyAsync(Snippet.Members(/* lang=c#-test */ """
        static float Sum(ReadOnlySpan<float> x)
        {
            int i = 0;
            var wide = Vector512<float>.Zero;
            for (; i <= x.Length - 16; i += 16)
                wide += {|#0:Vector512.Create|}(x.Slice(i, 16)) * Vector512.Create(2f);
            var narrow = Vector256<float>.Zero;
            for (; i <= x.Length - 8; i += 8)
                narrow += Vector256.Create(x.Slice(i, 8));
            return {|#1:Vector512.Sum|}(wide) + Vector256.Sum(narrow);
        }
        """),
        VerifyCS.Diagnostic("CPUID014").WithLocation(0).WithMessage("'Vector512.Create'" + Tail),
        VerifyCS.Diagnostic("CPUID014").WithLocation(1).WithMessage("'Vector512.Sum'" + Tail));

    [Fact]
    public Task TheWrongCheck_OrTheElseBranch() => VerifyCS.VerifyAsync(Snippet.Members(/* lang=c#-test */ """
        static Vector256<int> M(Vector512<int> a, Vector256<int> b)
        {
            if (Vector256.IsHardwareAccelerated)
                a = {|CPUID014:Vector512.Add|}(a, a);      // 256-bit acceleration says nothing about 512
            if (Vector512.IsHardwareAccelerated)
                return b;
            else
                return (a {|CPUID014:*|} a).GetLower();   // exactly where it is not accelerated
        }

        static Vector128<byte> Indexer(Vector512<byte> v, Vector128<byte> w) => Vector128.Create({|CPUID014:v[0]|}) + w;
        """));

    // ---- Not flagged ----

    [Fact]
    public Task AccelerationCheckOrAvx512Class_Guards() => VerifyCS.VerifyAsync(Snippet.Members(/* lang=c#-test */ """
        static float Sum(ReadOnlySpan<float> x)
        {
            if (Vector512.IsHardwareAccelerated && x.Length >= 16)
                return Vector512.Sum(Vector512.Create(x.Slice(0, 16)));
            if (Vector256.IsHardwareAccelerated && x.Length >= 8)
                return Vector256.Sum(Vector256.Create(x.Slice(0, 8)));
            return 0;
        }

        static Vector256<int> Classes(Vector512<int> a, Vector256<int> b)
        {
            if (Avx512F.IsSupported) a += a;
            if (Avx512BW.IsSupported) a -= a;
            if (Avx10v1.V512.IsSupported) a *= a;
            return b;
        }

        static Vector256<int> EarlyExit(Vector512<int> a, Vector256<int> b)
        {
            if (!Vector512.IsHardwareAccelerated) return b + b;
            return (a + a).GetLower();
        }

        static Vector256<int> Cached(Vector512<int> a, Vector256<int> b)
        {
            bool wide = Vector512.IsHardwareAccelerated;
            Func<Vector512<int>> later = wide ? () => a + a : () => a;
            return wide ? Vector512.Max(a, a).GetUpper() : Vector256.Max(b, b);
        }
        """));

    [Fact]
    public Task Vector512OnPurpose_WithoutANarrowerPath() => VerifyCS.VerifyAsync(Snippet.Members(/* lang=c#-test */ """
        static Vector512<float> Scale(Vector512<float> v, float k) => v * Vector512.Create(k);

        static float Sum(float[] x)
        {
            var acc = Vector512<float>.Zero;
            for (int i = 0; i + 16 <= x.Length; i += 16)
                acc += Vector512.LoadUnsafe(ref x[0], (nuint)i);
            return Vector512.Sum(acc);
        }
        """));

    [Fact]
    public Task AContractThatImpliesAvx512F_Guards() => new VerifyCS.Test
    {
        TestState =
        {
            Sources =
            {
                Contracts.AttributeSource,
                Snippet.Usings + /* lang=c#-test */ """
                    using CpuidAnalyzers;

                    static class C
                    {
                        [RequiresIsa(typeof(Avx512F))]
                        static Vector256<int> M(Vector512<int> a, Vector256<int> b) => (a + a).GetLower() + b;
                    }
                    """,
            },
        },
    }.RunAsync();

    [Fact]
    public Task AnAssumedAvx512Baseline_Guards() => new VerifyCS.Test
    {
        TestCode = Snippet.Members(/* lang=c#-test */ """
            static Vector256<int> M(Vector512<int> a, Vector256<int> b) => (a + a).GetLower() + b;
            """),
        TestState =
        {
            AnalyzerConfigFiles =
            {
                ("/.globalconfig", "is_global = true\nbuild_property.PlatformTarget = x64"),
                ("/.editorconfig", "root = true\n[*.cs]\ncpuid_analyzers.assumed_isa = x86-64-v4"),
            },
        },
    }.RunAsync();
}
