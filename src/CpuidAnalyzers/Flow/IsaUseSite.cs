using System.Collections.Generic;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.Flow;

/// <summary>One use of an ISA class member, and what is known on every path that reaches it.</summary>
internal sealed class IsaUseSite
{
    public IsaUseSite(IOperation operation, ISymbol member, IsaRequirement requirement, bool isContract, GuardState state, IReadOnlyDictionary<int,
        GuardMarker> markers, ITypeSymbol? caughtAs, bool isAssertion = false)
    {
        IsAssertion = isAssertion;
        Operation = operation;
        Member = member;
        Requirement = requirement;
        IsContract = isContract;
        State = state;
        Markers = markers;
        CaughtAs = caughtAs;
    }

    public IOperation Operation { get; }

    public ISymbol Member { get; }

    /// <summary>What the member needs: its ISA class, or its contract.</summary>
    public IsaRequirement Requirement { get; }

    /// <summary>A call to a member with an ISA contract, rather than to an ISA class.</summary>
    public bool IsContract { get; }

    public GuardState State { get; }

    /// <summary>The body's marker atoms (architecture, acceleration, CPUID checks), for naming the guard.</summary>
    public IReadOnlyDictionary<int, GuardMarker> Markers { get; }

    /// <summary>
    /// A <c>Debug.Assert</c> of ISA checks: never reported itself (after it the checks hold), but inference
    /// counts it as a need, since the assertion is gone in Release builds and the callers must establish it.
    /// </summary>
    public bool IsAssertion { get; }

    /// <summary>The type of an enclosing catch that swallows PlatformNotSupportedException, if any.</summary>
    public ITypeSymbol? CaughtAs { get; }
}
