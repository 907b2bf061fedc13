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
    private readonly Dictionary<string, Formula> _formulaClauses = new();
    private IsaUseSite? _first;

    /// <param name="callerVisible">Atoms besides ISA classes whose value the callers know too (none for a method).</param>
    public EntryNeed(IsaModel model, AtomSet callerVisible = default) => (_model, _callerVisible) = (model, callerVisible);

    public bool IsEmpty => _first is null;

    public void Add(IsaUseSite site)
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
            var failedChecks = _model.MostGeneral(path.False.Intersect(_model.IsaMask)).ToList();
            var seenTrue = path.True.Intersect(_callerVisible).Atoms.Select(a => Formula.Not(Formula.Atom(a)));
            var seenFalse = path.False.Intersect(_callerVisible).Atoms.Select(Formula.Atom);
            var visible = seenTrue.Concat(seenFalse).ToList();
            foreach (var clause in site.Requirement.Clauses)
            {
                var isa = clause.Concat(failedChecks).Distinct().OrderBy(a => a).ToList();
                _clauses.Add(isa);
                if (!_callerVisible.IsEmpty)
                    _formulaClauses[string.Join(",", isa) + "|" + string.Join(",", path.True.Intersect(_callerVisible).Atoms) + "|"
                        + string.Join(",", path.False.Intersect(_callerVisible).Atoms)] =
                        isa.Select(Formula.Atom).Concat(visible).Aggregate(Formula.Or);
            }
        }
    }

    /// <summary>The need as a requirement of ISA classes (null when nothing is needed), with the first use that needs it.</summary>
    public IsaRequirement? Requirement()
    {
        if (_first is null) return null;
        var line = _first.Operation.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        var reason = _first.IsAssertion
            ? $"it asserts {_first.Requirement.Check} at line {line}"
            : $"it {(_first.IsContract ? "calls" : "uses")} {IsaMemberUse.DisplayName(_first.Member)} at line {line}";
        return IsaRequirement.Create(_clauses, _model, reason);
    }

    /// <summary>The need as a formula a call site's state must imply, with the caller-visible atoms.</summary>
    public Formula AsFormula() =>
        _callerVisible.IsEmpty
            ? Requirement()?.Formula ?? Formula.True
            : _formulaClauses.Values.DefaultIfEmpty(Formula.True).Aggregate(Formula.And);
}
