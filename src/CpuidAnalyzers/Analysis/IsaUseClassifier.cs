using System.Collections.Generic;
using System.Linq;
using CpuidAnalyzers.Flow;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.Analysis;

/// <summary>
/// Turns the state at a use into one verdict (so each call site gets one diagnostic, from the most
/// specific rule), and names the guard the message should cite.
/// </summary>
internal static class IsaUseClassifier
{
    /// <param name="baseline">Classes the build guarantees: facts, but not a check the user wrote, so never named as the guard.</param>
    public static IsaUseFinding? Classify(IsaUseSite site, IsaModel model, AtomSet baseline)
    {
        var state = site.State;
        var requirement = site.Requirement;
        if (site.IsAssertion || state.IsUnreachable || state.Implies(requirement.Formula, model)) return null;
        // A helper's wrong check of its own is reported in the helper (see RequirementInference.EntryFor): the call is held to the rest.
        if (requirement.HasOwnGuardedPart)
        {
            if (requirement.Unguarded is not { } unguarded || state.Implies(unguarded.Formula, model)) return null;
            requirement = unguarded;
        }

        var (verdict, guard) = state.Contradicts(requirement.Formula, model)
            ? (IsaUseVerdict.AlwaysFails, Refuted(site, requirement, model))
            : ClassifyMissing(site, requirement, model, baseline);

        return Finding(site, requirement, verdict, guard);
    }

    /// <summary>
    /// In a method with a runtime-style <c>[CompExactlyDependsOn]</c> list, a use the body's needs make safe
    /// but that needs a class outside the list: the list is the guard, and the wrong one (CPUID002).
    /// </summary>
    public static IsaUseFinding? OutsideRuntimeStyleList(IsaUseSite site, AtomSet allowed, IsaModel model)
    {
        if (site.IsAssertion || site.Requirement.Clauses.All(clause => clause.Any(allowed.Contains))) return null;
        var listed = string.Join(", ", model.MostSpecific(allowed).Select(model.DisplayName));
        return Finding(site, site.Requirement, IsaUseVerdict.WrongGuard, "the method's [CompExactlyDependsOn] list (" + listed + ")");
    }

    private static IsaUseFinding Finding(IsaUseSite site, IsaRequirement requirement, IsaUseVerdict verdict, string guard) => new(
        IsaMemberUse.ReportLocation(site.Operation),
        IsaMemberUse.DisplayName(site.Member),
        requirement,
        site.IsContract,
        IsaMemberUse.Noun(site.Operation),
        verdict,
        guard);

    /// <summary>The check that was false: for Avx2 after <c>!Avx.IsSupported</c>, that is Avx.</summary>
    private static string Refuted(IsaUseSite site, IsaRequirement requirement, IsaModel model)
    {
        if (requirement.SingleAtom is var atom and >= 0)
        {
            var refuted = site.State.Alternatives[0].False.Intersect(model.WhenTrue(atom));
            if (model.MostGeneral(refuted).Select(a => (int?)a).FirstOrDefault() is int root)
                return model.DisplayName(root) + ".IsSupported";
        }
        return requirement.Check;
    }

    private static (IsaUseVerdict, string) ClassifyMissing(IsaUseSite site, IsaRequirement requirement, IsaModel model, AtomSet baseline)
    {
        var lacking = site.State.Alternatives.Where(a => !GuardState.Implies(a, requirement.Formula, model)).ToList();
        var isaChecks = lacking.Select(a => string.Join(" && ",
            model.MostSpecific(a.True.Except(baseline)).Select(i => model.DisplayName(i) + ".IsSupported"))).ToList();
        var markers = lacking.Select(a => a.True.Atoms.Where(site.Markers.ContainsKey).Select(m => site.Markers[m]).ToList()).ToList();

        if (Enumerable.Range(0, lacking.Count).Any(i => isaChecks[i].Length == 0 && markers[i].Count == 0))
        {
            return site.CaughtAs is { } caught
                ? (IsaUseVerdict.CatchProbe, caught.SpecialType == SpecialType.System_Object ? "all exceptions" : caught.Name)
                : (IsaUseVerdict.Unguarded, string.Empty);
        }

        // A path guarded by an architecture, acceleration or CPUID condition: name that mistake, the most
        // telling kind first, even when an unrelated ISA check (X86Base.IsSupported before CpuId) stands beside it.
        foreach (var (kind, verdict) in new[]
        {
            (GuardMarkerKind.RawCpuid, IsaUseVerdict.RawCpuid),
            (GuardMarkerKind.Acceleration, IsaUseVerdict.AccelerationOnly),
            (GuardMarkerKind.Architecture, IsaUseVerdict.ArchitectureOnly),
        })
        {
            // Within one path the conditions all held (&&); the paths are alternatives (||).
            var paths = markers.Select(path => string.Join(" && ", path.Where(m => m.Kind == kind).Select(m => m.Description).Distinct()))
                .Where(text => text.Length > 0).Distinct().ToList();
            if (paths.Count > 0) return (verdict, string.Join(" || ", paths));
        }

        return (IsaUseVerdict.WrongGuard, string.Join(" || ", isaChecks.Distinct()));
    }
}
