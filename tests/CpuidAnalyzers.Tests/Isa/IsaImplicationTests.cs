using CpuidAnalyzers.Tests.Verifiers;
using VerifyCS = CpuidAnalyzers.Tests.Verifiers.AllRulesVerifier;

namespace CpuidAnalyzers.Tests;

/// <summary>What a check implies comes from the runtime's type hierarchy and nesting, not a table.</summary>
public class IsaImplicationTests
{
    private static Task Verify(string body) => VerifyCS.VerifyAsync(Snippet.Method(body));

    [Fact]
    public Task Avx2_ImpliesItsBaseClasses() => Verify(/* lang=c#-test */ """
        if (!Avx2.IsSupported) return a;
        Avx.Xor(a.AsSingle(), b.AsSingle());
        Sse42.Crc32(1u, 2u);
        Sse41.Min(a.GetLower(), b.GetLower());
        Ssse3.Abs(a.GetLower());
        Sse3.MoveAndDuplicate(a.GetLower().AsDouble());
        Sse2.Add(a.GetLower(), b.GetLower());
        Sse.Add(a.GetLower().AsSingle(), b.GetLower().AsSingle());
        X86Base.Pause();
        return a;
        """);

    [Fact]
    public Task Avx_DoesNotImplyAvx2_AndAvx2_DoesNotImplyFma() => Verify(/* lang=c#-test */ """
        if (Avx.IsSupported) a = {|CPUID002:Avx2.Add|}(a, b);
        if (Avx2.IsSupported) a = {|CPUID002:Fma.MultiplyAdd|}(a.AsSingle(), b.AsSingle(), a.AsSingle()).AsInt32();
        return a;
        """);

    [Fact]
    public Task NestedX64_ImpliesContainingClassAndBaseX64() => Verify(/* lang=c#-test */ """
        if (!Sse41.X64.IsSupported) return a;
        long x = Sse41.X64.Extract(a.GetLower().AsInt64(), 1);
        Sse41.Min(a.GetLower(), b.GetLower());
        Sse2.X64.ConvertToInt64(a.GetLower().AsDouble());
        return a;
        """);

    [Fact]
    public Task ContainingClass_DoesNotImplyNestedX64() => Verify(/* lang=c#-test */ """
        if (Sse41.IsSupported) { long x = {|CPUID002:Sse41.X64.Extract|}(a.GetLower().AsInt64(), 1); }
        return a;
        """);

    [Fact]
    public Task Avx512VL_NestedInAvx512F() => Verify(/* lang=c#-test */ """
        if (Avx512F.VL.IsSupported) a = Avx512F.VL.Max(a.AsInt64(), b.AsInt64()).AsInt32();
        if (Avx512F.IsSupported) a = {|CPUID002:Avx512F.VL.Min|}(a.AsInt64(), b.AsInt64()).AsInt32();
        if (Avx512Vbmi.VL.IsSupported) a = Avx512BW.Add(a.ToVector512(), b.ToVector512()).GetLower();
        return a;
        """);

    [Fact]
    public Task ArmClasses() => VerifyCS.VerifyAsync(Snippet.Members(/* lang=c#-test */ """
        static Vector128<int> M(Vector128<int> a, Vector128<int> b)
        {
            if (AdvSimd.Arm64.IsSupported) a = AdvSimd.Arm64.AddPairwise(a, b);
            if (AdvSimd.IsSupported) a = AdvSimd.Add(a, b);
            if (Dp.IsSupported) a = AdvSimd.Subtract(a, b);
            a = {|CPUID001:AdvSimd.Multiply|}(a, b);
            if (AdvSimd.IsSupported) a = {|CPUID002:AdvSimd.Arm64.AddPairwise|}(a, b);
            return a;
        }
        """));

    [Fact]
    public Task WasmClasses() => VerifyCS.VerifyAsync(Snippet.Members(/* lang=c#-test */ """
        static Vector128<int> M(Vector128<int> a, Vector128<int> b)
        {
            if (PackedSimd.IsSupported) a = PackedSimd.Add(a, b);
            return {|CPUID001:PackedSimd.Subtract|}(a, b);
        }
        """));

    [Fact]
    public Task CrossPlatformVectorApis_AreNeverFlagged() => Verify(/* lang=c#-test */ """
        var v = Vector256.Add(a, b) + Vector256.Create(1);
        var w = new System.Numerics.Vector<int>(3) * 2;
        var x = Vector128.Shuffle(a.GetLower(), Vector128.Create(3, 2, 1, 0));
        int lz = System.Numerics.BitOperations.LeadingZeroCount(7u);
        bool ok = Vector512.IsHardwareAccelerated;
        return v;
        """);

    [Fact]
    public Task AFutureArchitectureNamespace_IsFoundFromSymbols() => VerifyCS.VerifyAsync(/* lang=c#-test */ """
        namespace System.Runtime.Intrinsics.RiscV
        {
            public abstract class RiscVBase { public static bool IsSupported => false; public static int Pause() => 0; }
            public abstract class Zbb : RiscVBase { public static new bool IsSupported => false; public static int Clz(int x) => x; }
        }

        static class C
        {
            static int M(int x)
            {
                if (System.Runtime.Intrinsics.RiscV.Zbb.IsSupported)
                    return System.Runtime.Intrinsics.RiscV.Zbb.Clz(x) + System.Runtime.Intrinsics.RiscV.RiscVBase.Pause();
                return {|CPUID003:System.Runtime.Intrinsics.RiscV.Zbb.Clz|}(x);
            }
        }
        """);
}
