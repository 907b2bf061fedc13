using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;

namespace CpuidAnalyzers.Tests;

public class CPUID008UnguardedContractCallTests
{
    private static Task Verify(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerVerifier<Rules.Contracts.CPUID008UnguardedContractCallAnalyzer>.Test
        {
            TestState = { Sources = { source, Contracts.AttributeSource } },
        };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Fact]
    public Task CallWithoutGuard() => Verify(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        static class C
        {
            static int Run(int x) => {|#0:Count|}(x);

            [RequiresIsa(typeof(Popcnt))]
            static int Count(int x) => (int)Popcnt.PopCount((uint)x);
        }
        """,
        new DiagnosticResult(Rules.Contracts.CPUID008UnguardedContractCallAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'C.Count' requires Popcnt (its ISA contract), but this call is reachable where that is not known; check Popcnt.IsSupported before " +
                "it, or give the caller the same requirement"));

    [Fact]
    public Task GuardedOrRequiredCaller_IsSilent() => Verify(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        static class C
        {
            static int Run(int x) => Popcnt.IsSupported ? Count(x) : 0;

            [RequiresIsa(typeof(Popcnt))]
            static int Caller(int x) => Count(x) + Count(x + 1);

            [RequiresIsa(typeof(Popcnt))]
            static int Count(int x) => (int)Popcnt.PopCount((uint)x);
        }
        """);

    [Fact]
    public Task IntrinsicCalls_AreNotThisRule() => Verify(Snippet.Usings + /* lang=c#-test */ """
        static class C
        {
            static uint Run(uint x) => Popcnt.PopCount(x);
        }
        """);
}
