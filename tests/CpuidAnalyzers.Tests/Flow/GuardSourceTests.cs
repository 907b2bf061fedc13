using CpuidAnalyzers.Tests.Verifiers;
using VerifyCS = CpuidAnalyzers.Tests.Verifiers.AllRulesVerifier;

namespace CpuidAnalyzers.Tests;

/// <summary>Where a guard can come from besides an inline IsSupported: named checks the analysis can prove.</summary>
public class GuardSourceTests
{
    [Fact]
    public Task GuardPropertyAndMethod() => VerifyCS.VerifyAsync(Snippet.Members(/* lang=c#-test */ """
        static bool CanUseAvx2 => Avx2.IsSupported && Bmi2.IsSupported;
        static bool CanUseFma() { return Fma.IsSupported; }
        static bool Either => Sse41.IsSupported || AdvSimd.IsSupported;

        static uint M(Vector256<int> a)
        {
            if (CanUseAvx2) { a = Avx2.Add(a, a); return Bmi2.ZeroHighBits(1u, 2u); }
            if (CanUseFma()) a = Fma.MultiplyAdd(a.AsSingle(), a.AsSingle(), a.AsSingle()).AsInt32();
            if (Either) a = {|CPUID002:Sse41.Min|}(a.GetLower(), a.GetLower()).ToVector256();
            if (!CanUseAvx2) return 0;
            return Bmi2.ZeroHighBits(3u, 4u);
        }
        """));

    [Fact]
    public Task GuardPropertyInAnotherFile() => new AllRulesVerifier.Test
    {
        TestState =
        {
            Sources =
            {
                Snippet.Usings + "static class Features { internal static bool PackedIndexOfIsSupported => Sse2.IsSupported; }",
                Snippet.Members(/* lang=c#-test */ """
                    static Vector128<int> M(Vector128<int> a) => Features.PackedIndexOfIsSupported ? Sse2.Add(a, a) : a;
                    """),
            },
        },
    }.RunAsync();

    [Fact]
    public Task StaticReadonlyField() => VerifyCS.VerifyAsync(Snippet.Members(/* lang=c#-test */ """
        static readonly bool s_fast = Avx2.IsSupported;
        static readonly bool s_assignedLater = Avx2.IsSupported;
        static C() { s_assignedLater = false; }

        static Vector256<int> M(Vector256<int> a)
        {
            if (s_fast) a = Avx2.Add(a, a);
            if (s_assignedLater) a = {|CPUID001:Avx2.Subtract|}(a, a);
            return a;
        }
        """));

    [Fact]
    public Task UnprovableGuards_StayUnknown() => VerifyCS.VerifyAsync(Snippet.Usings + /* lang=c#-test */ """
        class C
        {
            bool _instanceFlag = Avx2.IsSupported;
            static bool s_mutable = Avx2.IsSupported;
            const bool Const = true;
            static bool WithParameter(int x) => Avx2.IsSupported;
            virtual protected bool Virtual => Avx2.IsSupported;
            static bool Settable { get; set; } = Avx2.IsSupported;

            Vector256<int> M(Vector256<int> a)
            {
                if (_instanceFlag) a = {|CPUID001:Avx2.Add|}(a, a);
                if (s_mutable) a = {|CPUID001:Avx2.Subtract|}(a, a);
                if (Const) a = {|CPUID001:Avx2.Xor|}(a, a);
                if (WithParameter(1)) a = {|CPUID001:Avx2.Or|}(a, a);
                if (Virtual) a = {|CPUID001:Avx2.And|}(a, a);
                if (Settable) a = {|CPUID001:Avx2.AndNot|}(a, a);
                return a;
            }
        }
        """);

    [Fact]
    public Task GuardMemberNamingAnAccelerationCheck_IsCPUID007() => VerifyCS.VerifyAsync(Snippet.Members(/* lang=c#-test */ """
        static bool CanVectorize => Vector256.IsHardwareAccelerated;

        static Vector256<int> M(Vector256<int> a) => CanVectorize ? {|CPUID007:Avx2.Add|}(a, a) : a;
        """));

    [Fact]
    public Task MetadataMembers_AreNotGuards() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        if (System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported) return {|CPUID001:Avx2.Add|}(a, b);
        return a;
        """));
}
