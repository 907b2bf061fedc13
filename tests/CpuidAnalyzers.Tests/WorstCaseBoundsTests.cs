using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Text.RegularExpressions;
using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Tests;

/// <summary>
/// Issue 19: adversarial but valid conditions. Each reproducer at the size that used to overflow the stack or run
/// for seconds: every analyzer of the package finishes, without exception, within a generous time (a loaded 2-core
/// machine runs the whole suite in parallel), with the answer the markup shows. Past a budget (see
/// docs/performance.md, "Worst-case bounds") the engine falls back to "unknown", which may report a use, never hide one.
/// </summary>
public class WorstCaseBoundsTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    private static string Chain(string term, string op, int count) => string.Join(" " + op + " ", Enumerable.Repeat(term, count));

    private static readonly string[] Classes = { "Sse2", "Sse3", "Ssse3", "Sse41", "Sse42", "Avx", "Avx2", "Popcnt", "Lzcnt", "Bmi1", "Bmi2", "Fma",
        "System.Runtime.Intrinsics.X86.Aes", "Pclmulqdq" };

    /// <summary><c>(Sse2 || Sse3) &amp;&amp; (Ssse3 || Sse41) &amp;&amp; …</c>: its first clause implies Sse2 (Sse3 does).</summary>
    private static string Cnf(int clauses) =>
        string.Join(" && ", Enumerable.Range(0, clauses).Select(i
            => $"({Classes[2 * i % Classes.Length]}.IsSupported || {Classes[(2 * i + 1) % Classes.Length]}.IsSupported)"));

    [Fact]
    public Task AndChainOf3000_InGuardField_Guards() => AnalyzeWithin(Snippet.Members(/* lang=c#-test */ $$"""
        static readonly bool Ok = {{Chain("Sse2.IsSupported", "&&", 3000)}};
        static int M() => Ok ? Sse2.MoveMask(Vector128<byte>.Zero) : 0;
        """));

    [Fact]
    public Task AndChainOf5000_InIf_Guards() => AnalyzeWithin(Snippet.Members(/* lang=c#-test */ $$"""
        static int M()
        {
            if ({{Chain("Sse2.IsSupported", "&&", 5000)}}) return Sse2.MoveMask(Vector128<byte>.Zero);
            return 0;
        }
        """));

    [Fact]
    public Task AndChainOf10000_InIf_Guards() => AnalyzeWithin(Snippet.Members(/* lang=c#-test */ $$"""
        static int M()
        {
            if ({{Chain("Sse2.IsSupported", "&&", 10000)}}) return Sse2.MoveMask(Vector128<byte>.Zero);
            return {|CPUID003:Sse2.MoveMask|}(Vector128<byte>.Zero);
        }
        """));

    // x ^ x is false and false ^ x is x: an even chain of one check is false, so the use is unreachable.
    [Fact]
    public Task XorChainOf18_IsFalse() => AnalyzeWithin(Snippet.Members(/* lang=c#-test */ $$"""
        static int M()
        {
            if ({{Chain("Sse2.IsSupported", "^", 18)}}) return Sse2.MoveMask(Vector128<byte>.Zero);
            return 0;
        }
        """));

    [Fact]
    public Task NotEqualsChainOf18_IsFalse() => AnalyzeWithin(Snippet.Members(/* lang=c#-test */ $$"""
        static int M()
        {
            if ({{Chain("Sse2.IsSupported", "!=", 18)}}) return Sse2.MoveMask(Vector128<byte>.Zero);
            return 0;
        }
        """));

    // x == x is true and true == x is x: an even chain of one check is always true, so it guards nothing.
    [Fact]
    public Task EqualsChainOf30_IsTrue_DoesNotGuard() => AnalyzeWithin(Snippet.Members(/* lang=c#-test */ $$"""
        static int M()
        {
            if ({{Chain("Sse2.IsSupported", "==", 30)}}) return {|CPUID001:Sse2.MoveMask|}(Vector128<byte>.Zero);
            return 0;
        }
        """));

    [Fact]
    public Task CnfOf22Clauses_InIf_Guards() => AnalyzeWithin(Snippet.Members(/* lang=c#-test */ $$"""
        static int M()
        {
            if ({{Cnf(22)}}) return Sse2.MoveMask(Vector128<byte>.Zero);
            return 0;
        }
        """));

    // 40 clauses are 159 formula nodes: within the budget, read exactly in a guard field too.
    [Fact]
    public Task CnfOf40Clauses_InGuardField_Guards() => AnalyzeWithin(Snippet.Members(/* lang=c#-test */ $$"""
        static readonly bool Ok = {{Cnf(40)}};
        static int M() => Ok ? Sse2.MoveMask(Vector128<byte>.Zero) : 0;
        """));

    [Fact]
    public Task CnfOf24BoolLocals_Guards()
    {
        var locals = string.Concat(Enumerable.Range(0, 24).Select(i => $"bool b{i} = {Classes[i % Classes.Length]}.IsSupported;\n"));
        var condition = string.Join(" && ", Enumerable.Range(0, 12).Select(i => $"(b{2 * i} || b{2 * i + 1})"));
        return AnalyzeWithin(Snippet.Members(/* lang=c#-test */ $$"""
            static int M()
            {
            {{locals}}    if ({{condition}}) return Sse2.MoveMask(Vector128<byte>.Zero);
                return 0;
            }
            """));
    }

    // Past the formula budget (30 classes xor-ed are 2^30 nodes written out), the xor is Unknown; the check of Sse2
    // before it is kept (Sse2 ∧ Unknown), so the use is still guarded.
    [Fact]
    public Task XorOf30Classes_PastBudget_KeepsTheCheckBeforeIt() => AnalyzeWithin(Snippet.Members(/* lang=c#-test */ $$"""
        static readonly bool Ok = Sse2.IsSupported && ({{string.Join(" ^ ", Enumerable.Range(0, 30).Select(i => Classes[i % Classes.Length] + ".IsSupported"))}});
        static int M() => Ok ? Sse2.MoveMask(Vector128<byte>.Zero) : 0;
        """));

    // The same xor before the check: the xor is cut to what fits (a partial formula of a few nodes), so the check
    // of Sse2 after it still fits and still guards.
    [Fact]
    public Task XorOf30Classes_PastBudget_BeforeTheCheck_StillGuards() => AnalyzeWithin(Snippet.Members(/* lang=c#-test */ $$"""
        static readonly bool Ok = ({{string.Join(" ^ ", Enumerable.Range(0, 30).Select(i => Classes[i % Classes.Length] + ".IsSupported"))}}) && Sse2.IsSupported;
        static int M() => Ok ? Sse2.MoveMask(Vector128<byte>.Zero) : 0;
        """));

    // Nesting past MaxNesting (200) reads as Unknown: a right-leaning && chain of 300 checks of Sse2, in a guard
    // field, keeps only the outer checks (each Sse2), so it still guards.
    [Fact]
    public Task RightNestedAndChainOf300_InGuardField_Guards() => AnalyzeWithin(Snippet.Members(/* lang=c#-test */ $$"""
        static readonly bool Ok = {{string.Concat(Enumerable.Repeat("Sse2.IsSupported && (", 299))}}Sse2.IsSupported{{new string(')', 299)}};
        static int M() => Ok ? Sse2.MoveMask(Vector128<byte>.Zero) : 0;
        """));

    // 300 negations: the reading gives up past MaxNesting, so the field is Unknown and the use is reported (sound).
    [Fact]
    public Task NegationsOf300_InGuardField_PastNesting_IsReported() => AnalyzeWithin(Snippet.Members(/* lang=c#-test */ $$"""
        static readonly bool Ok = {{new string('!', 300)}}Sse2.IsSupported;
        static int M() => Ok ? {|CPUID001:Sse2.MoveMask|}(Vector128<byte>.Zero) : 0;
        """));

    // An else-if chain of 2,000 arms that all leave: after it Sse2 is known (the checks above a use are read
    // along the chain iteratively, not one frame per arm).
    [Fact]
    public Task ElseIfChainOf2000_ThatAlwaysLeaves_Guards() => AnalyzeWithin(Snippet.Members(/* lang=c#-test */ $$"""
        static int M(int x)
        {
            if (Sse2.IsSupported) { }
        {{string.Concat(Enumerable.Range(1, 2000).Select(i => $"    else if (x == {i}) return {i};\n"))}}    else return 0;
            return Sse2.MoveMask(Vector128<byte>.Zero);
        }
        """));

    /// <summary>
    /// Runs every analyzer on <paramref name="markup"/> (<c>{|ID:text|}</c> marks each expected diagnostic) and
    /// checks that they finish within <see cref="Limit"/> plus <see cref="AnalysisBudget"/>'s share of the compile time, throw nothing, and report exactly the
    /// marked ones.
    /// </summary>
    internal static async Task AnalyzeWithin(string markup)
    {
        var (source, expected) = ParseMarkup(markup);
        var compilation = AnalyzerRunner.Compile(source);
        var limit = AnalysisBudget.For(source, Limit);
        var stopwatch = Stopwatch.StartNew();
        var diagnostics = await AnalyzerRunner.AllRulesAsync(compilation);
        stopwatch.Stop();

        var actual = diagnostics.Select(d => (d.Id, d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)).OrderBy(d => d.Start).ToList();
        Assert.Equal(expected, actual);
        Assert.True(stopwatch.Elapsed < limit, $"the analyzers took {stopwatch.Elapsed.TotalMilliseconds:F0} ms (limit {limit.TotalMilliseconds:F0} ms)");
    }

    private static (string Source, List<(string Id, int Start, int Length)> Expected) ParseMarkup(string markup)
    {
        var expected = new List<(string, int, int)>();
        var source = new System.Text.StringBuilder();
        var last = 0;
        foreach (Match match in Regex.Matches(markup, @"\{\|(?<id>[A-Z0-9]+):(?<text>.*?)\|\}"))
        {
            source.Append(markup, last, match.Index - last);
            expected.Add((match.Groups["id"].Value, source.Length, match.Groups["text"].Length));
            source.Append(match.Groups["text"].Value);
            last = match.Index + match.Length;
        }
        source.Append(markup, last, markup.Length - last);
        return (source.ToString(), expected);
    }
}
