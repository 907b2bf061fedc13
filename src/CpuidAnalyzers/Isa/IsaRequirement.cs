using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.Isa;

/// <summary>
/// What a use needs, as a conjunction of clauses, each clause any one of some ISA classes:
/// <c>Avx2</c> for <c>Avx2.Add</c>; <c>Avx2 ∧ Bmi2</c> for a helper annotated with both;
/// <c>Sse2 ∨ PackedSimd</c> for an any-of contract.
/// </summary>
internal sealed class IsaRequirement
{
    private readonly IsaModel _model;
    private string? _display;
    private string? _check;
    private string? _propertyValue;

    private IsaRequirement(ImmutableArray<ImmutableArray<int>> clauses, IsaModel model, string? reason = null)
    {
        _model = model;
        Clauses = clauses;
        Reason = reason;
        Formula = clauses.Select(c => c.Select(Formula.Atom).Aggregate(Formula.Or)).Aggregate(Formula.And);
    }

    /// <summary>
    /// The diagnostic property that carries a use's requirement to the code fixes (<see cref="PropertyValue"/>
    /// writes it, <see cref="ReadProperty"/> reads it back).
    /// </summary>
    public const string PropertyName = "Isa";

    private const char ClauseSeparator = ';';
    private const char AlternativeSeparator = '|';

    /// <summary>Why an inferred requirement holds, e.g. "it calls Ssse3.Abs at line 86"; null for a declared contract.</summary>
    public string? Reason { get; }

    /// <summary>
    /// Of a helper's inferred requirement, whether part of it comes from uses under checks of the helper's own that
    /// do not establish them (<c>if (Avx.IsSupported) return Avx2.Add(a, b); return a;</c>): a wrong guard with a fallback.
    /// </summary>
    public bool HasOwnGuardedPart { get; private set; }

    /// <summary>With <see cref="HasOwnGuardedPart"/>, what the helper's other uses need (null: nothing): what its callers must check.</summary>
    public IsaRequirement? Unguarded { get; private set; }

    /// <summary>All of these clauses; within one, any of its classes.</summary>
    public ImmutableArray<ImmutableArray<int>> Clauses { get; }

    public Formula Formula { get; }

    // The texts are built when a message or a fix needs them: inference creates many requirements no diagnostic shows.

    /// <summary><c>Avx2</c>, <c>Avx2 and Bmi2</c>, <c>Sse2 or PackedSimd</c>.</summary>
    public string Display => _display ??=
        string.Join(" and ", Clauses.Select(c => Parenthesize(AnyOfDisplay(c, _model.DisplayName), Clauses.Length > 1 && c.Length > 1)));

    /// <summary>The condition that establishes it: <c>Avx2.IsSupported &amp;&amp; Bmi2.IsSupported</c>.</summary>
    public string Check => _check ??= CheckOf(Clauses, _model.DisplayName);

    /// <summary>The <see cref="PropertyName"/> property: metadata names, clauses separated by ';', alternatives by '|'.</summary>
    public string PropertyValue => _propertyValue ??= string.Join(ClauseSeparator.ToString(),
        Clauses.Select(c => string.Join(AlternativeSeparator.ToString(), c.Select(_model.MetadataName))));

    /// <summary>
    /// The clauses a <see cref="PropertyName"/> property names, in the order written, as this compilation's classes;
    /// default when there is none or it names something that is not an ISA class here.
    /// </summary>
    public static ImmutableArray<ImmutableArray<INamedTypeSymbol>> ReadProperty(ImmutableDictionary<string, string?> properties, Compilation compilation)
    {
        if (!properties.TryGetValue(PropertyName, out var text) || string.IsNullOrWhiteSpace(text)) return default;
        var clauses = ImmutableArray.CreateBuilder<ImmutableArray<INamedTypeSymbol>>();
        foreach (var clauseText in text!.Split(ClauseSeparator))
        {
            var alternatives = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var name in clauseText.Split(AlternativeSeparator))
            {
                if (compilation.GetTypeByMetadataName(name.Trim()) is not { } type || !IsaModel.IsIsaClass(type)) return default;
                alternatives.Add(type);
            }
            if (alternatives.Count == 0) return default;
            clauses.Add(alternatives.ToImmutable());
        }
        return clauses.Count == 0 ? default : clauses.ToImmutable();
    }

    /// <summary>The condition that establishes clauses: <c>Avx2.IsSupported &amp;&amp; (Sse2.IsSupported || PackedSimd.IsSupported)</c>.</summary>
    public static string CheckOf<T>(IReadOnlyList<ImmutableArray<T>> clauses, Func<T, string> displayName) =>
        string.Join(" && ", clauses.Select(c => Parenthesize(AnyOfCheck(c, displayName), clauses.Count > 1 && c.Length > 1)));

    /// <summary>One clause's condition: <c>Avx2.IsSupported</c>, <c>Sse2.IsSupported || AdvSimd.IsSupported</c>.</summary>
    public static string AnyOfCheck<T>(ImmutableArray<T> clause, Func<T, string> displayName) =>
        string.Join(" || ", clause.Select(a => displayName(a) + ".IsSupported"));

    /// <summary>One clause as words: <c>Avx2</c>, <c>Sse2 or AdvSimd</c>.</summary>
    public static string AnyOfDisplay<T>(ImmutableArray<T> clause, Func<T, string> displayName) =>
        string.Join(" or ", clause.Select(displayName));

    /// <summary>The single class it names, when it is one class (an intrinsic use); otherwise -1.</summary>
    public int SingleAtom => Clauses.Length == 1 && Clauses[0].Length == 1 ? Clauses[0][0] : -1;

    public IEnumerable<int> Atoms => Clauses.SelectMany(c => c);

    /// <summary>A formula of ISA atoms joined by ∧ and ∨ (as in <c>Debug.Assert(A.IsSupported &amp;&amp; B.IsSupported)</c>), as clauses; null
    /// otherwise.</summary>
    public static IsaRequirement? FromFormula(Formula formula, IsaModel model)
    {
        var clauses = ClausesOf(formula, model);
        return clauses is null ? null : Create(clauses, model);
    }

    /// <summary>
    /// The most clauses a formula turns into: a disjunction of conjunctions multiplies them (issue 19), so past it the
    /// formula is no requirement (as one over other atoms is not). The recursion is the formula's depth, at most <see cref="Formula.MaxSize"/> + 1.
    /// </summary>
    private const int MaxClauses = 64;

    private static List<List<int>>? ClausesOf(Formula formula, IsaModel model)
    {
        switch (formula)
        {
            case AtomFormula atom when atom.Index < model.Count:
                return new List<List<int>> { new() { atom.Index } };
            case AndFormula conjunction when ClausesOf(conjunction.Left, model) is { } left && ClausesOf(conjunction.Right, model) is { } right:
                return left.Concat(right).ToList();
            case OrFormula disjunction when ClausesOf(disjunction.Left, model) is { } left && ClausesOf(disjunction.Right, model) is { } right
                && (long)left.Count * right.Count <= MaxClauses:
                // (a1 ∧ a2) ∨ (b1) = (a1 ∨ b1) ∧ (a2 ∨ b1)
                return left.SelectMany(l => right.Select(r => l.Concat(r).ToList())).ToList();
            default:
                return null;
        }
    }

    public static IsaRequirement Of(int atom, IsaModel model) => new(ImmutableArray.Create(ImmutableArray.Create(atom)), model);

    /// <summary>Null when there are no clauses (nothing required). Drops clauses another clause implies.</summary>
    public static IsaRequirement? Create(IEnumerable<IEnumerable<int>> clauses, IsaModel model, string? reason = null)
    {
        var distinct = clauses.Select(c => c.Distinct().OrderBy(a => a).ToImmutableArray())
            .Where(c => !c.IsEmpty)
            .GroupBy(c => string.Join(",", c)).Select(g => g.First())
            .ToList();
        // {Avx2} makes {Sse41} redundant (Avx2 implies Sse41), and {A} makes {A, B} redundant.
        distinct.RemoveAll(weaker => distinct.Any(stronger => !ReferenceEquals(stronger, weaker) && !stronger.SequenceEqual(weaker)
            && stronger.All(s => weaker.Any(w => model.WhenTrue(s).Contains(w)))));
        return distinct.Count == 0 ? null : new IsaRequirement(distinct.ToImmutableArray(), model, reason);
    }

    public static IsaRequirement? Combine(IsaRequirement? left, IsaRequirement? right, IsaModel model) =>
        left is null ? right : right is null ? left
            : Create(left.Clauses.Concat(right.Clauses).Select(c => c.AsEnumerable()), model, left.Reason ?? right.Reason);

    /// <summary>The requirement of a helper some of whose uses sit under wrong checks of its own; itself when the others need as much.</summary>
    public IsaRequirement WithUnguardedPart(IsaRequirement? unguarded) =>
        SameClauses(this, unguarded) ? this : new IsaRequirement(Clauses, _model, Reason) { HasOwnGuardedPart = true, Unguarded = unguarded };

    /// <summary>Whether both require exactly the same clauses (a fixed point of inference is reached), split alike.</summary>
    public static bool SameClauses(IsaRequirement? left, IsaRequirement? right) =>
        left is null || right is null
            ? left is null && right is null
            : left.Clauses.Length == right.Clauses.Length && left.Clauses.Zip(right.Clauses, (a, b) => a.SequenceEqual(b)).All(x => x)
                && left.HasOwnGuardedPart == right.HasOwnGuardedPart && (!left.HasOwnGuardedPart || SameClauses(left.Unguarded, right.Unguarded));

    private static string Parenthesize(string text, bool wrap) => wrap ? "(" + text + ")" : text;
}
