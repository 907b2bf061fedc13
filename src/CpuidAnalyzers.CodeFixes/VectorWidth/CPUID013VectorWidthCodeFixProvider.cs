using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CpuidAnalyzers.CodeFixes.Common;
using CpuidAnalyzers.Rules.VectorWidth;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace CpuidAnalyzers.CodeFixes.VectorWidth;

/// <summary>
/// For CPUID013 on a constant loop step: <c>i += 8</c> becomes <c>i += Vector&lt;int&gt;.Count</c> (with a cast for
/// an unsigned index), and in the condition of the same <c>for</c>, the same constant added to or subtracted
/// from the index or the length (with the same cast) (<c>i + 8 &lt;= n</c>, <c>i &lt;= n - 8</c>) becomes the count too. Offered only
/// where the analyzer saw that intent: one step of exactly one vector, no unrolled offsets (the
/// <see cref="CPUID013VectorWidthAssumedAnalyzer.StrideUnitProperty"/> property names the element type).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CPUID013VectorWidthCodeFixProvider)), Shared]
public sealed class CPUID013VectorWidthCodeFixProvider : CpuidCodeFixProvider
{
    public const string EquivalenceKey = "CpuidAnalyzers.StepByVectorCount";

    public CPUID013VectorWidthCodeFixProvider()
        : base(new[] { CPUID013VectorWidthAssumedAnalyzer.Id })
    {
    }

    private protected override void RegisterCodeFix(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model)
    {
        if (!diagnostic.Properties.TryGetValue(CPUID013VectorWidthAssumedAnalyzer.StrideUnitProperty, out var unit) || unit is null
            || StepOf(root, diagnostic) is not { } step || ConstantOf(step) is null)
            return;
        context.RegisterCodeFix(
            CodeAction.Create($"Step by Vector<{unit}>.Count", ct => FixAsync(context.Document, diagnostic, unit, ct), EquivalenceKey),
            diagnostic);
    }

    private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, string unit, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || StepOf(root, diagnostic) is not { } step || ConstantOf(step) is not { } constant) return document;
        if (model.GetConstantValue(constant, cancellationToken) is not { HasValue: true } value) return document;

        var count = ParseExpression($"global::System.Numerics.Vector<{unit}>.Count").WithAdditionalAnnotations(Simplifier.Annotation);
        ExpressionSyntax StepCount(ExpressionSyntax old) =>
            (NeedsCast(model.GetTypeInfo(step.Left, cancellationToken).Type) is { } type
                ? CastExpression(ParseTypeName(type).WithAdditionalAnnotations(Simplifier.Annotation), count)
                : count).WithTriviaFrom(old);

        // The same constant in the for's condition, beside the index or the length: `i + 8 <= n`, `i <= n - 8`.
        var replacements = new System.Collections.Generic.Dictionary<SyntaxNode, SyntaxNode> { [constant] = StepCount(constant) };
        if (step.Parent is ForStatementSyntax { Condition: { } condition } loop && loop.Incrementors.Contains(step))
        {
            foreach (var literal in condition.DescendantNodes().OfType<LiteralExpressionSyntax>())
            {
                if (literal.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression or (int)SyntaxKind.SubtractExpression }
                    && model.GetConstantValue(literal, cancellationToken) is { HasValue: true } other && Equals(other.Value, value.Value))
                    replacements[literal] = StepCount(literal);
            }
        }
        return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
    }

    private static AssignmentExpressionSyntax? StepOf(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.AncestorsAndSelf().OfType<AssignmentExpressionSyntax>().FirstOrDefault();

    /// <summary>The constant of <c>i += 8</c>, <c>i -= 8</c>, <c>i = i + 8</c> or <c>i = 8 + i</c>.</summary>
    private static ExpressionSyntax? ConstantOf(AssignmentExpressionSyntax step)
    {
        static bool IsLiteral(ExpressionSyntax e) => e is LiteralExpressionSyntax or IdentifierNameSyntax or MemberAccessExpressionSyntax;
        if (step.IsKind(SyntaxKind.AddAssignmentExpression) || step.IsKind(SyntaxKind.SubtractAssignmentExpression))
            return IsLiteral(step.Right) ? step.Right : null;
        if (step.IsKind(SyntaxKind.SimpleAssignmentExpression) && step.Right is BinaryExpressionSyntax binary
            && (binary.IsKind(SyntaxKind.AddExpression) || binary.IsKind(SyntaxKind.SubtractExpression)))
        {
            var target = step.Left.ToString();
            if (binary.Left.ToString() == target && IsLiteral(binary.Right)) return binary.Right;
            if (binary.Right.ToString() == target && binary.IsKind(SyntaxKind.AddExpression) && IsLiteral(binary.Left)) return binary.Left;
        }
        return null;
    }

    /// <summary>The cast an index of this type needs to take an int count (<c>nuint</c>, <c>uint</c>, ...); null for none.</summary>
    private static string? NeedsCast(ITypeSymbol? type) => type switch
    {
        null or IPointerTypeSymbol => null,
        { SpecialType: SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_IntPtr } => null,
        _ => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
    };
}
