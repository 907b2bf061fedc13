using System.Collections.Generic;
using System.Threading;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Flow;

/// <summary>
/// A body with no branch, loop, handler, nested function or assertion runs every operation with the ISA facts
/// it was entered with: its uses are the graph's sites, each with the entry state, and no graph is built. Most
/// helpers of real SIMD code (a step, a load, a mask) have this shape, and inference reads each of them.
/// </summary>
/// <remarks>
/// Only ISA facts matter for a use: a bool local assigned without a branch after it refines nothing, and a call
/// of a non-ISA method changes no fact. Anything that could (a condition, a <c>Debug.Assert</c>, code after a
/// <c>return</c> or a <c>throw</c>, a catch of PlatformNotSupportedException) sends the body to the graph.
/// </remarks>
internal static class StraightLineBody
{
    private static readonly IReadOnlyDictionary<int, GuardMarker> NoMarkers = new Dictionary<int, GuardMarker>();

    /// <summary>The body's uses with <paramref name="entry"/> as their state, or null when the body is not straight-line.</summary>
    public static List<IsaUseSite>? Uses(IOperation root, IsaModel model, IRequirementSource requirements, GuardState entry,
        CancellationToken cancellationToken)
    {
        List<IsaUseSite>? sites = null;
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (Branches(operation, root)) return null;
            if (!IsaMemberUse.TryGet(operation, model, requirements, cancellationToken, out var member, out var requirement, out var isContract)) continue;
            // Which accessors a property access runs depends on the tree around it: the graph reads that.
            if (isContract && operation is IPropertyReferenceOperation) return null;
            (sites ??= new List<IsaUseSite>()).Add(new IsaUseSite(operation, member, requirement, isContract, entry, NoMarkers, caughtAs: null));
        }
        return sites ?? new List<IsaUseSite>();
    }

    private static bool Branches(IOperation operation, IOperation root) => operation switch
    {
        IConditionalOperation or ICoalesceOperation or ICoalesceAssignmentOperation or IConditionalAccessOperation
            or ISwitchOperation or ISwitchExpressionOperation or IIsPatternOperation or ILoopOperation
            or ITryOperation or IUsingOperation or IUsingDeclarationOperation or ILockOperation
            or IBranchOperation or ILabeledOperation or IThrowOperation
            or IAnonymousFunctionOperation or ILocalFunctionOperation or IInterpolatedStringHandlerCreationOperation => true,
        // What IOperation does not model (a `fixed` statement, among others) may hide any of these.
        { Kind: OperationKind.None } => true,
        IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } => true,
        IInvocationOperation { TargetMethod: { Name: "Assert", ContainingType.Name: "Debug" } } => true,
        // A return anywhere but at the very end leaves code after it unreachable (or is an iterator's yield).
        IReturnOperation @return => @return.Kind != OperationKind.Return || !IsLastStatement(@return, root),
        _ => false,
    };

    private static bool IsLastStatement(IOperation statement, IOperation root)
    {
        var block = statement.Parent as IBlockOperation;
        if (block is null || block.Operations[block.Operations.Length - 1] != statement) return false;
        // The body's own block, directly under the root (a method body's block) or the root itself.
        return block == root || block.Parent == root && root is not IBlockOperation;
    }
}
