using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.Flow;

/// <summary>One use of an ISA class member, and what is known on every path that reaches it.</summary>
internal sealed class IsaUseSite
{
    public IsaUseSite(IOperation operation, ISymbol member, int isa, GuardState state, IReadOnlyDictionary<int, GuardMarker> markers, ITypeSymbol? caughtAs)
    {
        Operation = operation;
        Member = member;
        Isa = isa;
        State = state;
        Markers = markers;
        CaughtAs = caughtAs;
    }

    public IOperation Operation { get; }

    public ISymbol Member { get; }

    /// <summary>The atom of the ISA class the member needs.</summary>
    public int Isa { get; }

    public GuardState State { get; }

    /// <summary>The body's marker atoms (architecture, acceleration, CPUID checks), for naming the guard.</summary>
    public IReadOnlyDictionary<int, GuardMarker> Markers { get; }

    /// <summary>The type of an enclosing catch that swallows PlatformNotSupportedException, if any.</summary>
    public ITypeSymbol? CaughtAs { get; }
}
