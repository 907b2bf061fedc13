using System.Collections.Generic;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Flow;

/// <summary>What the pre-pass over one body's operation tree found (<see cref="IsaMemberUse.Find"/>).</summary>
internal sealed class BodyUses
{
    private readonly List<(IOperation Operation, IsaRequirement Requirement)> _uses = new();

    /// <summary>Each use with what it needs.</summary>
    public IReadOnlyList<(IOperation Operation, IsaRequirement Requirement)> Uses => _uses;

    /// <summary>A <c>Debug.Assert</c>: the flow records it (as a precondition) even when nothing else is used.</summary>
    public bool HasAssertion { get; set; }

    /// <summary>
    /// A label or a local function: code reachable other than from the statement before it (a <c>goto</c>,
    /// a call before the declaration), which only the graph follows.
    /// </summary>
    public bool HasJumpTargets { get; set; }

    /// <summary>A use of a contract property: which accessors run depends on the tree around it, so it is read on the graph.</summary>
    public bool HasPropertyContract { get; private set; }

    public bool IsEmpty => _uses.Count == 0 && !HasAssertion;

    public void Add(IOperation operation, IsaRequirement requirement, bool isContract)
    {
        _uses.Add((operation, requirement));
        if (isContract && operation is IPropertyReferenceOperation) HasPropertyContract = true;
    }
}
