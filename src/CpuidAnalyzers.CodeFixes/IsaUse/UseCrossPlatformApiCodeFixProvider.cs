using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CpuidAnalyzers.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace CpuidAnalyzers.CodeFixes.IsaUse;

/// <summary>
/// Fix 3, "Use the cross-platform API": replaces an ISA call with the portable <c>Vector64/128/256/512</c>
/// method that has exactly its semantics (<c>Avx2.Add</c> → <c>Vector256.Add</c>, <c>Sse2.And</c> →
/// <c>Vector128.BitwiseAnd</c>), per <see cref="CrossPlatformApiMap"/>, so no guard is needed at all. Only the
/// member name changes (the arguments are kept as they are, in order), so fixes of nested calls never
/// overlap and the batch Fix All is safe. The new call is bound speculatively first; when it would not
/// bind to the same result type, a type argument is added, and when that fails too nothing is offered.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseCrossPlatformApiCodeFixProvider)), Shared]
public sealed class UseCrossPlatformApiCodeFixProvider : CpuidCodeFixProvider
{
    public const string EquivalenceKey = "CpuidAnalyzers.UseCrossPlatformApi";

    public UseCrossPlatformApiCodeFixProvider()
        : base(new[] { RuleIds.Unguarded, RuleIds.WrongGuard, RuleIds.AlwaysFails, RuleIds.ArchitectureCheck, RuleIds.RawCpuid, RuleIds.ExceptionProbe,
            RuleIds.AccelerationCheck })
    {
    }

    private protected override void RegisterCodeFix(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model)
    {
        if (FlaggedUses.NodeOf(diagnostic, root) is not ExpressionSyntax callee
            || Replacement(callee, model, context.CancellationToken) is not { } replacement) return;
        var (newCallee, mapping, portableClass) = replacement;
        context.RegisterCodeFix(
            CodeAction.Create(
                $"Use {portableClass}.{mapping.PortableMethod} (runs on every CPU, no check needed)",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(callee, newCallee))),
                EquivalenceKey),
            diagnostic);
    }

    /// <summary>The callee to put in place of <paramref name="callee"/> (<c>Avx2.Add</c> or, under <c>using static</c>, <c>Add</c>).</summary>
    private static (ExpressionSyntax Callee, CrossPlatformMapping Mapping, string PortableClass)? Replacement(ExpressionSyntax callee, SemanticModel model,
        CancellationToken cancellationToken)
    {
        if (callee.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != callee) return null;
        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
            || CrossPlatformApiMap.Find(method) is not { } mapping) return null;
        if (CrossPlatformApiMap.PortableClassName(method.ReturnType) is not { } className
            || model.Compilation.GetTypeByMetadataName(className) is not { } portable) return null;

        var element = ((INamedTypeSymbol)method.ReturnType).TypeArguments[0];
        var qualified = portable.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + mapping.PortableMethod;
        foreach (var text in new[] { qualified, qualified + "<" + element.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ">" })
        {
            var candidate = ParseExpression(text);
            var speculative = model.GetSpeculativeSymbolInfo(invocation.SpanStart, invocation.WithExpression(candidate),
                SpeculativeBindingOption.BindAsExpression).Symbol as IMethodSymbol;
            if (speculative is not null
                && speculative.Name == mapping.PortableMethod
                && SymbolEqualityComparer.Default.Equals(speculative.ContainingType, portable)
                && SymbolEqualityComparer.Default.Equals(speculative.ReturnType, method.ReturnType))
                return (candidate.WithTriviaFrom(callee).WithAdditionalAnnotations(Simplifier.Annotation), mapping, portable.Name);
        }
        return null;
    }
}
