using System.Collections.Immutable;

namespace CpuidAnalyzers.Analysis;

/// <summary>What the shared analysis found in one code block: the findings, and which ISA classes its uses need.</summary>
internal sealed class IsaBlockReport
{
    public static readonly IsaBlockReport Empty = new(ImmutableArray<IsaUseFinding>.Empty, ImmutableHashSet<int>.Empty);

    public IsaBlockReport(ImmutableArray<IsaUseFinding> findings, ImmutableHashSet<int> usedAtoms) =>
        (Findings, UsedAtoms) = (findings, usedAtoms);

    /// <summary>Uses that are not safe, each with one verdict.</summary>
    public ImmutableArray<IsaUseFinding> Findings { get; }

    /// <summary>Every ISA class some use in the block needs (safe or not), for CPUID009.</summary>
    public ImmutableHashSet<int> UsedAtoms { get; }
}
