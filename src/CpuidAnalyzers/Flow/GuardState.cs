using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CpuidAnalyzers.Isa;

namespace CpuidAnalyzers.Flow;

/// <summary>
/// One way the program can have reached a point: atoms known true and atoms known false.
/// True sets are closed under implication (Avx2 true ⇒ Avx true), false sets under reverse
/// implication (Avx false ⇒ Avx2 false), so "is X known" is one bit test.
/// </summary>
internal readonly struct Alternative
{
    public Alternative(AtomSet known, AtomSet knownFalse) => (True, False) = (known, knownFalse);

    public AtomSet True { get; }

    public AtomSet False { get; }

    public bool Implies(Alternative weaker) => weaker.True.IsSubsetOf(True) && weaker.False.IsSubsetOf(False);
}

/// <summary>
/// What is known at a program point: a small set of alternatives (a disjunction). The empty set
/// means unreachable. Alternatives arise from <c>A || B</c>, from bool variables that remember a
/// condition, and from joins; they are kept few by dropping the implied ones, merging <c>C∧x</c> with
/// <c>C∧¬x</c> into <c>C</c>, and, past <see cref="MaxAlternatives"/>, keeping only the shared facts.
/// </summary>
internal sealed class GuardState
{
    public const int MaxAlternatives = 8;

    public static readonly GuardState Unreachable = new(ImmutableArray<Alternative>.Empty);
    public static readonly GuardState Unknown = new(ImmutableArray.Create(new Alternative(AtomSet.Empty, AtomSet.Empty)));

    private GuardState(ImmutableArray<Alternative> alternatives) => Alternatives = alternatives;

    public ImmutableArray<Alternative> Alternatives { get; }

    public bool IsUnreachable => Alternatives.IsEmpty;

    /// <summary>The formula holds on every path (and the point is reachable).</summary>
    public bool Implies(Formula formula, IsaModel model) => !IsUnreachable && Assume(formula, false, model).IsUnreachable;

    /// <summary>The formula is false on every path (and the point is reachable).</summary>
    public bool Contradicts(Formula formula, IsaModel model) => !IsUnreachable && Assume(formula, true, model).IsUnreachable;

    /// <summary>Whether one alternative alone rules the formula out.</summary>
    public static bool Contradicts(Alternative alternative, Formula formula, IsaModel model) => !Assume(alternative, formula, true, model).Any();

    /// <summary>Whether one alternative alone implies the formula.</summary>
    public static bool Implies(Alternative alternative, Formula formula, IsaModel model) => !Assume(alternative, formula, false, model).Any();

    public GuardState Join(GuardState other, IsaModel model)
    {
        if (other.IsUnreachable || ReferenceEquals(this, other)) return this;
        if (IsUnreachable) return other;
        // Joining what is already included changes nothing: no new state (joins of long bodies are mostly that).
        if (Includes(other)) return this;
        if (other.Includes(this)) return other;
        return Create(Alternatives.AddRange(other.Alternatives), model);
    }

    /// <summary>Every path of <paramref name="other"/> is one of this state's: each of its alternatives knows at least what one of ours does.</summary>
    private bool Includes(GuardState other)
    {
        foreach (var theirs in other.Alternatives)
        {
            var included = false;
            foreach (var ours in Alternatives)
                if (theirs.Implies(ours)) { included = true; break; }
            if (!included) return false;
        }
        return true;
    }

    /// <summary>The state on the edge where <paramref name="condition"/> evaluated to <paramref name="value"/>.</summary>
    public GuardState Assume(Formula condition, bool value, IsaModel model)
    {
        if (condition.IsUnknown || IsUnreachable) return this;
        return Create(Assume(Alternatives.ToList(), condition, value, model), model);
    }

    /// <summary>The state after <c>variable = value</c>, where value may read the variable's old value.</summary>
    public GuardState Assign(int variable, Formula value, IsaModel model)
    {
        if (value.IsUnknown) return Forget(variable, model);
        var result = new List<Alternative>();
        foreach (var alternative in Alternatives)
        {
            foreach (var whenTrue in Assume(alternative, value, true, model))
                result.Add(new Alternative(Without(whenTrue.True, variable).With(variable), Without(whenTrue.False, variable)));
            foreach (var whenFalse in Assume(alternative, value, false, model))
                result.Add(new Alternative(Without(whenFalse.True, variable), Without(whenFalse.False, variable).With(variable)));
        }
        return Create(result, model);
    }

    public GuardState Forget(int variable, IsaModel model) => Forget(AtomSet.Of(variable), model);

    /// <summary>Without the atoms in <paramref name="dead"/> (variables overwritten, or whose scope the flow left); itself when it mentions none.</summary>
    public GuardState Forget(AtomSet dead, IsaModel model)
    {
        if (IsUnreachable || dead.IsEmpty) return this;
        var mentions = false;
        foreach (var alternative in Alternatives)
            mentions |= alternative.True.Overlaps(dead) || alternative.False.Overlaps(dead);
        return mentions ? Create(Alternatives.Select(a => new Alternative(a.True.Except(dead), a.False.Except(dead))), model) : this;
    }

    /// <summary>Only the atoms in <paramref name="keep"/> (drops facts about variables, e.g. entering a lambda).</summary>
    public GuardState Project(AtomSet keep, IsaModel model) =>
        IsUnreachable ? this : Create(Alternatives.Select(a => new Alternative(a.True.Intersect(keep), a.False.Intersect(keep))), model);

    /// <summary>Only the alternatives <paramref name="keep"/> accepts (the paths a finding is about).</summary>
    public GuardState Where(System.Func<Alternative, bool> keep, IsaModel model) =>
        Create(Alternatives.Where(keep), model);

    public bool SameAs(GuardState other) =>
        Alternatives.Length == other.Alternatives.Length &&
        Alternatives.All(a => other.Alternatives.Any(b => a.Implies(b) && b.Implies(a)));

    private static AtomSet Without(AtomSet set, int atom) => set.Except(AtomSet.Of(atom));

    private static List<Alternative> Assume(Alternative alternative, Formula condition, bool value, IsaModel model) =>
        Assume(new List<Alternative> { alternative }, condition, value, model);

    /// <summary>
    /// The alternatives of <paramref name="alternatives"/> (a disjunction) where <paramref name="condition"/> is <paramref name="value"/>.
    /// It takes the whole list through each node of the formula, so each node is visited once (per alternative, a
    /// right-nested <c>(a ∨ b) ∧ ((c ∨ d) ∧ …)</c> would be visited once per path: exponential). A list longer than
    /// <see cref="MaxPendingAlternatives"/> is simplified as a state is, and past <see cref="MaxAlternatives"/> it
    /// keeps only the shared facts (weaker: sound), so a CNF of many clauses costs linear time instead of 2^clauses.
    /// Recursion depth is the formula's, at most <see cref="Formula.MaxSize"/> + 1.
    /// </summary>
    private static List<Alternative> Assume(List<Alternative> alternatives, Formula condition, bool value, IsaModel model)
    {
        if (alternatives.Count == 0) return alternatives;
        switch (condition)
        {
            case ConstantFormula constant:
                return constant.Value == value ? alternatives : new List<Alternative>();
            case AtomFormula atom:
                var result = new List<Alternative>(alternatives.Count);
                foreach (var alternative in alternatives)
                {
                    var known = value ? alternative.True.Union(model.WhenTrue(atom.Index)) : alternative.True;
                    var knownFalse = value ? alternative.False : alternative.False.Union(model.WhenFalse(atom.Index));
                    if (!known.Overlaps(knownFalse)) result.Add(new Alternative(known, knownFalse));
                }
                return result;
            case NotFormula not:
                return Assume(alternatives, not.Operand, !value, model);
            case AndFormula and:
                return value
                    ? Assume(Assume(alternatives, and.Left, true, model), and.Right, true, model)
                    : Bounded(Assume(alternatives, and.Left, false, model).Concat(Assume(alternatives, and.Right, false, model)), model);
            case OrFormula or:
                return value
                    ? Bounded(Assume(alternatives, or.Left, true, model).Concat(Assume(alternatives, or.Right, true, model)), model)
                    : Assume(Assume(alternatives, or.Left, false, model), or.Right, false, model);
            default:
                return alternatives;
        }
    }

    /// <summary>The most alternatives a list under <see cref="Assume(List{Alternative}, Formula, bool, IsaModel)"/> holds before it is simplified.</summary>
    private const int MaxPendingAlternatives = 2 * MaxAlternatives;

    private static List<Alternative> Bounded(IEnumerable<Alternative> alternatives, IsaModel model)
    {
        var list = alternatives as List<Alternative> ?? alternatives.ToList();
        return list.Count <= MaxPendingAlternatives ? list : Simplify(list, model);
    }

    private static GuardState Create(IEnumerable<Alternative> alternatives, IsaModel model)
    {
        var list = Simplify(alternatives, model);
        return list.Count == 0 ? Unreachable : new GuardState(list.ToImmutableArray());
    }

    /// <summary>Drops implied alternatives, merges C∧x with C∧¬x, and past <see cref="MaxAlternatives"/> keeps only the shared facts.</summary>
    private static List<Alternative> Simplify(IEnumerable<Alternative> alternatives, IsaModel model)
    {
        var list = new List<Alternative>();
        foreach (var candidate in alternatives) AddSimplified(list, candidate);

        // Merge C∧x with C∧¬x into C until nothing merges; each merge can enable another.
        for (var merged = true; merged && list.Count > 1;)
        {
            merged = false;
            for (var i = 0; i < list.Count && !merged; i++)
                for (var j = i + 1; j < list.Count && !merged; j++)
                    if (TryResolve(list[i], list[j], model, out var common))
                    {
                        list.RemoveAt(j);
                        list.RemoveAt(i);
                        AddSimplified(list, common);
                        merged = true;
                    }
        }

        if (list.Count > MaxAlternatives)
        {
            // Keep what every alternative shares: weaker, so it can only add warnings, never hide one.
            var shared = list.Aggregate((x, y) => new Alternative(x.True.Intersect(y.True), x.False.Intersect(y.False)));
            list = new List<Alternative> { shared };
        }

        return list;
    }

    /// <summary>Adds an alternative unless an existing one is weaker; removes those it is weaker than.</summary>
    private static void AddSimplified(List<Alternative> list, Alternative candidate)
    {
        if (list.Any(existing => candidate.Implies(existing))) return;
        list.RemoveAll(existing => existing.Implies(candidate));
        list.Add(candidate);
    }

    /// <summary>Whether the two alternatives are C∧x and C∧¬x for one atom x; if so, C.</summary>
    private static bool TryResolve(Alternative left, Alternative right, IsaModel model, out Alternative common)
    {
        common = new Alternative(left.True.Intersect(right.True), left.False.Intersect(right.False));
        return Splits(left, right, common, model) || Splits(right, left, common, model);
    }

    private static bool Splits(Alternative withX, Alternative withoutX, Alternative common, IsaModel model)
    {
        if (!withX.False.Equals(common.False) || !withoutX.True.Equals(common.True)) return false;
        var addedTrue = withX.True.Except(common.True);
        var addedFalse = withoutX.False.Except(common.False);
        foreach (var x in addedTrue.Atoms)
        {
            if (model.WhenTrue(x).Except(common.True).Equals(addedTrue) &&
                model.WhenFalse(x).Except(common.False).Equals(addedFalse))
                return true;
        }
        return false;
    }
}
