using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace CpuidAnalyzers.CodeFixes.Common;

/// <summary>A condition that lets control reach a use: when it is true (<c>if (c) use</c>) or false (<c>if (c) return; use</c>).</summary>
internal readonly struct GuardCondition
{
    public GuardCondition(ExpressionSyntax expression, bool guardsWhenTrue) => (Expression, GuardsWhenTrue) = (expression, guardsWhenTrue);

    public ExpressionSyntax Expression { get; }

    public bool GuardsWhenTrue { get; }
}

/// <summary>
/// Finds the wrong guard of a CPUID002/004/005/007 use in the syntax (the diagnostic only names it in
/// its message) and rewrites it. The guard is the innermost condition that dominates the use and
/// tests what the rule is about: an <c>IsSupported</c> (002), the architecture or pointer size (004),
/// bits from <c>X86Base.CpuId</c> (005), <c>IsHardwareAccelerated</c> (007), directly or through a local or
/// a one-expression member. Extending a condition that is not that guard could silently skip work,
/// so when none is found the caller wraps the use in a guard that throws instead.
/// </summary>
internal static class GuardConditions
{
    private const int MaxDepth = 4;

    public static GuardCondition? Find(SyntaxNode use, string ruleId, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var candidate in Candidates(use))
        {
            if (Tests(candidate.Expression, ruleId, model, 0, new HashSet<ISymbol>(SymbolEqualityComparer.Default), cancellationToken))
                return candidate;
        }
        return null;
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

    /// <summary>Whether <paramref name="condition"/> tests what <paramref name="ruleId"/> is about, looking through locals and guard members.</summary>
    private static bool Tests(SyntaxNode condition, string ruleId, SemanticModel model, int depth, HashSet<ISymbol> visited,
        CancellationToken cancellationToken)
    {
        if (depth > MaxDepth) return false;
        foreach (var node in condition.DescendantNodesAndSelf(n => n is not AnonymousFunctionExpressionSyntax))
        {
            if (node is not (ExpressionSyntax and (IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax))) continue;
            var symbol = model.GetSymbolInfo(node, cancellationToken).Symbol;
            if (symbol is null) continue;
            if (IsRuleSubject(symbol, ruleId)) return true;
            if (node is not IdentifierNameSyntax and not MemberAccessExpressionSyntax || !visited.Add(symbol.OriginalDefinition)) continue;
            foreach (var (expression, expressionModel) in Definitions(symbol, condition, model, cancellationToken))
                if (Tests(expression, ruleId, expressionModel, depth + 1, visited, cancellationToken)) return true;
        }
        return false;
    }

    private static bool IsRuleSubject(ISymbol symbol, string ruleId) => ruleId switch
    {
        RuleIds.WrongGuard => symbol is IPropertySymbol { Name: "IsSupported", IsStatic: true } property && IsaModel.IsIsaClass(property.ContainingType),
        RuleIds.ArchitectureCheck => symbol switch
        {
            IPropertySymbol { Name: "ProcessArchitecture" or "OSArchitecture" } p => p.ContainingType.Name == "RuntimeInformation",
            IPropertySymbol { Name: "Is64BitProcess" or "Is64BitOperatingSystem" } p => p.ContainingType.ToDisplayString() == "System.Environment",
            IPropertySymbol { Name: "Size", IsStatic: true } p => p.ContainingType.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr,
            _ => false,
        },
        RuleIds.RawCpuid => symbol is IMethodSymbol { Name: "CpuId" } method && IsaModel.IsIsaClass(method.ContainingType),
        RuleIds.AccelerationCheck => symbol is IPropertySymbol { Name: "IsHardwareAccelerated", IsStatic: true } property
            && property.ContainingType.ContainingNamespace.ToDisplayString() is "System.Runtime.Intrinsics" or "System.Numerics",
        _ => false,
    };

    /// <summary>What a local or a one-expression member stands for: initializers, assignments, expression bodies.</summary>
    private static IEnumerable<(SyntaxNode Expression, SemanticModel Model)> Definitions(ISymbol symbol, SyntaxNode usedIn, SemanticModel model,
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
            var expressionModel = expression.SyntaxTree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(expression.SyntaxTree);
            yield return (expression, expressionModel);
        }
    }

    private static ExpressionSyntax? SingleReturn(BlockSyntax? body) =>
        body is { Statements: { Count: 1 } statements } && statements[0] is ReturnStatementSyntax { Expression: { } value } ? value : null;

    /// <summary>
    /// The condition with <paramref name="needed"/> added. A plain <c>X.IsSupported</c> term that a needed
    /// class implies is replaced (Avx → Avx2, Sse41 → Sse41.X64: the same condition, shorter); any other
    /// term is kept and the check is joined to it (Avx2 &amp;&amp; Fma, arch == X64 &amp;&amp; Avx2), since code under
    /// the condition may rely on it. Where the condition guards by being false, terms are joined with <c>||</c>
    /// and the checks negated.
    /// </summary>
    public static ExpressionSyntax Rewrite(GuardCondition guard, ImmutableArray<IsaClause> needed, SemanticModel model, CancellationToken cancellationToken)
    {
        var joinKind = guard.GuardsWhenTrue ? SyntaxKind.LogicalAndExpression : SyntaxKind.LogicalOrExpression;
        var terms = Split(guard.Expression, joinKind);

        var kept = new List<ExpressionSyntax>();
        var insertAt = -1;
        foreach (var term in terms)
        {
            var checkedClass = PlainIsSupported(term, guard.GuardsWhenTrue, model, cancellationToken);
            if (checkedClass is not null && needed.Any(c => c.Single is { } single && IsaModel.Implies(single, checkedClass)))
            {
                if (insertAt < 0) insertAt = kept.Count;
                continue;
            }
            kept.Add(term.WithoutTrivia());
        }

        var added = needed.Select(c => guard.GuardsWhenTrue
            ? (needed.Length > 1 || kept.Count > 0) && c.Alternatives.Length > 1 ? ParenthesizedExpression(GuardSyntax.Check(c)) : GuardSyntax.Check(c)
            : GuardSyntax.NotCheck(c)).ToList();
        kept.InsertRange(insertAt < 0 ? kept.Count : insertAt, added);

        var result = kept.Select(t => ParenthesizeFor(t, joinKind)).Aggregate((left, right) => BinaryExpression(joinKind, left, right));
        // Inside an operator of another kind (the left side of an outer ||), keep the new && together.
        if (kept.Count > 1 && guard.Expression.Parent is BinaryExpressionSyntax or PrefixUnaryExpressionSyntax && !guard.Expression.Parent.IsKind(joinKind))
            result = ParenthesizedExpression(result);
        return result.WithTriviaFrom(guard.Expression).WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static List<ExpressionSyntax> Split(ExpressionSyntax expression, SyntaxKind kind)
    {
        var stripped = expression;
        while (stripped is ParenthesizedExpressionSyntax parenthesized) stripped = parenthesized.Expression;
        if (stripped is BinaryExpressionSyntax binary && binary.IsKind(kind))
        {
            var result = Split(binary.Left, kind);
            result.AddRange(Split(binary.Right, kind));
            return result;
        }
        return new List<ExpressionSyntax> { expression };
    }

    /// <summary>The class of <c>X.IsSupported</c> (or <c>!X.IsSupported</c> where the condition guards when false).</summary>
    private static INamedTypeSymbol? PlainIsSupported(ExpressionSyntax term, bool positive, SemanticModel model, CancellationToken cancellationToken)
    {
        while (term is ParenthesizedExpressionSyntax parenthesized) term = parenthesized.Expression;
        if (!positive)
        {
            if (term is not PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not) return null;
            term = not.Operand;
            while (term is ParenthesizedExpressionSyntax parenthesized) term = parenthesized.Expression;
        }
        if (term is not (MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsSupported" }
            or IdentifierNameSyntax { Identifier.ValueText: "IsSupported" })) return null;
        return model.GetSymbolInfo(term, cancellationToken).Symbol is IPropertySymbol { IsStatic: true } property
            && IsaModel.IsIsaClass(property.ContainingType)
            ? property.ContainingType
            : null;
    }

    private static ExpressionSyntax ParenthesizeFor(ExpressionSyntax term, SyntaxKind joinKind) =>
        joinKind == SyntaxKind.LogicalAndExpression
            ? GuardSyntax.ParenthesizeOperand(term)
            : term is ConditionalExpressionSyntax or AssignmentExpressionSyntax or LambdaExpressionSyntax or AnonymousMethodExpressionSyntax
                or QueryExpressionSyntax
                or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression }
                ? ParenthesizedExpression(term)
                : term;
}
