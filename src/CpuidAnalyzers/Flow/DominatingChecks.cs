using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Flow;

/// <summary>
/// Settles a body without its ControlFlowGraph when every use in it sits where a check implying what it
/// needs must have held: in the arm of an <c>if</c> or <c>?:</c> that the check selects, on the right of
/// <c>&amp;&amp;</c>/<c>||</c>, or after an <c>if</c> of the same block whose arm always leaves it (return,
/// throw, break, continue, goto case). Building the graph is most of the cost of analyzing ordinary dispatch
/// code, and this is the shape most of it has.
/// </summary>
/// <remarks>
/// Sound because C# cannot enter a nested block or a statement list except at its start or at a label, and a
/// local function can be called before its declaration: bodies with either are left to the graph. IsSupported
/// never changes in a process, so a check that held before a lambda was created holds when it runs. It only
/// proves uses safe: a body with any use it cannot prove goes to the full flow, so it adds no false alarm
/// (the trap of syntax-walking checkers) and never decides a diagnostic. One difference from the graph: a
/// settled use in unreachable code (after a <c>return</c>) still counts as using its class for CPUID009.
/// </remarks>
internal static class DominatingChecks
{
    /// <summary>Whether every use in the body is safe from <paramref name="entry"/> and the checks above it.</summary>
    public static bool CoverAll(BodyVariables variables, BodyUses uses, GuardState entry, IsaModel model, GuardMembers guardMembers,
        CancellationToken cancellationToken)
    {
        if (uses.HasAssertion || uses.HasJumpTargets || uses.HasPropertyContract) return false;
        var reader = new ConditionReader(model, variables, guardMembers, cancellationToken);
        foreach (var (operation, requirement) in uses.Uses)
            if (!Covered(operation, requirement.Formula, entry, reader, model)) return false;
        return true;
    }

    private static bool Covered(IOperation use, Formula needed, GuardState entry, ConditionReader reader, IsaModel model)
    {
        var state = entry;
        if (state.Implies(needed, model)) return true;
        for (IOperation child = use, parent = use.Parent!; parent is not null; child = parent, parent = parent.Parent!)
        {
            var before = state;
            switch (parent)
            {
                case IConditionalOperation conditional when child == conditional.WhenTrue || child == conditional.WhenFalse:
                    state = state.Assume(reader.ReadInTree(conditional.Condition), child == conditional.WhenTrue, model);
                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd
                    or BinaryOperatorKind.ConditionalOr } logical when child == logical.RightOperand:
                    state = state.Assume(reader.ReadInTree(logical.LeftOperand), logical.OperatorKind == BinaryOperatorKind.ConditionalAnd, model);
                    break;
                case IBlockOperation block:
                    state = AfterEarlyExits(block.Operations.TakeWhile(statement => statement != child), state, reader, model);
                    break;
                case ISwitchCaseOperation section:
                    // A section is entered at its start (a case label or goto case), so its statements run in order.
                    state = AfterEarlyExits(section.Body.TakeWhile(statement => statement != child), state, reader, model);
                    break;
            }
            if (state.IsUnreachable) return false;
            if (!ReferenceEquals(state, before) && state.Implies(needed, model)) return true;
        }
        return false;
    }

    /// <summary>After <c>if (c) return;</c> the rest of the block runs only where c is false (true after <c>if (c) {} else return;</c>).</summary>
    private static GuardState AfterEarlyExits(IEnumerable<IOperation> statementsBefore, GuardState state, ConditionReader reader, IsaModel model)
    {
        foreach (var statement in statementsBefore)
        {
            if (statement is not IConditionalOperation conditional) continue;
            var trueLeaves = AlwaysLeaves(conditional.WhenTrue);
            var falseLeaves = conditional.WhenFalse is { } whenFalse && AlwaysLeaves(whenFalse);
            if (trueLeaves != falseLeaves)
                state = state.Assume(reader.ReadInTree(conditional.Condition), falseLeaves, model);
        }
        return state;
    }

    /// <summary>How deep <see cref="AlwaysLeaves"/> looks into nested statements; past it a statement is not known to leave (sound: no fact is
    /// added).</summary>
    private const int MaxLeavesDepth = 200;

    /// <summary>Whether the statement always leaves the block. Iterative along <c>else if</c> chains and last statements, whose length is the input's (issue
    /// 19).</summary>
    private static bool AlwaysLeaves(IOperation? statement, int depth = 0)
    {
        if (depth > MaxLeavesDepth) return false;
        while (statement is not null)
        {
            switch (statement)
            {
                case IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak }:
                case IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation }:
                case IBranchOperation:
                    return true;
                case IBlockOperation block:
                    if (block.Operations.Length == 0) return false;
                    statement = block.Operations[block.Operations.Length - 1];
                    break;
                case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                    if (!AlwaysLeaves(conditional.WhenTrue, depth + 1)) return false;
                    statement = whenFalse;
                    break;
                default:
                    return false;
            }
        }
        return false;
    }
}
