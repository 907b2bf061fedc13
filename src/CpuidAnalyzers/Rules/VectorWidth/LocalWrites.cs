using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Rules.VectorWidth;

/// <summary>
/// Every write to every local and parameter of a body (the original operation tree, lambdas and local
/// functions included): what the width rule needs to trace a buffer to its creation (a local written
/// once) and to find how a loop index or pointer moves (its compound assignments and increments).
/// </summary>
internal sealed class LocalWrites
{
    private readonly Dictionary<ISymbol, List<IOperation>> _writes = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, IOperation> _initialValues = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _escaped = new(SymbolEqualityComparer.Default);

    public LocalWrites(IOperation root)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when declarator.GetVariableInitializer() is { } initializer:
                    Add(declarator.Symbol, operation);
                    _initialValues[declarator.Symbol] = initializer.Value;
                    break;
                case IAssignmentOperation { Target: { } target } when Variable(target) is { } variable:
                    Add(variable, operation);
                    break;
                case IIncrementOrDecrementOperation { Target: { } target } when Variable(target) is { } variable:
                    Add(variable, operation);
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (var local in deconstruction.Target.DescendantsAndSelf().OfType<ILocalReferenceOperation>()) _escaped.Add(local.Local);
                    break;
                case IDeclarationExpressionOperation declaration:
                    foreach (var local in declaration.DescendantsAndSelf().OfType<ILocalReferenceOperation>()) _escaped.Add(local.Local);
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out, Value: { } byRef } when Variable(byRef) is { } variable:
                    _escaped.Add(variable);
                    break;
                case IAddressOfOperation { Reference: { } addressed } when Variable(addressed) is { } variable:
                    _escaped.Add(variable);
                    break;
            }
        }
    }

    /// <summary>The value of a local whose only write is its initializer (for a ref local, the reference); else null.</summary>
    public IOperation? SingleValue(ILocalSymbol local) =>
        !_escaped.Contains(local) && _writes.TryGetValue(local, out var writes) && writes.Count == 1
            && _initialValues.TryGetValue(local, out var value) ? value : null;

    /// <summary>
    /// The writes to a local or by-value parameter (a local's declaration included), or null when it may also be
    /// written where they cannot be seen (by reference, through its address, or a ref parameter by the caller).
    /// </summary>
    public IReadOnlyList<IOperation>? Writes(ISymbol variable) =>
        _escaped.Contains(variable) || variable is IParameterSymbol { RefKind: not RefKind.None } or ILocalSymbol { IsRef: true } ? null
            : _writes.TryGetValue(variable, out var writes) ? writes : new List<IOperation>();

    /// <summary>The local or parameter an operation names.</summary>
    public static ISymbol? Variable(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };

    private void Add(ISymbol local, IOperation write)
    {
        if (!_writes.TryGetValue(local, out var list)) _writes[local] = list = new List<IOperation>();
        list.Add(write);
    }
}
