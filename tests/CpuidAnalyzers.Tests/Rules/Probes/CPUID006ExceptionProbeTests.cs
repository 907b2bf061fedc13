using CpuidAnalyzers.Tests.Verifiers;
using VerifyCS = CpuidAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<CpuidAnalyzers.Rules.Probes.CPUID006ExceptionProbeAnalyzer>;

namespace CpuidAnalyzers.Tests;

public class CPUID006ExceptionProbeTests
{
    [Fact]
    public Task CatchPlatformNotSupported() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        try { return {|#0:Avx2.Add|}(a, b); }
        catch (PlatformNotSupportedException) { return a + b; }
        """),
        VerifyCS.Diagnostic("CPUID006").WithLocation(0)
            .WithMessage("Catching PlatformNotSupportedException is not a feature check for 'Avx2.Add': every call throws where Avx2 is unsupported, which " +
                "is slow and hides other failures; check Avx2.IsSupported"));

    [Fact]
    public Task BaseTypesAndCatchAll() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        try { a = {|CPUID006:Avx2.Add|}(a, b); } catch (NotSupportedException) { }
        try { a = {|CPUID006:Avx2.Subtract|}(a, b); } catch (Exception) { }
        try { a = {|CPUID006:Avx2.Xor|}(a, b); } catch { }
        return a;
        """));

    [Fact]
    public Task UnrelatedCatch_OrGuardedCall_IsNotAProbe() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        try { a = Avx2.Add(a, b); } catch (ArgumentException) { }
        try { if (Avx2.IsSupported) a = Avx2.Subtract(a, b); } catch (PlatformNotSupportedException) { }
        return a;
        """));
}
