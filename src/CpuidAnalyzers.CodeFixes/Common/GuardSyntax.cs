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

    /// <summary>
    /// <c>PlatformNotSupportedException</c> when that name means System.PlatformNotSupportedException at
    /// <paramref name="position"/> (a <c>using System;</c>, global or implicit), else the qualified name for the simplifier.
    /// </summary>
    public static TypeSyntax ExceptionType(SemanticModel model, int position)
    {
        var type = model.Compilation.GetTypeByMetadataName("System.PlatformNotSupportedException");
        if (type is not null && model.LookupNamespacesAndTypes(position, name: type.Name).Any(t => SymbolEqualityComparer.Default.Equals(t, type)))
            return IdentifierName(type.Name);
        return ParseTypeName("global::System.PlatformNotSupportedException").WithAdditionalAnnotations(Simplifier.Annotation);
    }

    /// <summary><c>new PlatformNotSupportedException()</c>.</summary>
    public static ObjectCreationExpressionSyntax NewPlatformNotSupported(TypeSyntax exceptionType) =>
        ObjectCreationExpression(exceptionType).WithArgumentList(ArgumentList());

    public static ThrowStatementSyntax ThrowPlatformNotSupported(TypeSyntax exceptionType) => ThrowStatement(NewPlatformNotSupported(exceptionType));

    /// <summary><c>if (condition) { statements } else { throw new PlatformNotSupportedException(); }</c>.</summary>
    public static IfStatementSyntax IfElseThrow(ExpressionSyntax condition, BlockSyntax body, TypeSyntax exceptionType) =>
        IfStatement(condition, body, ElseClause(Block(ThrowPlatformNotSupported(exceptionType))))
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary><c>condition ? expression : throw new PlatformNotSupportedException()</c>.</summary>
    public static ConditionalExpressionSyntax TernaryThrow(ExpressionSyntax condition, ExpressionSyntax expression, TypeSyntax exceptionType) =>
        ConditionalExpression(condition, ParenthesizeOperand(expression.WithoutTrivia()), ThrowExpression(NewPlatformNotSupported(exceptionType)))
            .WithTriviaFrom(expression)
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>Parentheses for an operand whose precedence is below <c>&amp;&amp;</c>/<c>||</c>/<c>?:</c> operands.</summary>
    public static ExpressionSyntax ParenthesizeOperand(ExpressionSyntax expression) =>
        expression is ConditionalExpressionSyntax or AssignmentExpressionSyntax or LambdaExpressionSyntax or AnonymousMethodExpressionSyntax
            or QueryExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalOrExpression or (int)SyntaxKind.CoalesceExpression }
            ? ParenthesizedExpression(expression)
            : expression;

    /// <summary>The line break the file uses (the first one in it), or an elastic one.</summary>
    public static SyntaxTrivia EndOfLine(SyntaxNode anyNode)
    {
        var found = anyNode.SyntaxTree.GetRoot().DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return found.IsKind(SyntaxKind.EndOfLineTrivia) ? found : ElasticCarriageReturnLineFeed;
    }

    /// <summary>
    /// Ends <paramref name="replacement"/> with the line break that ended <paramref name="last"/>, so the
    /// formatter does not add a blank line after the new block (the original break stays inside it).
    /// </summary>
    public static T KeepLineEnd<T>(T replacement, SyntaxNode last)
        where T : SyntaxNode
    {
        var lineEnd = last.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return lineEnd.IsKind(SyntaxKind.EndOfLineTrivia) ? replacement.WithTrailingTrivia(lineEnd) : replacement;
    }

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
