using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CpuidAnalyzers.Analysis;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace CpuidAnalyzers.CodeFixes.Common;

/// <summary>
/// Rewrites the wrong guard of a CPUID002/004/005/007 use, which the analyzer found and passed in the diagnostic
/// (<see cref="WrongGuardConditions"/>): the condition gets the needed check.
/// </summary>
internal static class GuardConditions
{
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
