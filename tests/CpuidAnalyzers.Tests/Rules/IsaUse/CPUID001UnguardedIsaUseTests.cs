using VerifyCS = CpuidAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<CpuidAnalyzers.Rules.IsaUse.CPUID001UnguardedIsaUseAnalyzer>;

namespace CpuidAnalyzers.Tests;

public class CPUID001UnguardedIsaUseTests
{
    [Fact]
    public Task UnguardedCall_IsFlagged() => VerifyCS.VerifyAsync(/* lang=c#-test */ """
        using System.Runtime.Intrinsics;
        using System.Runtime.Intrinsics.X86;

        class C
        {
            static Vector256<int> M(Vector256<int> a, Vector256<int> b) => {|CPUID001:Avx2.Add|}(a, b);
        }
        """);

    [Fact]
    public Task GuardedCall_IsNotFlagged() => VerifyCS.VerifyAsync(/* lang=c#-test */ """
        using System.Runtime.Intrinsics;
        using System.Runtime.Intrinsics.X86;

        class C
        {
            static Vector256<int> M(Vector256<int> a, Vector256<int> b)
            {
                if (Avx2.IsSupported)
                    return Avx2.Add(a, b);
                return a + b;
            }
        }
        """);
}
