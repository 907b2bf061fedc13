using CpuidAnalyzers.Tests.Verifiers;
using VerifyCS = CpuidAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<CpuidAnalyzers.Rules.Probes.CPUID005RawCpuidFeatureCheckAnalyzer>;

namespace CpuidAnalyzers.Tests;

public class CPUID005RawCpuidFeatureCheckTests
{
    [Fact]
    public Task FeatureBitFromDeconstructedCpuid() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        if (!X86Base.IsSupported) return a;
        var (eax, ebx, ecx, edx) = X86Base.CpuId(7, 0);
        bool hasAvx2 = (ebx & (1 << 5)) != 0;
        if (hasAvx2) return {|#0:Avx2.Add|}(a, b);
        return a;
        """),
        VerifyCS.Diagnostic("CPUID005").WithLocation(0)
            .WithMessage("'Avx2.Add' is enabled by raw CPUID bits, not by Avx2.IsSupported; the runtime may disable features CPUID reports " +
                "(DOTNET_EnableAVX2=0, NativeAOT instruction-set baselines), so check Avx2.IsSupported"));

    [Fact]
    public Task BitTestInline() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        if (X86Base.IsSupported && (X86Base.CpuId(1, 0).Ecx & (1 << 19)) != 0)
            return {|CPUID005:Sse41.Min|}(a.GetLower(), b.GetLower()).ToVector256();
        return a;
        """));

    [Fact]
    public Task CpuidForOtherPurposes_IsSilent() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        if (X86Base.IsSupported)
        {
            var (eax, _, _, _) = X86Base.CpuId(0, 0);
            Console.WriteLine(eax);
        }
        if (Avx2.IsSupported) return Avx2.Add(a, b);
        return a;
        """));

    [Fact]
    public Task GuardPropertyReadingCpuidBits() => VerifyCS.VerifyAsync(Snippet.Members(/* lang=c#-test */ """
        static bool CpuHasAvx2 => X86Base.IsSupported && (X86Base.CpuId(7, 0).Ebx & (1 << 5)) != 0;

        static Vector256<int> M(Vector256<int> a) => CpuHasAvx2 ? {|CPUID005:Avx2.Add|}(a, a) : a;
        """));
}
