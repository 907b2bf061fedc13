using System.Collections.Generic;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace CpuidAnalyzers.Flow;

/// <summary>
/// Operations other than ISA member uses whose guard state a rule wants, each with a formula that
/// must hold there: "<c>Vector512.IsHardwareAccelerated</c> or <c>Avx512F</c>" for a Vector512
/// operation (CPUID014), "a length was checked against <c>Vector&lt;T&gt;.Count</c>" for a load from
/// a short buffer (CPUID013). <see cref="GuardFlowAnalysis.AnalyzeSites"/> offers the source every
/// operation it replays, with the state that holds on all paths to it, and records those the source
/// gives a requirement. Marker atoms (such as the Acceleration marker of
/// <c>Vector512.IsHardwareAccelerated</c>) can be required like ISA atoms: a path that never read
/// the condition simply does not know it.
/// </summary>
internal interface IFlowSiteSource
{
    /// <summary>
    /// Whether comparisons of <c>Vector&lt;T&gt;.Count</c> are read as <see cref="GuardMarkerKind.VectorWidth"/>
    /// markers. Off, they are Unknown, as for the ISA rules.
    /// </summary>
    bool ReadsVectorWidth { get; }

    /// <summary>
    /// The requirement of <paramref name="operation"/> (an operation of the control flow graph, not of the
    /// original tree: match on its <see cref="IOperation.Syntax"/> and kind), or null when it is no site.
    /// </summary>
    Formula? Requirement(IOperation operation, FlowSiteContext context);
}

/// <summary>What a site source may use while the analysis replays a body: markers and the condition reader.</summary>
internal sealed class FlowSiteContext
{
    private readonly BodyVariables _variables;
    private readonly ConditionReader _reader;

    public FlowSiteContext(BodyVariables variables, ConditionReader reader, IsaModel model) =>
        (_variables, _reader, Model) = (variables, reader, model);

    public IsaModel Model { get; }

    /// <summary>The graph being replayed (the body, a lambda or a local function).</summary>
    public ControlFlowGraph Graph { get; internal set; } = null!;

    /// <summary>
    /// The markers allocated so far. Every atom a state at the current site can hold was allocated before
    /// that state existed, so a requirement built from these covers all of them.
    /// </summary>
    public IReadOnlyDictionary<int, GuardMarker> Markers => _variables.Markers;

    /// <summary>The atom of a marker (the same one <see cref="ConditionReader"/> gives the same description).</summary>
    public int Marker(GuardMarkerKind kind, string description, int widthBytes = 0) => _variables.Marker(kind, description, widthBytes);

    /// <summary>A condition of the graph being replayed, as the flow analysis reads it.</summary>
    public Formula Read(IOperation condition) => _reader.Read(condition, Graph);
}

/// <summary>One recorded site: the operation, what it requires, and what is known on every path to it.</summary>
internal sealed class FlowSite
{
    public FlowSite(IOperation operation, Formula requirement, GuardState state, IReadOnlyDictionary<int, GuardMarker> markers) =>
        (Operation, Requirement, State, Markers) = (operation, requirement, state, markers);

    /// <summary>The operation in the control flow graph (its Syntax is the user's code).</summary>
    public IOperation Operation { get; }

    public Formula Requirement { get; }

    public GuardState State { get; }

    public IReadOnlyDictionary<int, GuardMarker> Markers { get; }

    /// <summary>Whether the requirement holds on every path that reaches the site.</summary>
    public bool IsSatisfied(IsaModel model) => State.IsUnreachable || State.Implies(Requirement, model);
}
