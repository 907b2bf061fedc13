using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using CpuidAnalyzers.Tests.Verifiers;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Tests;

/// <summary>
/// Random call graphs of private helpers (chains, diamonds, cycles, self-calls), each helper using at most one ISA
/// class, entered by dispatchers under random all-of checks, and random unrelated attributes on the helpers (a
/// <c>null</c> params argument among them), against a brute-force reference: a helper needs every class used by a
/// helper it reaches (itself included), so a dispatcher's call is safe iff its check names all of them. The classes
/// are ones no other implies (Aes, Pclmulqdq, Lzcnt, Bmi1, Bmi2): the reference needs no hierarchy. Asserted: no
/// analyzer exception, a report at exactly the unsafe calls and nowhere else.
/// </summary>
public class CallGraphPropertyTests
{
    private static readonly (string Name, string Use)[] Classes =
    {
        ("System.Runtime.Intrinsics.X86.Aes", "System.Runtime.Intrinsics.X86.Aes.Encrypt(Vector128<byte>.Zero, Vector128<byte>.Zero).GetElement(0)"),
        ("Pclmulqdq", "(int)Pclmulqdq.CarrylessMultiply(Vector128<long>.Zero, Vector128<long>.Zero, 0).GetElement(0)"),
        ("Lzcnt", "(int)Lzcnt.LeadingZeroCount(1u)"),
        ("Bmi1", "(int)Bmi1.AndNot(1u, 2u)"),
        ("Bmi2", "(int)Bmi2.ZeroHighBits(1u, 2u)"),
    };

    private static readonly string[] Attributes = { "", "[Tag(null)] ", "[Tag(\"simd\", null)] ", "[Obsolete] ", "[Tag] " };

    /// <param name="Uses">Per helper, the class it uses, or -1.</param>
    /// <param name="Calls">Per helper, the helpers it calls.</param>
    /// <param name="Entries">Per dispatcher, the helper it calls and the classes its check names.</param>
    private sealed record Graph(int[] Uses, int[][] Calls, (int Helper, int[] Checked)[] Entries, int[] AttributeOf)
    {
        public override string ToString() => Source();

        public string Source()
        {
            var source = new StringBuilder("using System;\nusing System.Runtime.Intrinsics;\nusing System.Runtime.Intrinsics.X86;\n")
                .AppendLine("sealed class TagAttribute : Attribute { public TagAttribute(params string[] tags) { } }")
                .AppendLine("public static class C\n{");
            for (var e = 0; e < Entries.Length; e++)
            {
                var (helper, checkedClasses) = Entries[e];
                var check = checkedClasses.Length == 0 ? "true" : string.Join(" && ", checkedClasses.Select(c => Classes[c].Name + ".IsSupported"));
                source.AppendLine($"    public static int E{e}() => {check} ? H{helper}() : 0;");
            }
            for (var h = 0; h < Uses.Length; h++)
            {
                var terms = (Uses[h] < 0 ? new[] { "0" } : new[] { Classes[Uses[h]].Use }).Concat(Calls[h].Select(c => $"H{c}()"));
                source.AppendLine($"    {Attributes[AttributeOf[h]]}private static int H{h}() => {string.Join(" + ", terms)};");
            }
            return source.AppendLine("}").ToString();
        }

        /// <summary>The classes a helper needs: every class used by a helper it reaches.</summary>
        public HashSet<int> Needs(int helper)
        {
            var seen = new HashSet<int> { helper };
            var pending = new Stack<int>(seen);
            var needs = new HashSet<int>();
            while (pending.Count > 0)
            {
                var current = pending.Pop();
                if (Uses[current] >= 0) needs.Add(Uses[current]);
                foreach (var callee in Calls[current])
                    if (seen.Add(callee)) pending.Push(callee);
            }
            return needs;
        }
    }

    private static Gen<Graph> Graphs =>
        Gen.Int[1, 7].SelectMany(helpers =>
            Gen.Select(
                Gen.Int[-2, Classes.Length - 1].Select(u => Math.Max(u, -1)).Array[helpers],
                // Helper h is called by one below it, so every helper has a call site; more edges make diamonds and cycles.
                Gen.Select(Gen.Int[0, helpers - 1].Array[0, 2], Gen.Int[0, int.MaxValue]).Array[helpers],
                Gen.Select(Gen.Int[0, helpers - 1], Gen.Int[0, Classes.Length - 1].Array[0, 3]).Array[1, 4],
                Gen.Int[0, Attributes.Length - 1].Array[helpers],
                (uses, edges, entries, attributes) =>
                {
                    var calls = new List<int>[helpers];
                    for (var h = 0; h < helpers; h++) calls[h] = edges[h].Item1.Distinct().ToList();
                    for (var h = 1; h < helpers; h++)
                    {
                        var caller = edges[h].Item2 % h;
                        if (!calls[caller].Contains(h)) calls[caller].Add(h);
                    }
                    // H0 is called by the first dispatcher: a helper with no call site is not inferred.
                    return new Graph(uses, calls.Select(c => c.ToArray()).ToArray(),
                        entries.Select((e, i) => (i == 0 ? 0 : e.Item1, e.Item2.Distinct().ToArray())).ToArray(), attributes);
                }));

    [Fact]
    public void RandomCallGraphs_ReportExactlyTheUnsafeCalls()
    {
        var (unsafeCalls, safeCalls) = (0, 0);
        Graphs.Sample(graph =>
        {
            var source = graph.Source();
            var expected = new List<string>();
            for (var e = 0; e < graph.Entries.Length; e++)
            {
                var (helper, checkedClasses) = graph.Entries[e];
                if (graph.Needs(helper).IsSubsetOf(checkedClasses)) safeCalls++;
                else
                {
                    unsafeCalls++;
                    expected.Add($"E{e}: H{helper}");
                }
            }
            Assert.Equal(expected, Reported(source));
        }, iter: 150, threads: 1);
        // Both answers must occur, or the property says nothing.
        Assert.True(unsafeCalls > 0 && safeCalls > 0, $"unsafe {unsafeCalls}, safe {safeCalls}");
    }

    /// <summary>"E3: H1" for a report on the call of H1 in dispatcher E3 (whichever rule: CPUID002 or CPUID008); anything else fails.</summary>
    private static List<string> Reported(string source)
    {
        var compilation = AnalyzerRunner.Compile(source);
        var diagnostics = AnalyzerRunner.AllRulesAsync(compilation).GetAwaiter().GetResult();
        var text = compilation.SyntaxTrees.Single().GetText();
        return diagnostics.Where(d => d.Severity > DiagnosticSeverity.Hidden).OrderBy(d => d.Location.SourceSpan.Start).Select(d =>
        {
            var line = text.Lines.GetLineFromPosition(d.Location.SourceSpan.Start).ToString().Trim();
            Assert.True(d.Id is "CPUID002" or "CPUID008" && line.StartsWith("public static int E", StringComparison.Ordinal), $"unexpected {d}");
            return line.Substring("public static int ".Length, line.IndexOf('(') - "public static int ".Length) + ": " + text.ToString(d.Location.SourceSpan);
        }).ToList();
    }
}
