using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CpuidAnalyzers.Analysis;

/// <summary>A condition that lets control reach a use: when it is true (<c>if (c) use</c>) or false (<c>if (c) return; use</c>).</summary>
internal readonly struct GuardCondition
{
    public GuardCondition(ExpressionSyntax expression, bool guardsWhenTrue) => (Expression, GuardsWhenTrue) = (expression, guardsWhenTrue);

    public ExpressionSyntax Expression { get; }

    public bool GuardsWhenTrue { get; }
}

/// <summary>
/// The wrong guard of a CPUID002/004/005/007 use: the innermost condition that dominates the use and tests what the
/// rule is about (an <c>IsSupported</c>, the architecture or pointer size, bits from <c>X86Base.CpuId</c>,
/// <c>IsHardwareAccelerated</c>), directly or through a local or a one-expression member. Found once, when the use is
/// reported, and carried to the fixes in the diagnostic (<see cref="Read"/>). Extending a condition that is not that
/// guard could silently skip work, so where none is found the fixes wrap the use in a guard that throws instead.
/// </summary>
internal static class WrongGuardConditions
{
    private const int MaxDepth = 4;

    /// <summary>The wrong guard of a use with <paramref name="verdict"/>, or null (then the fixes wrap the use instead).</summary>
    public static GuardCondition? Find(SyntaxNode use, IsaUseVerdict verdict, SemanticModel model, SemanticModels models, CancellationToken cancellationToken)
    {
        if (verdict is not (IsaUseVerdict.WrongGuard or IsaUseVerdict.ArchitectureOnly or IsaUseVerdict.RawCpuid or IsaUseVerdict.AccelerationOnly))
            return null;
        foreach (var candidate in Candidates(use))
        {
            if (Tests(candidate.Expression, verdict, model, models, 0, new HashSet<ISymbol>(SymbolEqualityComparer.Default), cancellationToken))
                return candidate;
        }
        return null;
    }

    /// <summary>Whether the diagnostic says the guard lets control through when true (set with its location).</summary>
    public const string GuardsWhenTrueProperty = "GuardsWhenTrue";

    /// <summary>The guard a diagnostic carries: its first additional location and <see cref="GuardsWhenTrueProperty"/>.</summary>
    public static GuardCondition? Read(Diagnostic diagnostic, SyntaxNode root)
    {
        if (diagnostic.AdditionalLocations.Count == 0 || !diagnostic.Properties.TryGetValue(GuardsWhenTrueProperty, out var whenTrue)) return null;
        var span = diagnostic.AdditionalLocations[0].SourceSpan;
        return root.FullSpan.Contains(span) && root.FindNode(span, getInnermostNodeForTie: true) is ExpressionSyntax expression && expression.Span == span
            ? new GuardCondition(expression, whenTrue == "true")
            : null;
    }

    /// <summary>Conditions that dominate <paramref name="use"/>, innermost first, within its method (lambdas inherit where they are created).</summary>
    public static IEnumerable<GuardCondition> Candidates(SyntaxNode use)
    {
        var child = use;
        for (var node = use.Parent; node is not null; child = node, node = node.Parent)
        {
            switch (node)
            {
                case IfStatementSyntax ifStatement when ifStatement.Statement == child:
                    yield return new GuardCondition(ifStatement.Condition, true);
                    break;
                case ElseClauseSyntax { Parent: IfStatementSyntax ifStatement } elseClause when elseClause.Statement == child:
                    yield return new GuardCondition(ifStatement.Condition, false);
                    break;
                case ConditionalExpressionSyntax conditional when conditional.WhenTrue == child:
                    yield return new GuardCondition(conditional.Condition, true);
                    break;
                case ConditionalExpressionSyntax conditional when conditional.WhenFalse == child:
                    yield return new GuardCondition(conditional.Condition, false);
                    break;
                case BinaryExpressionSyntax binary when binary.Right == child && binary.IsKind(SyntaxKind.LogicalAndExpression):
                    yield return new GuardCondition(binary.Left, true);
                    break;
                case BinaryExpressionSyntax binary when binary.Right == child && binary.IsKind(SyntaxKind.LogicalOrExpression):
                    yield return new GuardCondition(binary.Left, false);
                    break;
                case WhileStatementSyntax loop when loop.Statement == child:
                    yield return new GuardCondition(loop.Condition, true);
                    break;
                case ForStatementSyntax { Condition: { } condition } loop when loop.Statement == child || loop.Incrementors.Contains(child):
                    yield return new GuardCondition(condition, true);
                    break;
                case BlockSyntax or SwitchSectionSyntax or CompilationUnitSyntax:
                    foreach (var early in EarlyExits(node, child)) yield return early;
                    break;
                case LocalFunctionStatementSyntax:
                case MemberDeclarationSyntax and not GlobalStatementSyntax:
                    yield break;
            }
        }
    }

    /// <summary><c>if (c) return …;</c> (guards when false), <c>if (c) … else return;</c> and <c>Debug.Assert(c)</c> (when true) before <paramref
    /// name="child"/>.</summary>
    private static IEnumerable<GuardCondition> EarlyExits(SyntaxNode container, SyntaxNode child)
    {
        var items = container switch
        {
            BlockSyntax block => block.Statements.Cast<SyntaxNode>().ToList(),
            SwitchSectionSyntax section => section.Statements.Cast<SyntaxNode>().ToList(),
            CompilationUnitSyntax unit => unit.Members.OfType<GlobalStatementSyntax>().Cast<SyntaxNode>().ToList(),
            _ => new List<SyntaxNode>(),
        };
        var index = items.IndexOf(child);
        for (var i = index - 1; i >= 0; i--)
        {
            var statement = items[i] is GlobalStatementSyntax global ? global.Statement : (StatementSyntax)items[i];
            switch (statement)
            {
                case IfStatementSyntax { Else: null } exit when AlwaysExits(exit.Statement):
                    yield return new GuardCondition(exit.Condition, false);
                    break;
                case IfStatementSyntax { Else: { } elseClause } exit when AlwaysExits(elseClause.Statement) && !AlwaysExits(exit.Statement):
                    yield return new GuardCondition(exit.Condition, true);
                    break;
                case ExpressionStatementSyntax
                {
                    Expression: InvocationExpressionSyntax
                    {
                        Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Assert" },
                        ArgumentList.Arguments: { Count: > 0 } arguments,
                    },
                }:
                    yield return new GuardCondition(arguments[0].Expression, true);
                    break;
            }
        }
    }

    private static bool AlwaysExits(StatementSyntax statement) => statement switch
    {
        ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax => true,
        YieldStatementSyntax yield => yield.IsKind(SyntaxKind.YieldBreakStatement),
        BlockSyntax { Statements.Count: > 0 } block => AlwaysExits(block.Statements.Last()),
        _ => false,
    };

    /// <summary>Whether <paramref name="condition"/> tests what <paramref name="verdict"/> is about, looking through locals and guard members.</summary>
    private static bool Tests(SyntaxNode condition, IsaUseVerdict verdict, SemanticModel model, SemanticModels models, int depth, HashSet<ISymbol> visited,
        CancellationToken cancellationToken)
    {
        if (depth > MaxDepth) return false;
        foreach (var node in condition.DescendantNodesAndSelf(n => n is not AnonymousFunctionExpressionSyntax))
        {
            if (node is not (ExpressionSyntax and (IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax))) continue;
            var symbol = model.GetSymbolInfo(node, cancellationToken).Symbol;
            if (symbol is null) continue;
            if (IsRuleSubject(symbol, verdict)) return true;
            if (node is not IdentifierNameSyntax and not MemberAccessExpressionSyntax || !visited.Add(symbol.OriginalDefinition)) continue;
            foreach (var (expression, expressionModel) in Definitions(symbol, condition, model, models, cancellationToken))
                if (Tests(expression, verdict, expressionModel, models, depth + 1, visited, cancellationToken)) return true;
        }
        return false;
    }

    private static bool IsRuleSubject(ISymbol symbol, IsaUseVerdict verdict) => verdict switch
    {
        IsaUseVerdict.WrongGuard => symbol is IPropertySymbol { Name: "IsSupported", IsStatic: true } property && IsaModel.IsIsaClass(property.ContainingType),
        IsaUseVerdict.ArchitectureOnly => symbol switch
        {
            IPropertySymbol { Name: "ProcessArchitecture" or "OSArchitecture" } p => p.ContainingType.Name == "RuntimeInformation",
            IPropertySymbol { Name: "Is64BitProcess" or "Is64BitOperatingSystem" } p => p.ContainingType.ToDisplayString() == "System.Environment",
            IPropertySymbol { Name: "Size", IsStatic: true } p => p.ContainingType.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr,
            _ => false,
        },
        IsaUseVerdict.RawCpuid => symbol is IMethodSymbol { Name: "CpuId" } method && IsaModel.IsIsaClass(method.ContainingType),
        IsaUseVerdict.AccelerationOnly => symbol is IPropertySymbol { Name: "IsHardwareAccelerated", IsStatic: true } property
            && property.ContainingType.ContainingNamespace.ToDisplayString() is "System.Runtime.Intrinsics" or "System.Numerics",
        _ => false,
    };

    /// <summary>What a local or a one-expression member stands for: initializers, assignments, expression bodies.</summary>
    private static IEnumerable<(SyntaxNode Expression, SemanticModel Model)> Definitions(ISymbol symbol, SyntaxNode usedIn, SemanticModel model,
        SemanticModels models, CancellationToken cancellationToken)
    {
        if (symbol is ILocalSymbol local)
        {
            foreach (var reference in local.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax(cancellationToken);
                if (declaration is VariableDeclaratorSyntax { Initializer.Value: { } value }) yield return (value, model);
                else if (declaration is SingleVariableDesignationSyntax designation
                    && designation.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { } deconstruction)
                    yield return (deconstruction.Right, model);
            }
            var body = usedIn.FirstAncestorOrSelf<SyntaxNode>(n => n is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax
                or AccessorDeclarationSyntax or CompilationUnitSyntax or AnonymousFunctionExpressionSyntax);
            if (body is null) yield break;
            foreach (var assignment in body.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                if (SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol, local))
                    yield return (assignment.Right, model);
            }
            yield break;
        }

        if (symbol is not (IFieldSymbol or IPropertySymbol or IMethodSymbol { Parameters.IsEmpty: true })) yield break;
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(cancellationToken);
            var expression = declaration switch
            {
                VariableDeclaratorSyntax { Initializer.Value: { } value } => value,
                PropertyDeclarationSyntax { ExpressionBody.Expression: { } arrow } => arrow,
                PropertyDeclarationSyntax { Initializer.Value: { } value } => value,
                PropertyDeclarationSyntax { AccessorList: { } accessors }
                    => SingleReturn(accessors.Accessors.FirstOrDefault(a => a.IsKind(SyntaxKind.GetAccessorDeclaration))?.Body)
                    ?? accessors.Accessors.FirstOrDefault(a => a.IsKind(SyntaxKind.GetAccessorDeclaration))?.ExpressionBody?.Expression,
                MethodDeclarationSyntax { ExpressionBody.Expression: { } arrow } => arrow,
                MethodDeclarationSyntax method => SingleReturn(method.Body),
                _ => null,
            };
            if (expression is null) continue;
            var expressionModel = expression.SyntaxTree == model.SyntaxTree ? model : models.For(expression.SyntaxTree);
            yield return (expression, expressionModel);
        }
    }

    private static ExpressionSyntax? SingleReturn(BlockSyntax? body) =>
        body is { Statements: { Count: 1 } statements } && statements[0] is ReturnStatementSyntax { Expression: { } value } ? value : null;

}
