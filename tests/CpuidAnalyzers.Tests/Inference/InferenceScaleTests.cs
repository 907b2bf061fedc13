using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Text;
using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Tests;

/// <summary>
/// Call graphs that made the old per-helper recursion overflow the stack or take minutes (issue 19): long
/// chains, cycles, deep class hierarchies, thousands of helpers in one class. Each runs every rule, as a
/// build does, and must give the right answer with no analyzer exception, in a time far below what the
/// recursion took (the sizes are those that failed or took 30 s and more before).
/// </summary>
public class InferenceScaleTests
{
    /// <summary>With <see cref="AnalysisBudget"/>'s share of the compile time: the old analysis took 30 s to minutes at these sizes, or crashed.</summary>
    private static readonly TimeSpan Allowance = TimeSpan.FromSeconds(15);

    private const string Usings = "using System;\nusing System.Runtime.Intrinsics;\nusing System.Runtime.Intrinsics.X86;\n";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ChainOf3000Helpers_IsFollowedToItsEnd(bool guarded)
    {
        var source = new StringBuilder(Usings).AppendLine("static class C\n{")
            .AppendLine(guarded ? "    public static int Entry() => Avx2.IsSupported ? H0() : 0;" : "    public static int Entry() => H0();");
        for (var i = 0; i < 2_999; i++) source.AppendLine($"    private static int H{i}() => H{i + 1}() + 1;");
        source.AppendLine("    private static int H2999() => Avx2.MoveMask(Vector256<byte>.Zero);\n}");

        var diagnostics = await RunAllRules(source.ToString());

        // Unguarded, the one report is the entry's call: every helper needs Avx2 through the chain.
        Assert.Equal(guarded ? new string[0] : new[] { "CPUID008 H0" }, diagnostics);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(500)]
    public async Task CycleOfHelpers_ReachesItsFixedPoint(int helpers)
    {
        var source = new StringBuilder(Usings).AppendLine("static class C\n{")
            .AppendLine("    public static uint Entry(uint x) => Popcnt.IsSupported ? H0(x) : 0;")
            .AppendLine("    public static uint Unguarded(uint x) => H7(x);");
        for (var i = 0; i < helpers; i++)
            source.AppendLine($"    private static uint H{i}(uint x) => x == 0 ? 0 : Popcnt.PopCount(x) + H{(i + 1) % helpers}(x - 1);");
        source.AppendLine("}");

        Assert.Equal(new[] { "CPUID008 H7" }, await RunAllRules(source.ToString()));
    }

    [Fact]
    public async Task HierarchyOf200InternalClasses_EachUsingAnIntrinsic()
    {
        var source = new StringBuilder(Usings).AppendLine("class B0 { internal B0() { } }");
        for (var i = 1; i < 200; i++)
            source.AppendLine($"class B{i} : B{i - 1} {{ internal B{i}() {{ }} internal int G{i}() => Sse2.MoveMask(Vector128<byte>.Zero); }}");
        source.AppendLine("static class E\n{")
            .AppendLine("    public static int M() => Sse2.IsSupported ? new B199().G199() : 0;")
            .AppendLine("    public static int N() => new B150().G150();\n}");

        Assert.Equal(new[] { "CPUID008 new B150()" }, await RunAllRules(source.ToString()));
    }

    [Fact]
    public async Task OneClassWith2000DispatchersAndHelpers()
    {
        var source = new StringBuilder(Usings).AppendLine("public static class C\n{");
        for (var i = 0; i < 2_000; i++)
        {
            source.AppendLine($"    public static int D{i}() => Sse41.IsSupported ? H{i}() : 0;");
            source.AppendLine($"    private static int H{i}() => Sse41.TestZ(Vector128<int>.Zero, Vector128<int>.Zero) ? {i} : 0;");
        }
        source.AppendLine("    public static int Wrong() => Sse2.IsSupported ? H17() : 0;\n}");

        Assert.Equal(new[] { "CPUID002 H17" }, await RunAllRules(source.ToString()));
    }

    /// <summary>Issue 20, part 6: a helper with a check of its own is judged from every call's flow, each calling body read once.</summary>
    [Fact]
    public async Task OneHelperWithItsOwnCheck_Called2000Times()
    {
        var source = new StringBuilder(Usings).AppendLine("public static class C\n{");
        source.AppendLine("    private static int H(Vector128<int> v) => Vector128.IsHardwareAccelerated ? (Sse41.TestZ(v, v) ? 1 : 0) : 0;");
        for (var i = 0; i < 1_000; i++)
            source.AppendLine($"    public static int D{i}(Vector128<int> v) {{ if (!Sse41.IsSupported) return 0; return H(v) + H(v + v); }}");
        source.AppendLine("    public static int Wrong(Vector128<int> v) => H(v);\n}");

        Assert.Equal(new[] { "CPUID007 Sse41.TestZ" }, await RunAllRules(source.ToString()));
    }

    [Fact]
    public async Task OneThousandStrategyClasses_EachCreatedUnderItsCheck()
    {
        var source = new StringBuilder(Usings).AppendLine("interface I { int F(); }");
        for (var i = 0; i < 1_000; i++)
            source.AppendLine($"sealed class K{i} : I {{ public int F() => G(); int G() => Sse41.TestZ(Vector128<int>.Zero, Vector128<int>.Zero) ? {i} : 0; }}");
        source.AppendLine("public static class Make\n{\n    public static int M(int k)\n    {");
        for (var i = 0; i < 1_000; i++) source.AppendLine($"        if (k == {i} && Sse41.IsSupported) return new K{i}().F();");
        source.AppendLine("        return new K999().F();\n    }\n}");

        Assert.Equal(new[] { "CPUID008 new K999()" }, await RunAllRules(source.ToString()));
    }

    /// <summary>Every rule over one file: "ID text" of each diagnostic (the text it is reported on), in source order.</summary>
    private static async Task<string[]> RunAllRules(string source)
    {
        var compilation = AnalyzerRunner.Compile(source);
        var budget = AnalysisBudget.For(source, Allowance);
        var watch = Stopwatch.StartNew();
        var diagnostics = await AnalyzerRunner.AllRulesAsync(compilation);
        watch.Stop();
        Assert.True(watch.Elapsed < budget, $"the analysis took {watch.Elapsed.TotalSeconds:N1} s (limit {budget.TotalSeconds:N1} s)");
        return diagnostics.Where(d => d.Severity > DiagnosticSeverity.Hidden)
            .OrderBy(d => d.Location.SourceSpan.Start)
            .Select(d => d.Id + " " + d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan))
            .ToArray();
    }
}
