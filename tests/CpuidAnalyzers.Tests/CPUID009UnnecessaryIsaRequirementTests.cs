using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;

namespace CpuidAnalyzers.Tests;

public class CPUID009UnnecessaryIsaRequirementTests
{
    private static Task Verify(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerVerifier<Rules.CPUID009UnnecessaryIsaRequirementAnalyzer>.Test
        {
            TestState = { Sources = { source, Contracts.AttributeSource } },
        };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Fact]
    public Task RequirementNothingUses() => Verify(Snippet.Usings + """
        using CpuidAnalyzers;

        static class C
        {
            [{|#0:RequiresIsa(typeof(Avx2))|}]
            static int Scalar(int x) => x * 2;
        }
        """,
        new DiagnosticResult(Rules.CPUID009UnnecessaryIsaRequirementAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'C.Scalar' requires Avx2, but nothing in it uses Avx2, a class it implies or one that implies it; remove the requirement so callers need not check it"));

    [Fact]
    public Task OnlyTheUnusedClassOfSeveral() => Verify(Snippet.Usings + """
        using CpuidAnalyzers;

        static class C
        {
            [RequiresIsa(typeof(Avx2))]
            [{|CPUID009:RequiresIsa(typeof(Bmi2))|}]
            static int M(int x) => Avx2.MoveMask(Vector256.Create((byte)x));
        }
        """);

    [Fact]
    public Task UsedDirectlyThroughImplicationOrThroughACall_IsSilent() => Verify(Snippet.Usings + """
        using CpuidAnalyzers;

        static class C
        {
            [RequiresIsa(typeof(Avx2))]
            static int UsesImplied(int x) => Sse41.Extract(Vector128.Create(x), 0);

            [RequiresIsa(typeof(Avx2))]
            static int CallsHelper(int x) => Helper(x);

            [RequiresIsa(typeof(Avx2))]
            static int Helper(int x) => Avx2.MoveMask(Vector256.Create((byte)x));

            [RequiresIsa(typeof(Avx2))]
            static int InLambda(int x) { Func<int> f = () => Helper(x); return f(); }
        }
        """);

    [Fact]
    public Task VirtualMembers_DeclareForOverrides() => Verify(Snippet.Usings + """
        using CpuidAnalyzers;

        abstract class Kernel
        {
            [RequiresIsa(typeof(Avx2))]
            public virtual int Run(int x) => x;
        }
        """);

    [Fact]
    public Task RequiresIsaOfNull_NamesNothing_IsNotReported() => Verify("""
        static class C
        {
            // A null list names no class: there is no requirement to call unnecessary.
            [CpuidAnalyzers.RequiresIsa(null)]
            static int M(int x) => x * 2;
        }
        """);
}
