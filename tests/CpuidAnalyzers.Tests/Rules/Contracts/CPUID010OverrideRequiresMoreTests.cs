using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;

namespace CpuidAnalyzers.Tests;

public class CPUID010OverrideRequiresMoreTests
{
    private static Task Verify(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerVerifier<Rules.Contracts.CPUID010OverrideRequiresMoreAnalyzer>.Test
        {
            TestState = { Sources = { source, Contracts.AttributeSource } },
        };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Fact]
    public Task OverrideRequiringMore() => Verify(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        abstract class Kernel
        {
            public abstract int Run(int x);
        }

        sealed class Avx2Kernel : Kernel
        {
            [{|#0:RequiresIsa(typeof(Avx2))|}]
            public override int Run(int x) => Avx2.MoveMask(Vector256.Create((byte)x));
        }
        """,
        new DiagnosticResult(Rules.Contracts.CPUID010OverrideRequiresMoreAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'Avx2Kernel.Run' requires Avx2, but 'Kernel.Run', which it overrides, requires nothing: callers through 'Kernel.Run' cannot know " +
                "to check; move the check into 'Avx2Kernel.Run' or add the requirement to 'Kernel.Run'"));

    [Fact]
    public Task InterfaceImplementation_AndTypeLevelRequirement() => Verify(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        interface IParser { int Parse(int x); }

        [RequiresIsa(typeof(Avx2))]
        sealed class Avx2Parser : IParser
        {
            public int {|CPUID010:Parse|}(int x) => Avx2.MoveMask(Vector256.Create((byte)x));
        }
        """);

    [Fact]
    public Task BasePromisesAsMuchOrMore_IsSilent() => Verify(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        abstract class Kernel
        {
            [RequiresIsa(typeof(Avx2))]
            public abstract int Run(int x);
        }

        sealed class SseKernel : Kernel
        {
            [RequiresIsa(typeof(Sse41))] // Avx2 implies Sse41
            public override int Run(int x) => Sse41.Extract(Vector128.Create(x), 0);
        }

        sealed class PlainKernel : Kernel
        {
            public override int Run(int x) => x;
        }
        """);
}
