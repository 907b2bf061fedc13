using CpuidAnalyzers.Isa;

namespace CpuidAnalyzers.Flow;

/// <summary>
/// What the guard flow reads about a compilation: its ISA classes, where members' requirements come from, and the
/// members that only name a check. One per compilation and requirement source (see <c>CompilationIsaAnalysis.ContractFlow</c>).
/// </summary>
internal sealed class GuardFlowInputs
{
    public GuardFlowInputs(IsaModel model, IRequirementSource requirements, GuardMembers guardMembers) =>
        (Model, Requirements, GuardMembers) = (model, requirements, guardMembers);

    public IsaModel Model { get; }

    public IRequirementSource Requirements { get; }

    public GuardMembers GuardMembers { get; }
}
