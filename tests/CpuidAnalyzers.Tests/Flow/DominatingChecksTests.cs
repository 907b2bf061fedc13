using System.Threading;
using CpuidAnalyzers.Flow;
using CpuidAnalyzers.Isa;
using CpuidAnalyzers.Tests.Verifiers;
using VerifyCS = CpuidAnalyzers.Tests.Verifiers.AllRulesVerifier;

namespace CpuidAnalyzers.Tests;

/// <summary>
/// Bodies whose every use sits under a covering check are settled without a ControlFlowGraph
/// (<see cref="DominatingChecks"/>). The common dispatch shapes must take that path (it is most of the
/// cost saved on ordinary SIMD code); shapes where a path can bypass the check must not, and are still
/// flagged by the full flow.
/// </summary>
public class DominatingChecksTests
{
    [Theory]
    [InlineData("if (Avx2.IsSupported) return Avx2.Add(a, b);\nreturn a;")]
    [InlineData("if (Avx2.IsSupported) return Avx2.Add(a, b);\nelse if (Sse41.IsSupported) return Vector256.Create(Sse41.Min(a.GetLower(), b.GetLower()), " +
        "a.GetUpper());\nreturn a;")]
    [InlineData("if (!Avx2.IsSupported) return a;\nreturn Avx2.Add(a, b);")]
    [InlineData("if (!Avx2.IsSupported) { a = b; throw new PlatformNotSupportedException(); }\nreturn Avx2.Add(a, b);")]
    [InlineData("if (Avx2.IsSupported) { } else return a;\nreturn Avx2.Add(a, b);")]
    [InlineData("if (!Avx2.IsSupported) return a;\nelse a = b;\nreturn Avx2.Add(a, b);")]
    [InlineData("return Avx2.IsSupported ? Avx2.Add(a, b) : a;")]
    [InlineData("return !Avx2.IsSupported ? a : Avx2.Add(a, b);")]
    [InlineData("return Avx2.IsSupported && Avx2.MoveMask(a.AsByte()) != 0 ? a : b;")]
    [InlineData("return !Avx2.IsSupported || Avx2.MoveMask(a.AsByte()) != 0 ? a : b;")]
    [InlineData("bool fast = Avx2.IsSupported && flag;\nif (fast) return Avx2.Add(a, b);\nreturn a;")]
    [InlineData("if (Avx512F.VL.IsSupported) return Avx2.Add(a, b);\nreturn a;")]
    [InlineData("for (int i = 0; i < 4; i++) { if (!Avx2.IsSupported) break; a = Avx2.Add(a, b); }\nreturn a;")]
    [InlineData("if (!Avx2.IsSupported) return a;\nFunc<Vector256<int>> f = () => Avx2.Add(a, b);\nreturn f();")]
    [InlineData("if (!Avx2.IsSupported) return a;\nswitch (a[0]) { case 0: return Avx2.Add(a, b); default: return Avx2.Subtract(a, b); }")]
    [InlineData("switch (a[0]) { case 0: if (!Avx2.IsSupported) break; return Avx2.Add(a, b); }\nreturn a;")]
    public void CommonShapes_AreSettledWithoutAGraph(string body) => Assert.True(SettledWithoutGraph(body));

    [Theory]
    [InlineData("return Avx2.Add(a, b);")]
    [InlineData("if (Avx2.IsSupported) a = b;\nreturn Avx2.Add(a, b);")]
    [InlineData("if (Avx2.IsSupported || flag) return Avx2.Add(a, b);\nreturn a;")]
    [InlineData("if (!Avx2.IsSupported) { if (flag) return a; }\nreturn Avx2.Add(a, b);")]
    [InlineData("if (Sse41.IsSupported) a = b;\nelse return a;\nreturn Avx2.Add(a, b);")]
    [InlineData("bool fast = Avx2.IsSupported;\nfast = flag;\nif (fast) return Avx2.Add(a, b);\nreturn a;")]
    [InlineData("if (flag) goto use;\nif (!Avx2.IsSupported) return a;\nuse:\nreturn Avx2.Add(a, b);")]
    [InlineData("var r = Run();\nif (!Avx2.IsSupported) return a;\nreturn r;\nVector256<int> Run() => Avx2.Add(a, b);")]
    [InlineData("Debug.Assert(Avx2.IsSupported);\nreturn Avx2.Add(a, b);")]
    [InlineData("if (Sse2.IsSupported) return Avx2.Add(a, b);\nreturn a;")]
    [InlineData("if (Avx2.IsSupported) return a;\nreturn Avx2.Add(a, b);")]
    public void BypassableOrUncheckedShapes_GoToTheGraph(string body) => Assert.False(SettledWithoutGraph(body));

    [Fact]
    public Task Label_AfterEarlyExit_IsFlagged() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        if (flag) goto use;
        if (!Avx2.IsSupported) return a;
        use:
        return {|CPUID001:Avx2.Add|}(a, b);
        """));

    [Fact]
    public Task LocalFunction_CalledBeforeTheCheck_IsFlagged() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        var r = {|CPUID008:Run|}();
        if (!Avx2.IsSupported) return a;
        return r;
        Vector256<int> Run() => Avx2.Add(a, b);
        """));

    [Fact]
    public Task ArmThatMayFallThrough_IsFlagged() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        if (!Avx2.IsSupported) { if (flag) return a; }
        return {|CPUID001:Avx2.Add|}(a, b);
        """));

    [Fact]
    public Task BoolLocalWrittenTwice_IsFlagged() => VerifyCS.VerifyAsync(Snippet.Method(/* lang=c#-test */ """
        bool fast = Avx2.IsSupported;
        fast = flag;
        if (fast) return {|CPUID001:Avx2.Add|}(a, b);
        return a;
        """));

    [Fact]
    public Task YieldReturnDoesNotLeave_IsFlagged() => VerifyCS.VerifyAsync(Snippet.Members(/* lang=c#-test */ """
        static System.Collections.Generic.IEnumerable<Vector256<int>> M(Vector256<int> a, Vector256<int> b)
        {
            if (!Avx2.IsSupported) yield return a;
            yield return {|CPUID001:Avx2.Add|}(a, b);
        }
        """));

    /// <summary>Whether the body of <c>C.M</c> in <see cref="Snippet.Method"/> is settled by <see cref="DominatingChecks"/>.</summary>
    private static bool SettledWithoutGraph(string body)
    {
        var method = MethodBody.Of(body);
        var uses = IsaMemberUse.Find(method.Root, method.Model, new IsaContracts(method.Model), CancellationToken.None);
        Assert.NotEmpty(uses.Uses);
        return DominatingChecks.CoverAll(new BodyVariables(method.Root, method.Model), uses, GuardState.Unknown, method.Model, method.GuardMembers,
            CancellationToken.None);
    }
}
