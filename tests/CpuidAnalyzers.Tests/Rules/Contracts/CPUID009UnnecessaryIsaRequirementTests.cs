using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;

namespace CpuidAnalyzers.Tests;

public class CPUID009UnnecessaryIsaRequirementTests
{
    private static Task Verify(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerVerifier<Rules.Contracts.CPUID009UnnecessaryIsaRequirementAnalyzer>.Test
        {
            TestState = { Sources = { source, Contracts.AttributeSource } },
        };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Fact]
    public Task RequirementNothingUses() => Verify(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        static class C
        {
            [{|#0:RequiresIsa(typeof(Avx2))|}]
            static int Scalar(int x) => x * 2;
        }
        """,
        new DiagnosticResult(Rules.Contracts.CPUID009UnnecessaryIsaRequirementAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'C.Scalar' requires Avx2, but nothing in it uses Avx2, a class it implies or one that implies it; remove the requirement so " +
                "callers need not check it"));

    [Fact]
    public Task AnyOfContract_AlternativeNeverTaken_IsNotJudged() => Verify(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        static class Packer
        {
            // The body picks by its own check and never takes the PackedSimd path: any-of lists are not CPUID009's.
            [RequiresAnyIsa(typeof(Sse2), typeof(PackedSimd))]
            static Vector128<byte> Pack(Vector128<short> a, Vector128<short> b) =>
                Sse2.IsSupported ? Sse2.PackUnsignedSaturate(a, b) : Vector128<byte>.Zero;
        }
        """);

    [Fact]
    public Task OnlyTheUnusedClassOfSeveral() => Verify(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        static class C
        {
            [RequiresIsa(typeof(Avx2))]
            [{|CPUID009:RequiresIsa(typeof(Bmi2))|}]
            static int M(int x) => Avx2.MoveMask(Vector256.Create((byte)x));
        }
        """);

    [Fact]
    public Task UsedDirectlyThroughImplicationOrThroughACall_IsSilent() => Verify(Snippet.Usings + /* lang=c#-test */ """
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
    public Task VirtualMembers_DeclareForOverrides() => Verify(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        abstract class Kernel
        {
            [RequiresIsa(typeof(Avx2))]
            public virtual int Run(int x) => x;
        }
        """);

    [Fact]
    public Task RequiresIsaOfNull_NamesNothing_IsNotReported() => Verify(/* lang=c#-test */ """
        static class C
        {
            // A null list names no class: there is no requirement to call unnecessary.
            [CpuidAnalyzers.RequiresIsa(null)]
            static int M(int x) => x * 2;
        }
        """);

    [Fact]
    public Task CompExactlyDependsOn_EntriesAreNeverReported() => new CSharpAnalyzerVerifier<Rules.Contracts.CPUID009UnnecessaryIsaRequirementAnalyzer>.Test
    {
        // dotnet/runtime's ReadyToRun hints: any-of lists, often met through generic or inlined callees. Not the project's contract.
        TestState =
        {
            Sources =
            {
                Snippet.Usings + /* lang=c#-test */ """
                using System.Runtime.CompilerServices;

                static class C
                {
                    [CompExactlyDependsOn(typeof(Ssse3))]
                    [CompExactlyDependsOn(typeof(AdvSimd))]
                    [CompExactlyDependsOn(typeof(PackedSimd))]
                    static int CrossArchitecture(Vector128<byte> x) => Ssse3.IsSupported ? Ssse3.Shuffle(x, x).ToScalar() : x.ToScalar();

                    [CompExactlyDependsOn(typeof(Avx2))]
                    [CompExactlyDependsOn(typeof(Bmi2))]
                    static int NothingUsed(int x) => x * 2;
                }
                """,
                Contracts.CompExactlyDependsOnSource,
            },
        },
    }.RunAsync();

    [Fact]
    public Task RequiresIsaBesideCompExactlyDependsOn_IsStillReported()
        => new CSharpAnalyzerVerifier<Rules.Contracts.CPUID009UnnecessaryIsaRequirementAnalyzer>.Test
    {
        // The project's own contract keeps the rule, even on a method that also carries the runtime's list.
        TestState =
        {
            Sources =
            {
                Snippet.Usings + /* lang=c#-test */ """
                using System.Runtime.CompilerServices;
                using CpuidAnalyzers;

                static class C
                {
                    [{|CPUID009:RequiresIsa(typeof(Bmi2))|}]
                    [CompExactlyDependsOn(typeof(Avx2))]
                    static int M(int x) => Avx2.MoveMask(Vector256.Create((byte)x));

                    [{|CPUID009:RequiresIsa(typeof(Avx2))|}]
                    static int Scalar(int x) => x * 2;
                }
                """,
                Contracts.AttributeSource,
                Contracts.CompExactlyDependsOnSource,
            },
        },
    }.RunAsync();
}
