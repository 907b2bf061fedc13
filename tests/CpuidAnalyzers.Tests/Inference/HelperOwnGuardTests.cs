using CpuidAnalyzers.Tests.Verifiers;
using VerifyAll = CpuidAnalyzers.Tests.Verifiers.AllRulesVerifier;
using VerifyFix = CpuidAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<CpuidAnalyzers.CodeFixes.IsaUse.AddIsSupportedCheckCodeFixProvider>;

namespace CpuidAnalyzers.Tests;

/// <summary>
/// Issue 20, part 6: a helper with a check of its own that is the wrong one, and a fallback. Where every
/// caller establishes what the helper needs, nothing is wrong; where one does not, the helper's check is
/// reported where it is (and its fix corrects the condition, keeping the fallback), not the call (whose fix
/// would throw where the helper used to fall back).
/// </summary>
public class HelperOwnGuardTests
{
    private static Task Verify(string members) => VerifyAll.VerifyAsync(Snippet.Members(members));

    [Fact]
    public Task WrongCheckWithFallback_CalledUnguarded_IsReportedInTheHelper() => Verify(/* lang=c#-test */ """
        public static Vector256<int> Entry(Vector256<int> a, Vector256<int> b) => Add(a, b);

        private static Vector256<int> Add(Vector256<int> a, Vector256<int> b)
        {
            if (Avx.IsSupported) return {|CPUID002:Avx2.Add|}(a, b);
            return a + b;
        }
        """);

    [Fact]
    public Task WrongCheckWithFallback_EveryCallerChecks_IsQuiet() => Verify(/* lang=c#-test */ """
        public static Vector256<int> Entry(Vector256<int> a, Vector256<int> b) => Avx2.IsSupported ? Add(a, b) : a + b;

        private static Vector256<int> Add(Vector256<int> a, Vector256<int> b)
        {
            if (Avx.IsSupported) return Avx2.Add(a, b);
            return a + b;
        }
        """);

    [Fact]
    public Task TwoCallsInOneBody_OneWithoutTheCheck_IsReportedInTheHelper() => Verify(/* lang=c#-test */ """
        public static Vector256<int> Entry(Vector256<int> a, Vector256<int> b)
        {
            if (Avx2.IsSupported) a = Add(a, b);
            return Add(a, b);
        }

        private static Vector256<int> Add(Vector256<int> a, Vector256<int> b)
        {
            if (Avx.IsSupported) return {|CPUID002:Avx2.Add|}(a, b);
            return a + b;
        }
        """);

    [Fact]
    public Task AccelerationCheckInAHelper_DispatchedByTheRightCheck_IsQuiet() => Verify(/* lang=c#-test */ """
        public static int Entry(ReadOnlySpan<byte> data) => Avx2.IsSupported ? Count(data) : 0;

        private static int Count(ReadOnlySpan<byte> data)
        {
            if (Vector256.IsHardwareAccelerated && data.Length >= 32)
                return System.Numerics.BitOperations.PopCount((uint)Avx2.MoveMask(Vector256.Create(data)));
            return 0;
        }
        """);

    [Fact]
    public Task AccelerationCheckInAHelper_OneCallerWithoutTheCheck_IsReportedInTheHelper() => Verify(/* lang=c#-test */ """
        public static int Entry(ReadOnlySpan<byte> data) => Avx2.IsSupported ? Count(data) : 0;

        public static int Other(ReadOnlySpan<byte> data) => Count(data);

        private static int Count(ReadOnlySpan<byte> data)
        {
            if (Vector256.IsHardwareAccelerated && data.Length >= 32)
                return System.Numerics.BitOperations.PopCount((uint){|CPUID007:Avx2.MoveMask|}(Vector256.Create(data)));
            return 0;
        }
        """);

    [Fact]
    public Task UnrelatedCheckInAHelper_OneCallerWithoutTheCheck_IsReportedInTheHelper() => Verify(/* lang=c#-test */ """
        public static uint Entry(uint x) => Avx2.IsSupported ? Spread(x) : x;

        public static uint Other(uint x) => Spread(x);

        private static uint Spread(uint x)
        {
            if (Bmi2.IsSupported) return Bmi2.ParallelBitDeposit(x, (uint){|CPUID002:Avx2.MoveMask|}(Vector256.Create((byte)x)));
            return x;
        }
        """);

    [Fact]
    public Task UsesOutsideTheHelpersOwnCheck_AreStillRequiredOfTheCallers() => Verify(/* lang=c#-test */ """
        public static Vector256<int> Entry(Vector256<int> a, Vector256<int> b) => {|CPUID008:Add|}(a, b);

        private static Vector256<int> Add(Vector256<int> a, Vector256<int> b)
        {
            a = Avx2.Subtract(a, b);
            if (Avx.IsSupported) return {|CPUID002:Fma.MultiplyAdd|}(a.AsSingle(), b.AsSingle(), a.AsSingle()).AsInt32();
            return a;
        }
        """);

    [Fact]
    public Task HelperWithoutAnyCheck_IsStillRequiredOfItsCallers() => Verify(/* lang=c#-test */ """
        public static Vector256<int> Entry(Vector256<int> a, Vector256<int> b) => {|CPUID008:Add|}(a, b);

        private static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => Avx2.Add(a, b);
        """);

    [Fact]
    public Task MethodGroupOfTheHelper_CountsAsACallerWithoutTheCheck() => Verify(/* lang=c#-test */ """
        public static Func<Vector256<int>, Vector256<int>, Vector256<int>> Entry() => Avx2.IsSupported ? Add : (x, y) => x + y;

        private static Vector256<int> Add(Vector256<int> a, Vector256<int> b)
        {
            if (Avx.IsSupported) return {|CPUID002:Avx2.Add|}(a, b);
            return a + b;
        }
        """);

    [Fact]
    public Task TheFix_CorrectsTheHelpersCheck_AndKeepsItsFallback() => VerifyFix.VerifyCodeFixAsync(Snippet.Members(/* lang=c#-test */ """
        public static Vector256<int> Entry(Vector256<int> a, Vector256<int> b) => Add(a, b);

        private static Vector256<int> Add(Vector256<int> a, Vector256<int> b)
        {
            if (Avx.IsSupported) return {|CPUID002:Avx2.Add|}(a, b);
            return a + b;
        }
        """), Snippet.Members(/* lang=c#-test */ """
        public static Vector256<int> Entry(Vector256<int> a, Vector256<int> b) => Add(a, b);

        private static Vector256<int> Add(Vector256<int> a, Vector256<int> b)
        {
            if (Avx2.IsSupported) return Avx2.Add(a, b);
            return a + b;
        }
        """));
}
