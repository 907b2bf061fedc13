using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.Isa;

/// <summary>
/// A requirement source that infers local functions' requirements like helpers'. Without it (the plain
/// contracts, the vector rules' own sites) a local function starts from what holds at all its calls.
/// </summary>
internal interface ILocalFunctionInference
{
    /// <summary>Whether <paramref name="localFunction"/> (without a contract of its own) gets an inferred requirement checked at its calls.</summary>
    bool InfersRequirement(IMethodSymbol localFunction);
}
