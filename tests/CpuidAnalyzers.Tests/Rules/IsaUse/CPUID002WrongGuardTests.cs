using CpuidAnalyzers.Tests.Verifiers;
using VerifyCS = CpuidAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<CpuidAnalyzers.Rules.IsaUse.CPUID002WrongGuardAnalyzer>;

namespace CpuidAnalyzers.Tests;

public class CPUID002WrongGuardTests
{
    [Fact]
    public Task AvxDoesNotImplyAvx2() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        if ({|#1:Avx.IsSupported|}) return {|#0:Avx2.Add|}(a, b);
        return a;
        """),
        // The wrong guard's condition travels with the diagnostic, for the fix (WrongGuardConditions).
        VerifyCS.Diagnostic("CPUID002").WithLocation(0).WithLocation(1)
            .WithMessage("'Avx2.Add' requires Avx2, but this call is guarded by Avx.IsSupported, which does not imply Avx2; check Avx2.IsSupported"));

    [Fact]
    public Task TheIssueExamples() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        if (Avx2.IsSupported) a = {|CPUID002:Fma.MultiplyAdd|}(a.AsSingle(), b.AsSingle(), a.AsSingle()).AsInt32();
        if (Sse41.IsSupported) { long x = {|CPUID002:Sse41.X64.Extract|}(a.GetLower().AsInt64(), 1); }
        if (Avx512F.IsSupported) a = {|CPUID002:Avx512F.VL.Max|}(a.AsInt64(), b.AsInt64()).AsInt32();
        return a;
        """));

    [Fact]
    public Task EitherOfTwoGuards_NamesBoth() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        if (Avx2.IsSupported || Sse41.IsSupported) return {|#0:Avx2.Add|}(a, b);
        return a;
        """),
        VerifyCS.Diagnostic("CPUID002").WithLocation(0)
            .WithArguments("Avx2.Add", "Avx2", "call", "Sse41.IsSupported", "Avx2.IsSupported", ""));

    [Fact]
    public Task RightGuard_IsSilent() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        if (Avx2.IsSupported && Fma.IsSupported) a = Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), a.AsSingle()).AsInt32();
        if (Avx512F.VL.IsSupported) a = Avx512F.VL.Max(a.AsInt64(), b.AsInt64()).AsInt32();
        return a;
        """));

    [Fact]
    public Task UnguardedUse_IsNotThisRule() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        return Avx2.Add(a, b);
        """));
}
