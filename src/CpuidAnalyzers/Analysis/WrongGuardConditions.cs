using System.Collections.Concurrent;
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
internal sealed class WrongGuardConditions
{
    private const int MaxDepth = 4;

    private readonly SemanticModels _models;

    // Found for every reported use, so a long method's many findings share the work: each block's early exits are
    // listed once, each condition is tested once, and each body's assignments are bound once (issue 22 measured
    // finding the guard per use, uncached, at several times the whole analysis of a 5,000-line method).
    private readonly ConcurrentDictionary<SyntaxNode, (int Start, GuardCondition Guard)[]> _exits = new();
    private readonly ConcurrentDictionary<(SyntaxNode Condition, IsaUseVerdict Verdict), bool> _passes = new();
    private readonly ConcurrentDictionary<SyntaxNode, ILookup<ISymbol, ExpressionSyntax>> _assignments = new();

    public WrongGuardConditions(SemanticModels models) => _models = models;

    /// <summary>The wrong guard of a use with <paramref name="verdict"/>, or null (then the fixes wrap the use instead).</summary>
    public GuardCondition? Find(SyntaxNode use, IsaUseVerdict verdict, SemanticModel model, CancellationToken cancellationToken)
    {
        if (verdict is not (IsaUseVerdict.WrongGuard or IsaUseVerdict.ArchitectureOnly or IsaUseVerdict.RawCpuid or IsaUseVerdict.AccelerationOnly))
            return null;
        var child = use;
        for (var node = use.Parent; node is not null; child = node, node = node.Parent)
        {
            if (node is BlockSyntax or SwitchSectionSyntax or CompilationUnitSyntax)
            {
                // The exits before the child, nearest first: the innermost dominating one that tests the verdict's subject.
                var exits = _exits.GetOrAdd(node, container => EarlyExits(container).ToArray());
                for (var i = exits.Length - 1; i >= 0; i--)
                {
                    if (exits[i].Start < child.SpanStart && Passes(exits[i].Guard.Expression, verdict, model, cancellationToken))
                        return exits[i].Guard;
                }
                continue;
            }
            if (node is LocalFunctionStatementSyntax || node is MemberDeclarationSyntax and not GlobalStatementSyntax) return null;
            if (Structural(node, child) is { } candidate && Passes(candidate.Expression, verdict, model, cancellationToken)) return candidate;
        }
        return null;
    }

    private bool Passes(ExpressionSyntax condition, IsaUseVerdict verdict, SemanticModel model, CancellationToken cancellationToken) =>
        _passes.TryGetValue((condition, verdict), out var known) ? known
            : _passes.GetOrAdd((condition, verdict),
                Tests(condition, verdict, model, 0, new HashSet<ISymbol>(SymbolEqualityComparer.Default), cancellationToken));

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

    /// <summary>The condition of <paramref name="node"/> that lets control reach <paramref name="child"/>, if it has one.</summary>
    private static GuardCondition? Structural(SyntaxNode node, SyntaxNode child) => node switch
    {
        IfStatementSyntax ifStatement when ifStatement.Statement == child => new GuardCondition(ifStatement.Condition, true),
        ElseClauseSyntax { Parent: IfStatementSyntax ifStatement } elseClause when elseClause.Statement == child
            => new GuardCondition(ifStatement.Condition, false),
        ConditionalExpressionSyntax conditional when conditional.WhenTrue == child => new GuardCondition(conditional.Condition, true),
        ConditionalExpressionSyntax conditional when conditional.WhenFalse == child => new GuardCondition(conditional.Condition, false),
        BinaryExpressionSyntax binary when binary.Right == child && binary.IsKind(SyntaxKind.LogicalAndExpression) => new GuardCondition(binary.Left, true),
        BinaryExpressionSyntax binary when binary.Right == child && binary.IsKind(SyntaxKind.LogicalOrExpression) => new GuardCondition(binary.Left, false),
        WhileStatementSyntax loop when loop.Statement == child => new GuardCondition(loop.Condition, true),
        ForStatementSyntax { Condition: { } condition } loop when loop.Statement == child || loop.Incrementors.Contains(child)
            => new GuardCondition(condition, true),
        _ => null,
    };

    /// <summary>
    /// <c>if (c) return …;</c> (guards what follows when false), <c>if (c) … else return;</c> and <c>Debug.Assert(c)</c>
    /// (when true) among the statements of <paramref name="container"/>, in order, each with where its statement starts.
    /// </summary>
    private static IEnumerable<(int Start, GuardCondition Guard)> EarlyExits(SyntaxNode container)
    {
        var items = container switch
        {
            BlockSyntax block => block.Statements.Cast<SyntaxNode>(),
            SwitchSectionSyntax section => section.Statements.Cast<SyntaxNode>(),
            CompilationUnitSyntax unit => unit.Members.OfType<GlobalStatementSyntax>(),
            _ => Enumerable.Empty<SyntaxNode>(),
        };
        foreach (var item in items)
        {
            var statement = item is GlobalStatementSyntax global ? global.Statement : (StatementSyntax)item;
            switch (statement)
            {
                case IfStatementSyntax { Else: null } exit when AlwaysExits(exit.Statement):
                    yield return (item.SpanStart, new GuardCondition(exit.Condition, false));
                    break;
                case IfStatementSyntax { Else: { } elseClause } exit when AlwaysExits(elseClause.Statement) && !AlwaysExits(exit.Statement):
                    yield return (item.SpanStart, new GuardCondition(exit.Condition, true));
                    break;
                case ExpressionStatementSyntax
                {
                    Expression: InvocationExpressionSyntax
                    {
                        Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Assert" },
                        ArgumentList.Arguments: { Count: > 0 } arguments,
                    },
                }:
                    yield return (item.SpanStart, new GuardCondition(arguments[0].Expression, true));
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
    private bool Tests(SyntaxNode condition, IsaUseVerdict verdict, SemanticModel model, int depth, HashSet<ISymbol> visited,
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
            foreach (var (expression, expressionModel) in Definitions(symbol, condition, model, cancellationToken))
                if (Tests(expression, verdict, expressionModel, depth + 1, visited, cancellationToken)) return true;
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
    private IEnumerable<(SyntaxNode Expression, SemanticModel Model)> Definitions(ISymbol symbol, SyntaxNode usedIn, SemanticModel model,
        CancellationToken cancellationToken)
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
            var assignments = _assignments.GetOrAdd(body, b => b.DescendantNodes().OfType<AssignmentExpressionSyntax>()
                .Select(a => (Target: model.GetSymbolInfo(a.Left, cancellationToken).Symbol, a.Right))
                .Where(a => a.Target is not null)
                .ToLookup(a => a.Target!, a => a.Right, SymbolEqualityComparer.Default));
            foreach (var right in assignments[local]) yield return (right, model);
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
            var expressionModel = expression.SyntaxTree == model.SyntaxTree ? model : _models.For(expression.SyntaxTree);
            yield return (expression, expressionModel);
        }
    }

    private static ExpressionSyntax? SingleReturn(BlockSyntax? body) =>
        body is { Statements: { Count: 1 } statements } && statements[0] is ReturnStatementSyntax { Expression: { } value } ? value : null;

}
