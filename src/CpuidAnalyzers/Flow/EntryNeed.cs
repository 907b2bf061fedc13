using System.Collections.Generic;
using System.Linq;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.Flow;

/// <summary>
/// What a body needs on entry for every use in it to be safe, given its own checks: for each use and
/// each path that does not establish it, its requirement or one of the checks that path saw fail (the
/// weakest precondition, keeping positive facts about ISA classes). Paths guarded only by markers add
/// the plain requirement. Inferred helpers, accessors, types and local functions all take theirs from here.
/// </summary>
/// <remarks>
/// A local function may also rely on a bool local of its enclosing body that its callers see with the
/// same value (<c>bool fast = Avx2.IsSupported; int F() => fast ? Avx2… : …;</c>). Those atoms may then
/// appear in the need, either way round: <see cref="AsFormula"/> is "Avx2 or not fast", which a call
/// where <c>fast</c> means Avx2 satisfies. <see cref="Requirement"/> leaves them out, for messages.
/// </remarks>
internal sealed class EntryNeed
{
    private readonly IsaModel _model;
    private readonly AtomSet _callerVisible;
    private readonly List<IEnumerable<int>> _clauses = new();
    private readonly List<IEnumerable<int>> _unguardedClauses = new();
    private readonly Dictionary<string, Formula> _formulaClauses = new();
    private IsaUseSite? _first;
    private IsaUseSite? _firstUnguarded;
    private bool _ownGuarded;

    /// <param name="callerVisible">Atoms besides ISA classes whose value the callers know too (none for a method).</param>
    public EntryNeed(IsaModel model, AtomSet callerVisible = default) => (_model, _callerVisible) = (model, callerVisible);

    public bool IsEmpty => _first is null;

    /// <summary>
    /// As <see cref="Add(IsaUseSite)"/>, also telling apart the paths that passed a check of the body's own (an ISA
    /// class beyond <paramref name="entryTrue"/>, an architecture, acceleration or CPUID condition, a catch of
    /// PlatformNotSupportedException): there the body meant to guard the use itself, and got it wrong.
    /// </summary>
    public void Add(IsaUseSite site, AtomSet entryTrue) => Add(site, (IsaUseSite s, Alternative path) =>
        s.CaughtAs is not null
        || !path.True.Except(entryTrue).Intersect(_model.IsaMask).IsEmpty
        || path.True.Atoms.Any(s.Markers.ContainsKey));

    public void Add(IsaUseSite site) => Add(site, null);

    private void Add(IsaUseSite site, System.Func<IsaUseSite, Alternative, bool>? ownGuarded)
    {
        var needed = site.Requirement.Formula;
        // Debug.Assert(X.IsSupported) states a precondition: the body relies on it, its callers must establish it.
        if (site.State.IsUnreachable || !site.IsAssertion && site.State.Implies(needed, _model)) return;
        foreach (var path in site.State.Alternatives.Where(a => site.IsAssertion || !GuardState.Implies(a, needed, _model)))
        {
            // A path that knows the requirement is false (the else of its own check) is a bug in the
            // body whatever the callers do: left out, so it is reported there (CPUID003), not moved.
            if (!site.IsAssertion && GuardState.Contradicts(path, needed, _model)) continue;
            if (_first is null || site.Operation.Syntax.SpanStart < _first.Operation.Syntax.SpanStart) _first = site;
            var unguarded = site.IsAssertion || ownGuarded is null || !ownGuarded(site, path);
            _ownGuarded |= !unguarded;
            if (unguarded && (_firstUnguarded is null || site.Operation.Syntax.SpanStart < _firstUnguarded.Operation.Syntax.SpanStart)) _firstUnguarded = site;
            var failedChecks = _model.MostGeneral(path.False.Intersect(_model.IsaMask)).ToList();
            var seenTrue = path.True.Intersect(_callerVisible).Atoms.Select(a => Formula.Not(Formula.Atom(a)));
            var seenFalse = path.False.Intersect(_callerVisible).Atoms.Select(Formula.Atom);
            var visible = seenTrue.Concat(seenFalse).ToList();
            foreach (var clause in site.Requirement.Clauses)
            {
                var isa = clause.Concat(failedChecks).Distinct().OrderBy(a => a).ToList();
                _clauses.Add(isa);
                if (unguarded) _unguardedClauses.Add(isa);
                if (!_callerVisible.IsEmpty)
                    _formulaClauses[string.Join(",", isa) + "|" + string.Join(",", path.True.Intersect(_callerVisible).Atoms) + "|"
                        + string.Join(",", path.False.Intersect(_callerVisible).Atoms)] =
                        isa.Select(Formula.Atom).Concat(visible).Aggregate(Formula.Or);
            }
        }
    }

    /// <summary>The need as a requirement of ISA classes (null when nothing is needed), with the first use that needs it.</summary>
    /// <remarks>
    /// After <see cref="Add(IsaUseSite, AtomSet)"/> a use under a wrong check of the body's own is apart, in
    /// <see cref="IsaRequirement.Unguarded"/>.
    /// </remarks>
    public IsaRequirement? Requirement()
    {
        if (_first is null) return null;
        var requirement = IsaRequirement.Create(_clauses, _model, Reason(_first));
        if (!_ownGuarded || requirement is null) return requirement;
        return requirement.WithUnguardedPart(_firstUnguarded is null ? null : IsaRequirement.Create(_unguardedClauses, _model, Reason(_firstUnguarded)));
    }

    private static string Reason(IsaUseSite site)
    {
        var line = site.Operation.Syntax.SyntaxTree.GetText().Lines.GetLineFromPosition(site.Operation.Syntax.SpanStart).LineNumber + 1;
        return site.IsAssertion
            ? $"it asserts {site.Requirement.Check} at line {line}"
            : $"it {(site.IsContract ? "calls" : "uses")} {IsaMemberUse.DisplayName(site.Member)} at line {line}";
    }

    /// <summary>The need as a formula a call site's state must imply, with the caller-visible atoms.</summary>
    public Formula AsFormula() =>
        _callerVisible.IsEmpty
            ? Requirement()?.Formula ?? Formula.True
            : _formulaClauses.Values.DefaultIfEmpty(Formula.True).Aggregate(Formula.And);
}
