using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace CpuidAnalyzers.CodeFixes.Common;

/// <summary>
/// The syntax the fixes insert. Names are written fully qualified (<c>global::System.Runtime.Intrinsics.X86.Avx2</c>)
/// and marked for the simplifier, so the result takes the file's own spelling: <c>Avx2</c> under a using,
/// the alias under <c>using Simd = …Avx2;</c>, plain <c>IsSupported</c> under <c>using static …Avx2;</c>.
/// </summary>
internal static class GuardSyntax
{
    /// <summary><c>Avx2.IsSupported</c> (simplified later).</summary>
    public static ExpressionSyntax IsSupported(INamedTypeSymbol isa) =>
        ParseExpression(isa.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ".IsSupported")
            .WithAdditionalAnnotations(Simplifier.Annotation);

    /// <summary>One clause: <c>Avx2.IsSupported</c> or <c>Sse2.IsSupported || AdvSimd.IsSupported</c>.</summary>
    public static ExpressionSyntax Check(IsaClause clause) =>
        clause.Alternatives.Select(IsSupported).Aggregate((left, right) => BinaryExpression(SyntaxKind.LogicalOrExpression, left, right));

    /// <summary>All clauses: <c>Avx2.IsSupported &amp;&amp; Fma.IsSupported</c>, any-of clauses parenthesized.</summary>
    public static ExpressionSyntax Condition(ImmutableArray<IsaClause> clauses) =>
        clauses.Select(c => clauses.Length > 1 && c.Alternatives.Length > 1 ? ParenthesizedExpression(Check(c)) : Check(c))
            .Aggregate((left, right) => BinaryExpression(SyntaxKind.LogicalAndExpression, left, right));

    /// <summary><c>!Avx2.IsSupported</c> or <c>!(Sse2.IsSupported || AdvSimd.IsSupported)</c>.</summary>
    public static ExpressionSyntax NotCheck(IsaClause clause) =>
        PrefixUnaryExpression(SyntaxKind.LogicalNotExpression,
            clause.Alternatives.Length > 1 ? ParenthesizedExpression(Check(clause)) : Check(clause));

    /// <summary><c>new PlatformNotSupportedException()</c>.</summary>
    public static ObjectCreationExpressionSyntax NewPlatformNotSupported() =>
        ObjectCreationExpression(ParseTypeName("global::System.PlatformNotSupportedException").WithAdditionalAnnotations(Simplifier.Annotation))
            .WithArgumentList(ArgumentList());

    public static ThrowStatementSyntax ThrowPlatformNotSupported() => ThrowStatement(NewPlatformNotSupported());

    /// <summary><c>if (condition) { statements } else { throw new PlatformNotSupportedException(); }</c>.</summary>
    public static IfStatementSyntax IfElseThrow(ExpressionSyntax condition, BlockSyntax body) =>
        IfStatement(condition, body, ElseClause(Block(ThrowPlatformNotSupported())))
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary><c>condition ? expression : throw new PlatformNotSupportedException()</c>.</summary>
    public static ConditionalExpressionSyntax TernaryThrow(ExpressionSyntax condition, ExpressionSyntax expression) =>
        ConditionalExpression(condition, ParenthesizeOperand(expression.WithoutTrivia()), ThrowExpression(NewPlatformNotSupported()))
            .WithTriviaFrom(expression)
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>Parentheses for an operand whose precedence is below <c>&amp;&amp;</c>/<c>||</c>/<c>?:</c> operands.</summary>
    public static ExpressionSyntax ParenthesizeOperand(ExpressionSyntax expression) =>
        expression is ConditionalExpressionSyntax or AssignmentExpressionSyntax or LambdaExpressionSyntax or AnonymousMethodExpressionSyntax
            or QueryExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalOrExpression or (int)SyntaxKind.CoalesceExpression }
            ? ParenthesizedExpression(expression)
            : expression;

    /// <summary>
    /// Moves the blank lines that lead <paramref name="first"/> onto the node that will replace it, so a
    /// comment above the statement stays with the statement and the spacing before the new node is kept.
    /// </summary>
    public static (SyntaxTriviaList Outer, SyntaxTriviaList Inner) SplitLeadingTrivia(SyntaxNode first)
    {
        var trivia = first.GetLeadingTrivia();
        var split = 0;
        for (var i = 0; i < trivia.Count; i++)
        {
            if (trivia[i].IsKind(SyntaxKind.EndOfLineTrivia)) split = i + 1;
            else if (!trivia[i].IsKind(SyntaxKind.WhitespaceTrivia)) break;
        }
        return (TriviaList(trivia.Take(split)), TriviaList(trivia.Skip(split)));
    }
}
