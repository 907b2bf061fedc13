using CpuidAnalyzers.Tests.Verifiers;
using VerifyCS = CpuidAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<CpuidAnalyzers.Rules.IsaUse.CPUID007HardwareAcceleratedAsIsaGuardAnalyzer>;

namespace CpuidAnalyzers.Tests;

public class CPUID007HardwareAcceleratedAsIsaGuardTests
{
    [Fact]
    public Task Vector256IsHardwareAccelerated() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        if (Vector256.IsHardwareAccelerated) return {|#0:Avx2.Add|}(a, b);
        return a;
        """),
        VerifyCS.Diagnostic("CPUID007").WithLocation(0)
            .WithMessage("Vector256.IsHardwareAccelerated does not imply Avx2; check Avx2.IsSupported before 'Avx2.Add', or use the cross-platform Vector " +
                "API instead"));

    [Fact]
    public Task EveryWidth() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        if (Vector128.IsHardwareAccelerated) a = {|CPUID007:Sse41.Min|}(a.GetLower(), b.GetLower()).ToVector256();
        if (Vector512.IsHardwareAccelerated) a = {|CPUID007:Avx512F.Add|}(a.ToVector512(), b.ToVector512()).GetLower();
        if (!System.Numerics.Vector.IsHardwareAccelerated) return a;
        return {|CPUID007:Avx2.Add|}(a, b);
        """));

    [Fact]
    public Task PortableApiUnderIsHardwareAccelerated_IsSilent() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        if (Vector256.IsHardwareAccelerated) return Vector256.Add(a, b);
        if (Vector256.IsHardwareAccelerated && Avx2.IsSupported) return Avx2.Add(a, b);
        return a;
        """));
}
