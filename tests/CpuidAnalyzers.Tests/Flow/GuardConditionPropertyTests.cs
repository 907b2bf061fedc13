using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using CpuidAnalyzers.Isa;
using CpuidAnalyzers.Tests.Verifiers;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CpuidAnalyzers.Tests;

/// <summary>
/// Random conditions over eight ISA checks (<c>&amp;&amp;</c>, <c>||</c>, <c>&amp;</c>, <c>|</c>, <c>!</c>, <c>^</c>,
/// <c>==</c>, <c>!=</c>, <c>is true/false</c>, <c>is not …</c>, bool locals caching a condition) guarding one use,
/// against a brute-force reference: the use of X is safe iff every assignment of the checks that satisfies the
/// condition, among those the ISA hierarchy allows (the project's <see cref="IsaModel"/>: Avx2 ⇒ Avx ⇒ Sse41 ⇒ Sse2,
/// Aes ⇒ Sse2, …), has X true. Sound always: an unsafe use is reported. Exact within the engine's budgets: a safe
/// use is not reported when the condition is small (see <see cref="WithinBudget"/>).
/// </summary>
public class GuardConditionPropertyTests
{
    /// <summary>The classes, each with a use of it that is an int expression.</summary>
    private static readonly (string Name, string Use)[] Classes =
    {
        ("Sse2", "Sse2.MoveMask(Vector128<byte>.Zero)"),
        ("Sse41", "(Sse41.TestZ(Vector128<int>.Zero, Vector128<int>.Zero) ? 1 : 0)"),
        ("Avx", "(Avx.TestZ(Vector256<int>.Zero, Vector256<int>.Zero) ? 1 : 0)"),
        ("Avx2", "Avx2.MoveMask(Vector256<byte>.Zero)"),
        ("System.Runtime.Intrinsics.X86.Aes", "System.Runtime.Intrinsics.X86.Aes.Encrypt(Vector128<byte>.Zero, Vector128<byte>.Zero).GetElement(0)"),
        ("Popcnt", "(int)Popcnt.PopCount(1u)"),
        ("Bmi1", "(int)Bmi1.AndNot(1u, 2u)"),
        ("Lzcnt", "(int)Lzcnt.LeadingZeroCount(1u)"),
    };

    private static readonly string[] Operators = { "&&", "||", "&", "|", "^", "==", "!=" };

    private static readonly string[] Patterns = { "true", "false", "not true", "not false" };

    private const int CasesPerCompilation = 25;

    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public GuardConditionPropertyTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

    [Fact]
    public void RandomConditions_AreSound_AndExactWithinBudget()
    {
        var counts = new Counts();
        // Half the conditions are conjoined with a check of the target or of a random class, on either side, so that
        // safe uses are as common as unsafe ones.
        var cases = Gen.Select(Gen.Int[0, 2], Gen.Int[0, Classes.Length - 1], Gen.Bool, Gen.Int[0, 3], Gen.Int[0, Classes.Length - 1])
            .SelectMany(shape => Gen.Select(Condition(depth: 2, locals: 0).Array[shape.Item1], Condition(depth: 4, locals: shape.Item1),
                (locals, condition) => new Case(locals, Guarded(condition, shape.Item4, shape.Item4 % 2 == 0 ? shape.Item2 : shape.Item5), shape.Item2,
                    shape.Item3)));
        cases.Array[CasesPerCompilation].Sample(batch => Check(batch, counts), iter: 40, threads: 1,
            print: batch => string.Join("\n", batch.Select(c => c.ToString())));
        _output.WriteLine($"unsafe {counts.Unsafe} (all reported), safe within budget {counts.SafeWithinBudget} (none reported), safe past budget {counts.SafePastBudget} ({counts.SafePastBudgetReported} reported)");
        // The generator must reach both answers, or the property says nothing.
        Assert.True(counts.Unsafe > 0 && counts.SafeWithinBudget > 0, "the generated conditions do not cover both answers");
    }

    private sealed class Counts
    {
        public int Unsafe, SafeWithinBudget, SafePastBudget, SafePastBudgetReported;
    }

    private static void Check(Case[] batch, Counts counts)
    {
        var (source, uses) = Source(batch);
        var compilation = AnalyzerRunner.Compile(source);
        var diagnostics = AnalyzerRunner.AllRulesAsync(compilation).GetAwaiter().GetResult();

        var model = IsaModel.TryCreate(compilation)!;
        var atoms = Classes.Select(c => model.TryGetAtom(compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.X86." + c.Name.Split('.').Last()),
            out var atom) ? atom : throw new InvalidOperationException(c.Name)).ToArray();
        for (var i = 0; i < batch.Length; i++)
        {
            var reported = diagnostics.Any(d => uses[i].Contains(d.Location.SourceSpan));
            var safe = Safe(batch[i], model, atoms);
            if (!safe)
            {
                Assert.True(reported, $"unsound: an unsafe use is not reported in M{i}:\n{batch[i]}");
                counts.Unsafe++;
            }
            else if (WithinBudget(batch[i]))
            {
                Assert.False(reported, $"imprecise: a safe use is reported in M{i}:\n{batch[i]}");
                counts.SafeWithinBudget++;
            }
            else
            {
                counts.SafePastBudget++;
                if (reported) counts.SafePastBudgetReported++;
            }
        }
    }

    /// <summary>
    /// Conditions the engine reads exactly: at most three classes, at most one cached local. Larger ones may pass
    /// <see cref="Flow.GuardState.MaxAlternatives"/> (a local remembering a condition splits a state in two or three) or
    /// <see cref="Isa.Formula.MaxSize"/> (each <c>^</c> doubles a formula), where the engine keeps only shared facts.
    /// </summary>
    private static bool WithinBudget(Case c) =>
        c.Locals.Length <= 1 && c.Locals.Append(c.Condition).SelectMany(Atoms).Distinct().Count() <= 3;

    /// <summary>The reference: every assignment the hierarchy allows that satisfies the condition has the target true.</summary>
    private static bool Safe(Case c, IsaModel model, int[] atoms)
    {
        for (var bits = 0; bits < 1 << Classes.Length; bits++)
        {
            var value = Enumerable.Range(0, Classes.Length).Select(i => (bits >> i & 1) != 0).ToArray();
            // Consistent: a class that is supported implies every class it implies is.
            var consistent = Enumerable.Range(0, Classes.Length).All(i => !value[i]
                || Enumerable.Range(0, Classes.Length).All(j => value[j] || !model.WhenTrue(atoms[i]).Contains(atoms[j])));
            if (!consistent) continue;
            var locals = c.Locals.Select(l => Eval(l, value, Array.Empty<bool>())).ToArray();
            if (Eval(c.Condition, value, locals) && !value[c.Target]) return false;
        }
        return true;
    }

    private static Cond Guarded(Cond condition, int how, int check) => how switch
    {
        0 or 1 => condition,
        2 => new BinaryCond("&&", new AtomCond(check), condition),
        _ => new BinaryCond("&&", condition, new AtomCond(check)),
    };

    private static Gen<Cond> Condition(int depth, int locals)
    {
        var atom = Gen.Int[0, Classes.Length - 1].Select(i => (Cond)new AtomCond(i));
        var leaf = locals == 0 ? atom : Gen.Frequency((4, (IGen<Cond>)atom), (2, Gen.Int[0, locals - 1].Select(i => (Cond)new LocalCond(i))));
        if (depth == 0) return leaf;
        var operand = Condition(depth - 1, locals);
        return Gen.Frequency(
            (2, (IGen<Cond>)leaf),
            (5, Gen.Select(Gen.OneOf(Operators), operand, operand, (op, left, right) => (Cond)new BinaryCond(op, left, right))),
            (1, operand.Select(o => (Cond)new NotCond(o))),
            (1, Gen.Select(operand, Gen.OneOf(Patterns), (value, pattern) => (Cond)new PatternCond(value, pattern))));
    }

    private static (string Source, TextSpan[] Uses) Source(Case[] batch)
    {
        var text = new StringBuilder(Snippet.Usings).Append("static class C\n{\n");
        var uses = new TextSpan[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            var c = batch[i];
            text.Append("    static int M").Append(i).Append("()\n    {\n");
            for (var l = 0; l < c.Locals.Length; l++) text.Append("        bool c").Append(l).Append(" = ").Append(c.Locals[l]).Append(";\n");
            text.Append(c.Ternary ? "        return " : "        if (").Append(c.Condition).Append(c.Ternary ? " ? " : ") return ");
            uses[i] = new TextSpan(text.Length, Classes[c.Target].Use.Length);
            text.Append(Classes[c.Target].Use).Append(c.Ternary ? " : 0;\n" : ";\n        return 0;\n").Append("    }\n");
        }
        return (text.Append("}\n").ToString(), uses);
    }

    private static bool Eval(Cond cond, bool[] atoms, bool[] locals) => cond switch
    {
        AtomCond a => atoms[a.Index],
        LocalCond l => locals[l.Index],
        NotCond n => !Eval(n.Operand, atoms, locals),
        PatternCond p => p.Pattern switch
        {
            "true" => Eval(p.Value, atoms, locals),
            "false" => !Eval(p.Value, atoms, locals),
            "not true" => !Eval(p.Value, atoms, locals),
            _ => Eval(p.Value, atoms, locals),
        },
        BinaryCond b => b.Operator switch
        {
            "&&" or "&" => Eval(b.Left, atoms, locals) & Eval(b.Right, atoms, locals),
            "||" or "|" => Eval(b.Left, atoms, locals) | Eval(b.Right, atoms, locals),
            "^" or "!=" => Eval(b.Left, atoms, locals) ^ Eval(b.Right, atoms, locals),
            _ => Eval(b.Left, atoms, locals) == Eval(b.Right, atoms, locals),
        },
        _ => throw new InvalidOperationException(),
    };

    private static IEnumerable<int> Atoms(Cond cond) => cond switch
    {
        AtomCond a => new[] { a.Index },
        LocalCond l => new[] { -1 - l.Index },
        NotCond n => Atoms(n.Operand),
        PatternCond p => Atoms(p.Value),
        BinaryCond b => Atoms(b.Left).Concat(Atoms(b.Right)),
        _ => Array.Empty<int>(),
    };

    private sealed record Case(Cond[] Locals, Cond Condition, int Target, bool Ternary)
    {
        public override string ToString() =>
            string.Concat(Locals.Select((l, i) => $"bool c{i} = {l}; "))
                + (Ternary ? $"return {Condition} ? {Classes[Target].Name} use : 0;" : $"if ({Condition}) {Classes[Target].Name} use;");
    }

    private abstract record Cond;

    private sealed record AtomCond(int Index) : Cond
    {
        public override string ToString() => Classes[Index].Name + ".IsSupported";
    }

    private sealed record LocalCond(int Index) : Cond
    {
        public override string ToString() => "c" + Index;
    }

    private sealed record NotCond(Cond Operand) : Cond
    {
        public override string ToString() => $"!({Operand})";
    }

    private sealed record PatternCond(Cond Value, string Pattern) : Cond
    {
        public override string ToString() => $"(({Value}) is {Pattern})";
    }

    private sealed record BinaryCond(string Operator, Cond Left, Cond Right) : Cond
    {
        public override string ToString() => $"({Left} {Operator} {Right})";
    }
}
