using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.CodeFixes.Common;

/// <summary>One clause of a requirement: any one of these ISA classes (most often exactly one).</summary>
internal sealed class IsaClause
{
    public IsaClause(ImmutableArray<INamedTypeSymbol> alternatives) => Alternatives = alternatives;

    public ImmutableArray<INamedTypeSymbol> Alternatives { get; }

    /// <summary>The class, when the clause names exactly one.</summary>
    public INamedTypeSymbol? Single => Alternatives.Length == 1 ? Alternatives[0] : null;

    /// <summary><c>Avx2</c>, <c>Sse41.X64</c>, <c>Sse2 or AdvSimd</c>.</summary>
    public string Display => IsaRequirement.AnyOfDisplay(Alternatives, IsaModel.DisplayName);

    /// <summary><c>Avx2.IsSupported</c>, <c>Sse2.IsSupported || AdvSimd.IsSupported</c>.</summary>
    public string CheckText => IsaRequirement.AnyOfCheck(Alternatives, IsaModel.DisplayName);

    /// <summary>Every alternative of this clause implies some alternative of <paramref name="other"/>.</summary>
    public bool Implies(IsaClause other) => Alternatives.All(a => other.Alternatives.Any(b => IsaModel.Implies(a, b)));

    public bool SameAs(IsaClause other) => Implies(other) && other.Implies(this);
}

/// <summary>
/// The requirement a use-site diagnostic carries (<see cref="IsaRequirement.ReadProperty"/>), as clauses the
/// fixes reason about with the analyzer's own implication (<see cref="IsaModel.Implies"/>) and display names.
/// </summary>
internal static class IsaClauses
{
    /// <summary>The clauses of the diagnostic's requirement, or default when it carries none this compilation can resolve.</summary>
    public static ImmutableArray<IsaClause> Read(Diagnostic diagnostic, Compilation compilation)
    {
        var clauses = IsaRequirement.ReadProperty(diagnostic.Properties, compilation);
        return clauses.IsDefault ? default : clauses.Select(c => new IsaClause(c)).ToImmutableArray();
    }

    /// <summary>
    /// Drops every clause another clause implies, keeping the first of equal ones, in order of first
    /// appearance: Avx2 + Sse41 → Avx2; Avx2 + Fma → Avx2, Fma; Sse41 + Sse41.X64 → Sse41.X64.
    /// </summary>
    public static ImmutableArray<IsaClause> Minimal(IEnumerable<IsaClause> clauses)
    {
        var list = new List<IsaClause>();
        foreach (var clause in clauses)
            if (!list.Any(c => c.SameAs(clause))) list.Add(clause);
        return list.Where((c, i) => !list.Where((d, j) => j != i && d.Implies(c)).Any()).ToImmutableArray();
    }

    /// <summary>The condition text, as in messages: <c>Avx2.IsSupported &amp;&amp; Fma.IsSupported</c>.</summary>
    public static string CheckText(ImmutableArray<IsaClause> clauses) =>
        IsaRequirement.CheckOf(clauses.Select(c => c.Alternatives).ToList(), IsaModel.DisplayName);

    public static string Display(ImmutableArray<IsaClause> clauses) => string.Join(" and ", clauses.Select(c => c.Display));
}
