using CpuidAnalyzers.Tests.Verifiers;
using VerifyCS = CpuidAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<CpuidAnalyzers.Rules.IsaUse.CPUID003AlwaysFailingIsaUseAnalyzer>;

namespace CpuidAnalyzers.Tests;

public class CPUID003AlwaysFailingIsaUseTests
{
    [Fact]
    public Task ElseBranch() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        if (Avx2.IsSupported) return Avx2.Add(a, b);
        else return {|#0:Avx2.Subtract|}(a, b);
        """),
        VerifyCS.Diagnostic("CPUID003").WithLocation(0)
            .WithMessage("'Avx2.Subtract' requires Avx2, but this path runs only when Avx2.IsSupported is false: the call cannot succeed here"));

    [Fact]
    public Task FalseArmOfTernary_AndAfterReturn() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        a = Avx2.IsSupported ? a : {|CPUID003:Avx2.Subtract|}(a, b);
        if (Avx2.IsSupported) return a;
        return {|CPUID003:Avx2.Add|}(a, b);
        """));

    [Fact]
    public Task NamesTheRefutedCheck_WhenABaseClassIsFalse() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        if (!Avx.IsSupported) return {|#0:Avx2.Add|}(a, b);
        return a;
        """),
        VerifyCS.Diagnostic("CPUID003").WithLocation(0)
            .WithMessage("'Avx2.Add' requires Avx2, but this path runs only when Avx.IsSupported is false: the call cannot succeed here"));

    [Fact]
    public void IsAnError() => Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error,
        Rules.IsaUse.CPUID003AlwaysFailingIsaUseAnalyzer.Descriptor.DefaultSeverity);

    [Fact]
    public Task PartlyRefuted_IsNotThisRule() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        if (!Avx2.IsSupported && flag) a = b;
        return Avx2.Add(a, b);
        """));
}
