using CpuidAnalyzers.Tests.Verifiers;
using VerifyCS = CpuidAnalyzers.Tests.Verifiers.AllRulesVerifier;

namespace CpuidAnalyzers.Tests;

/// <summary>
/// The guard forms the shared flow analysis must understand, each shown guarded (silent) and
/// broken (flagged). CPUID001 is the probe; every rule reads the same analysis.
/// </summary>
public class GuardAnalysisTests
{
    private static Task Silent(string body) => VerifyCS.VerifyAsync(Snippet.Method(body));

    private static Task Flagged(string body) => VerifyCS.VerifyAsync(Snippet.Method(body));

    [Fact]
    public Task IfElse() => Silent(/* lang=c#-test */ """
        if (Avx2.IsSupported) return Avx2.Add(a, b);
        else if (Sse2.IsSupported) return Vector256.Create(Sse2.Add(a.GetLower(), b.GetLower()), Sse2.Add(a.GetUpper(), b.GetUpper()));
        else return a + b;
        """);

    [Fact]
    public Task ElseBranchOfGuard_IsFlagged() => Flagged(/* lang=c#-test */ """
        if (Avx2.IsSupported) return a;
        else return {|CPUID003:Avx2.Add|}(a, b);
        """);

    [Fact]
    public Task EarlyReturn() => Silent(/* lang=c#-test */ """
        if (!Avx2.IsSupported) return a + b;
        return Avx2.Add(a, b);
        """);

    [Fact]
    public Task EarlyThrow() => Silent(/* lang=c#-test */ """
        if (!Avx2.IsSupported) throw new PlatformNotSupportedException();
        return Avx2.Add(a, b);
        """);

    [Fact]
    public Task EarlyReturnOnWrongCondition_IsFlagged() => Flagged(/* lang=c#-test */ """
        if (Avx2.IsSupported) return a + b;
        return {|CPUID003:Avx2.Add|}(a, b);
        """);

    [Fact]
    public Task CodeAfterIfBlock_IsFlagged() => Flagged(/* lang=c#-test */ """
        if (Avx2.IsSupported) { a = Avx2.Add(a, b); }
        return {|CPUID001:Avx2.Subtract|}(a, b);
        """);

    [Fact]
    public Task ConditionalAnd() => Silent(/* lang=c#-test */ """
        if (Avx2.IsSupported && flag) return Avx2.Add(a, b);
        if (flag && Avx2.IsSupported) return Avx2.Subtract(a, b);
        return a;
        """);

    [Fact]
    public Task ConditionalAnd_RightOperandIsGuarded() => Silent(/* lang=c#-test */ """
        return Avx2.IsSupported && Avx2.MoveMask(a.AsByte()) != 0 ? a : b;
        """);

    [Fact]
    public Task ConditionalOr_DoesNotGuard() => Flagged(/* lang=c#-test */ """
        if (Avx2.IsSupported || flag) return {|CPUID001:Avx2.Add|}(a, b);
        return a;
        """);

    [Fact]
    public Task NegatedOr_EarlyReturn() => Silent(/* lang=c#-test */ """
        if (!Avx2.IsSupported || !Bmi2.IsSupported) return a;
        uint x = Bmi2.ParallelBitDeposit(1u, 2u);
        return Avx2.Add(a, b);
        """);

    [Fact]
    public Task NonShortCircuitOperators() => Silent(/* lang=c#-test */ """
        if (Avx2.IsSupported & Bmi1.IsSupported) { Bmi1.AndNot(1u, 2u); return Avx2.Add(a, b); }
        if (!(Avx2.IsSupported | flag)) return a;
        return a;
        """);

    [Fact]
    public Task NonShortCircuitOr_IsFlagged() => Flagged(/* lang=c#-test */ """
        if (Avx2.IsSupported | flag) return {|CPUID001:Avx2.Add|}(a, b);
        return a;
        """);

    [Fact]
    public Task Ternary() => Silent(/* lang=c#-test */ """
        return Avx2.IsSupported ? Avx2.Add(a, b) : a + b;
        """);

    [Fact]
    public Task Ternary_FalseArm_IsFlagged() => Flagged(/* lang=c#-test */ """
        return Avx2.IsSupported ? a + b : {|CPUID003:Avx2.Subtract|}(a, b);
        """);

    [Theory]
    [InlineData("Avx2.IsSupported == true")]
    [InlineData("true == Avx2.IsSupported")]
    [InlineData("Avx2.IsSupported != false")]
    [InlineData("Avx2.IsSupported is true")]
    [InlineData("Avx2.IsSupported is not false")]
    [InlineData("!!Avx2.IsSupported")]
    [InlineData("!(Avx2.IsSupported == false)")]
    public Task ComparisonsAndPatterns(string condition) => Silent(/* lang=c#-test */ $$"""
        if ({{condition}}) return Avx2.Add(a, b);
        return a;
        """);

    [Theory]
    [InlineData("Avx2.IsSupported == false")]
    [InlineData("Avx2.IsSupported != true")]
    [InlineData("Avx2.IsSupported is false")]
    [InlineData("Avx2.IsSupported is not true")]
    [InlineData("!Avx2.IsSupported")]
    public Task NegatedComparisonsAndPatterns_EarlyReturn(string condition) => Silent(/* lang=c#-test */ $$"""
        if ({{condition}}) return a;
        return Avx2.Add(a, b);
        """);

    [Theory]
    [InlineData("Avx2.IsSupported == false")]
    [InlineData("Avx2.IsSupported is false")]
    [InlineData("Avx2.IsSupported != true")]
    public Task NegatedComparisons_AsGuard_AreFlagged(string condition) => Flagged(/* lang=c#-test */ $$"""
        if ({{condition}}) return {|CPUID003:Avx2.Add|}(a, b);
        return a;
        """);

    [Fact]
    public Task WhileLoopCondition() => Silent(/* lang=c#-test */ """
        int i = 0;
        while (Avx2.IsSupported && i < 10) { a = Avx2.Add(a, b); i++; }
        return a;
        """);

    [Fact]
    public Task ForLoopInsideGuard() => Silent(/* lang=c#-test */ """
        if (Avx2.IsSupported)
        {
            for (int i = 0; i < 10; i++)
            {
                if (i % 2 == 0) continue;
                a = Avx2.Add(a, b);
            }
        }
        return a;
        """);

    [Fact]
    public Task LoopWithUnguardedUse_IsFlagged() => Flagged(/* lang=c#-test */ """
        for (int i = 0; i < 10; i++)
        {
            if (!Avx2.IsSupported) continue;
            a = Avx2.Add(a, b);
            b = {|CPUID002:Fma.MultiplyAdd|}(a.AsSingle(), b.AsSingle(), a.AsSingle()).AsInt32();
            if (flag) break;
        }
        return {|CPUID001:Avx2.Subtract|}(a, b);
        """);

    [Fact]
    public Task ContinueAndBreakGuards() => Silent(/* lang=c#-test */ """
        foreach (var x in new int[3])
        {
            if (!Avx2.IsSupported) break;
            a = Avx2.Add(a, b);
        }
        return a;
        """);

    [Fact]
    public Task Goto() => Silent(/* lang=c#-test */ """
        if (!Avx2.IsSupported) goto fallback;
        return Avx2.Add(a, b);
        fallback:
        return a + b;
        """);

    [Fact]
    public Task Goto_IntoUnguardedLabel_IsFlagged() => Flagged(/* lang=c#-test */ """
        if (Avx2.IsSupported) goto fast;
        if (flag) goto fast;
        return a;
        fast:
        return {|CPUID001:Avx2.Add|}(a, b);
        """);

    [Fact]
    public Task NestedGuards() => Silent(/* lang=c#-test */ """
        if (Avx.IsSupported)
        {
            if (Avx2.IsSupported)
            {
                if (Fma.IsSupported) a = Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), a.AsSingle()).AsInt32();
                return Avx2.Add(a, b);
            }
            return Avx.Xor(a.AsSingle(), b.AsSingle()).AsInt32();
        }
        return a;
        """);

    [Fact]
    public Task TryFinally() => Silent(/* lang=c#-test */ """
        if (!Avx2.IsSupported) return a;
        try { a = Avx2.Add(a, b); }
        catch (InvalidOperationException) { a = Avx2.Subtract(a, b); }
        finally { b = Avx2.Xor(a, b); }
        return a;
        """);

    [Fact]
    public Task GuardInsideTry_DoesNotCoverCatchOrFinally() => Flagged(/* lang=c#-test */ """
        try
        {
            if (!Avx2.IsSupported) return a;
            a = Avx2.Add(a, b);
        }
        catch (InvalidOperationException) { a = {|CPUID001:Avx2.Subtract|}(a, b); }
        finally { b = {|CPUID001:Avx2.Xor|}(a, b); }
        return a;
        """);

    [Fact]
    public Task LocalBool() => Silent(/* lang=c#-test */ """
        bool ok = Avx2.IsSupported && Bmi2.IsSupported;
        if (ok) { Bmi2.ZeroHighBits(1u, 2u); return Avx2.Add(a, b); }
        if (!ok) return a;
        return Avx2.Subtract(a, b);
        """);

    [Fact]
    public Task LocalBool_ReassignedFromUnknown_IsFlagged() => Flagged(/* lang=c#-test */ """
        bool ok = Avx2.IsSupported;
        ok = flag;
        if (ok) return {|CPUID001:Avx2.Add|}(a, b);
        return a;
        """);

    [Fact]
    public Task LocalBool_WrittenByRef_IsNotTrusted() => Flagged(/* lang=c#-test */ """
        bool ok = Avx2.IsSupported;
        Set(ref ok);
        if (ok) return {|CPUID001:Avx2.Add|}(a, b);
        return a;
        static void Set(ref bool value) => value = true;
        """);

    [Fact]
    public Task LocalBool_WrittenInLambda_IsNotTrusted() => Flagged(/* lang=c#-test */ """
        bool ok = Avx2.IsSupported;
        Action set = () => ok = true;
        set();
        if (ok) return {|CPUID001:Avx2.Add|}(a, b);
        return a;
        """);

    [Fact]
    public Task LocalBool_CompoundAssignment() => Silent(/* lang=c#-test */ """
        bool ok = Avx2.IsSupported;
        ok &= Fma.IsSupported;
        if (ok) return Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), a.AsSingle()).AsInt32() + Avx2.Add(a, b);
        return a;
        """);

    [Fact]
    public Task SwitchOnIsSupported() => Silent(/* lang=c#-test */ """
        switch (Avx2.IsSupported)
        {
            case true: return Avx2.Add(a, b);
            case false: return a + b;
        }
        """);

    [Fact]
    public Task SwitchExpressionOnIsSupported() => Silent(/* lang=c#-test */ """
        return Avx2.IsSupported switch
        {
            true => Avx2.Add(a, b),
            false => a + b,
        };
        """);

    [Fact]
    public Task SwitchExpression_WrongArm_IsFlagged() => Flagged(/* lang=c#-test */ """
        return Avx2.IsSupported switch
        {
            true => a + b,
            false => {|CPUID003:Avx2.Add|}(a, b),
        };
        """);

    [Fact]
    public Task DebugAssert() => Silent(/* lang=c#-test */ """
        Debug.Assert(Avx2.IsSupported);
        return Avx2.Add(a, b);
        """);

    [Fact]
    public Task UnknownConditions_AreNotGuards() => Flagged(/* lang=c#-test */ """
        const bool UseAvx2 = true;
        if (UseAvx2) a = {|CPUID001:Avx2.Add|}(a, b);
        if (flag) a = {|CPUID001:Avx2.Subtract|}(a, b);
        if (Environment.Is64BitProcess) a = {|CPUID004:Avx2.Xor|}(a, b);
        if (Vector256.IsHardwareAccelerated) a = {|CPUID007:Avx2.Or|}(a, b);
        return a;
        """);

    [Fact]
    public Task ImpossiblePath_IsNotReported() => Silent(/* lang=c#-test */ """
        if (Avx2.IsSupported && !Sse2.IsSupported) return Avx512F.Add(a.ToVector512(), b.ToVector512()).GetLower();
        return a;
        """);

    [Fact]
    public Task LambdaCreatedUnderGuard() => Silent(/* lang=c#-test */ """
        if (!Avx2.IsSupported) return a;
        Func<Vector256<int>, Vector256<int>> add = x => Avx2.Add(x, b);
        Func<Vector256<int>, Vector256<int>, Vector256<int>> group = Avx2.Subtract;
        return add(group(a, b));
        """);

    [Fact]
    public Task LambdaCreatedWithoutGuard_IsFlagged() => Flagged(/* lang=c#-test */ """
        Func<Vector256<int>, Vector256<int>> add = x => {|CPUID001:Avx2.Add|}(x, b);
        Func<Vector256<int>, Vector256<int>> guarded = x => Avx2.IsSupported ? Avx2.Add(x, b) : x;
        return add(guarded(a));
        """);

    [Fact]
    public Task LambdaSeesLocalBoolAssignedOnce() => Silent(/* lang=c#-test */ """
        bool fast = Avx2.IsSupported;
        Func<Vector256<int>> f = () => fast ? Avx2.Add(a, b) : a;
        return f();
        """);

    [Fact]
    public Task MethodGroup_IsAUse() => Flagged(/* lang=c#-test */ """
        Func<Vector256<int>, Vector256<int>, Vector256<int>> f = {|CPUID001:Avx2.Add|};
        return f(a, b);
        """);

    [Fact]
    public Task LocalFunction_CalledOnlyUnderGuard() => Silent(/* lang=c#-test */ """
        if (Avx2.IsSupported) return Fast(a, b);
        return a;

        static Vector256<int> Fast(Vector256<int> x, Vector256<int> y) => Avx2.Add(x, y);
        """);

    /// <summary>A local function is inferred like a private helper: the unguarded call is reported, naming it (RequirementInferenceTests).</summary>
    [Fact]
    public Task LocalFunction_CalledOnceWithoutGuard_IsFlaggedAtTheCall() => Flagged(/* lang=c#-test */ """
        if (Avx2.IsSupported) a = Fast(a, b);
        return {|CPUID008:Fast|}(a, b);

        static Vector256<int> Fast(Vector256<int> x, Vector256<int> y) => Avx2.Add(x, y);
        """);

    [Fact]
    public Task LocalFunction_ConvertedToDelegateUnderGuard() => Silent(/* lang=c#-test */ """
        if (!Avx2.IsSupported) return a;
        Func<Vector256<int>, Vector256<int>, Vector256<int>> f = Fast;
        return f(a, b);

        static Vector256<int> Fast(Vector256<int> x, Vector256<int> y) => Avx2.Add(x, y);
        """);

    [Fact]
    public Task LocalFunction_NeverCalled_IsAnalyzedAlone() => Flagged(/* lang=c#-test */ """
        return a;

        static Vector256<int> Unused(Vector256<int> x, Vector256<int> y) => {|CPUID001:Avx2.Add|}(x, y);
        """);

    [Fact]
    public Task LocalFunction_Recursive() => Silent(/* lang=c#-test */ """
        if (Avx2.IsSupported) return Fast(a, 3);
        return a;

        Vector256<int> Fast(Vector256<int> x, int n) => n == 0 ? x : Fast(Avx2.Add(x, b), n - 1);
        """);

    [Fact]
    public Task AsyncMethod() => VerifyCS.VerifyAsync(Snippet.Members(/* lang=c#-test */ """
        static async System.Threading.Tasks.Task<Vector256<int>> M(Vector256<int> a)
        {
            if (!Avx2.IsSupported) return a;
            await System.Threading.Tasks.Task.Yield();
            a = Avx2.Add(a, a);
            await System.Threading.Tasks.Task.Yield();
            return a;
        }

        static async System.Threading.Tasks.Task<Vector256<int>> N(Vector256<int> a)
        {
            await System.Threading.Tasks.Task.Yield();
            return {|CPUID001:Avx2.Add|}(a, a);
        }
        """));

    [Fact]
    public Task UsingDeclarationAndLock() => Silent(/* lang=c#-test */ """
        if (!Avx2.IsSupported) return a;
        lock (typeof(C))
        {
            using var d = new System.IO.MemoryStream();
            return Avx2.Add(a, b);
        }
        """);
}
