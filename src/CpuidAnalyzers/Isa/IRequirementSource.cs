using System.Threading;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.Isa;

/// <summary>What uses need: an ISA class member needs its class; a member may need more, by contract or by inference.</summary>
internal interface IRequirementSource
{
    IsaRequirement ForClass(int atom);

    /// <summary>What calling (or creating, or reading) <paramref name="member"/> needs, or null for nothing.</summary>
    IsaRequirement? ForCall(ISymbol member, CancellationToken cancellationToken);

    /// <summary>
    /// What a call of <paramref name="member"/> through <paramref name="typeParameter"/> needs (<c>TOps.Combine(a, b)</c>,
    /// a static abstract or virtual interface member): the implementation is the type argument's.
    /// </summary>
    IsaRequirement? ForConstrainedCall(ISymbol member, ITypeParameterSymbol typeParameter, CancellationToken cancellationToken);

    /// <summary>A local function's own contract: it then starts from it instead of from its call sites.</summary>
    IsaRequirement? OwnContract(IMethodSymbol localFunction);
}
