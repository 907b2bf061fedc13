using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace CpuidAnalyzers.CodeFixes.Probes;

/// <summary>
/// Fix 4, for CPUID006: replaces a <c>try</c>/<c>catch (PlatformNotSupportedException)</c> probe with the
/// <c>IsSupported</c> check it stands for, covering every probed use of that <c>try</c> with one minimal
/// condition. When the <c>try</c> only probes (one catch of PlatformNotSupportedException or
/// NotSupportedException, no filter, no finally, the exception variable unused, no rethrow) it becomes
/// <c>if (X.IsSupported) { try body } else { catch body }</c>. Otherwise the <c>try</c> stays, for the other
/// failures it handles, and the check goes inside it: <c>try { if (X.IsSupported) { … } else { catch body } } catch …</c>,
/// or <c>else { throw new PlatformNotSupportedException(); }</c> when the catch body needs the exception.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplaceExceptionProbeCodeFixProvider)), Shared]
public sealed class ReplaceExceptionProbeCodeFixProvider : CpuidCodeFixProvider
{
    public const string EquivalenceKey = "CpuidAnalyzers.ReplaceExceptionProbe";

    public ReplaceExceptionProbeCodeFixProvider()
        : base(new[] { RuleIds.ExceptionProbe })
    {
    }

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllAsync);

    private protected override void RegisterCodeFix(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model)
    {
        if (FlaggedUses.NodeOf(diagnostic, root) is not { } node || ProbeOf(node, model, context.CancellationToken) is not { } probe) return;
        var needed = IsaClauses.Read(diagnostic, model.Compilation);
        if (needed.IsDefault) return;
        var title = RemovesTry(probe.Try, probe.Catch, model, context.CancellationToken)
            ? $"Replace the try/catch probe with 'if ({IsaClauses.CheckText(needed)})'"
            : $"Check {IsaClauses.CheckText(needed)} inside the try instead of probing";
        context.RegisterCodeFix(CodeAction.Create(title, ct => FixOneAsync(context.Document, diagnostic, ct), EquivalenceKey), diagnostic);
    }

    private static async Task<Document> FixOneAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || FlaggedUses.NodeOf(diagnostic, root) is not { } node
            || ProbeOf(node, model, cancellationToken) is not { } probe) return document;

        // Every probed use of this try gets the one check; probes nested in its body are replaced too (left alone,
        // they would sit under the new check of another class, a wrong guard).
        var siblings = await FlaggedUses.GetAsync(document, node, ImmutableHashSet.Create(RuleIds.ExceptionProbe), cancellationToken).ConfigureAwait(false);
        var group = siblings.Where(d => FlaggedUses.NodeOf(d, root) is { } n && ProbeOf(n, model, cancellationToken) is { } other
            && (other.Try == probe.Try || probe.Try.Block.Contains(other.Try))).ToList();
        if (!group.Any(d => FlaggedUses.SameLocation(d, diagnostic))) group.Add(diagnostic);
        return document.WithSyntaxRoot(Apply(root, model, group, cancellationToken));
    }

    private static async Task<Document?> FixAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return null;
        var newRoot = Apply(root, model, diagnostics.Where(d => d.Id == RuleIds.ExceptionProbe && FlaggedUses.IsCurrent(d, root)), context.CancellationToken);
        return newRoot == root ? null : document.WithSyntaxRoot(newRoot);
    }

    /// <summary>One edit per probing try, innermost first, on a tracked tree so nested tries compose.</summary>
    private static SyntaxNode Apply(SyntaxNode root, SemanticModel model, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var groups = new Dictionary<TryStatementSyntax, (CatchClauseSyntax Catch, List<IsaClause> Clauses)>();
        foreach (var diagnostic in diagnostics)
        {
            if (FlaggedUses.NodeOf(diagnostic, root) is not { } node || ProbeOf(node, model, cancellationToken) is not { } probe) continue;
            var needed = IsaClauses.Read(diagnostic, model.Compilation);
            if (needed.IsDefault) continue;
            if (!groups.TryGetValue(probe.Try, out var group)) groups[probe.Try] = group = (probe.Catch, new List<IsaClause>());
            group.Clauses.AddRange(needed);
        }
        if (groups.Count == 0) return root;

        var edits = groups.Select(g => (Try: g.Key, g.Value.Catch, Condition: GuardSyntax.Condition(IsaClauses.Minimal(g.Value.Clauses)),
            RemovesTry: RemovesTry(g.Key, g.Value.Catch, model, cancellationToken), ElseIsCatch: CatchBodyMovable(g.Value.Catch, model, cancellationToken),
            Exception: GuardSyntax.ExceptionType(model, g.Key.SpanStart))).ToList();
        var current = root.TrackNodes(edits.Select(e => e.Try));
        foreach (var edit in edits.OrderByDescending(e => e.Try.Ancestors().Count()))
        {
            if (current.GetCurrentNode(edit.Try) is not { } tryStatement) continue;
            var catchClause = tryStatement.Catches[edit.Try.Catches.IndexOf(edit.Catch)];
            current = current.ReplaceNode(tryStatement, Rewrite(tryStatement, catchClause, edit.Condition, edit.RemovesTry, edit.ElseIsCatch, edit.Exception));
        }
        return current;
    }

    private static SyntaxNode Rewrite(TryStatementSyntax tryStatement, CatchClauseSyntax catchClause, ExpressionSyntax condition, bool removesTry,
        bool elseIsCatch, TypeSyntax exception)
    {
        var elseBlock = elseIsCatch ? catchClause.Block : Block(GuardSyntax.ThrowPlatformNotSupported(exception));
        var isEmpty = elseBlock.Statements.Count == 0
            && !elseBlock.CloseBraceToken.LeadingTrivia.Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia));
        var check = IfStatement(condition, tryStatement.Block.WithoutTrailingTrivia().WithTrailingTrivia(ElasticCarriageReturnLineFeed),
            isEmpty ? null : ElseClause(elseBlock.WithoutTrailingTrivia()))
            .WithAdditionalAnnotations(Formatter.Annotation);

        if (removesTry)
            return check.WithLeadingTrivia(tryStatement.GetLeadingTrivia()).WithTrailingTrivia(tryStatement.GetTrailingTrivia());
        return tryStatement.WithBlock(Block(check).WithAdditionalAnnotations(Formatter.Annotation));
    }

    private sealed class Probe
    {
        public Probe(TryStatementSyntax @try, CatchClauseSyntax @catch) => (Try, Catch) = (@try, @catch);

        public TryStatementSyntax Try { get; }

        public CatchClauseSyntax Catch { get; }
    }

    /// <summary>The innermost try around the use, in the same function, with a catch that swallows PlatformNotSupportedException.</summary>
    private static Probe? ProbeOf(SyntaxNode use, SemanticModel model, CancellationToken cancellationToken)
    {
        SyntaxNode child = use;
        for (var node = use.Parent; node is not null; child = node, node = node.Parent)
        {
            if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax) return null;
            if (node is not TryStatementSyntax tryStatement || tryStatement.Block != child) continue;
            var probe = tryStatement.Catches.FirstOrDefault(c => Catches(c, model, cancellationToken));
            if (probe is not null) return new Probe(tryStatement, probe);
        }
        return null;
    }

    private static bool Catches(CatchClauseSyntax clause, SemanticModel model, CancellationToken cancellationToken) =>
        clause.Declaration is null
        || model.GetTypeInfo(clause.Declaration.Type, cancellationToken).Type?.ToDisplayString() is
            "System.PlatformNotSupportedException" or "System.NotSupportedException" or "System.SystemException" or "System.Exception";

    /// <summary>The try does nothing but probe: it can go, with its catch body as the else.</summary>
    private static bool RemovesTry(TryStatementSyntax tryStatement, CatchClauseSyntax catchClause, SemanticModel model, CancellationToken cancellationToken) =>
        tryStatement.Catches.Count == 1 && tryStatement.Finally is null
        && catchClause.Declaration is { } declaration
        && model.GetTypeInfo(declaration.Type, cancellationToken).Type?.ToDisplayString() is "System.PlatformNotSupportedException"
            or "System.NotSupportedException"
        && CatchBodyMovable(catchClause, model, cancellationToken);

    /// <summary>The catch body means the same outside the catch: no filter, no use of the exception, no <c>throw;</c>.</summary>
    private static bool CatchBodyMovable(CatchClauseSyntax catchClause, SemanticModel model, CancellationToken cancellationToken)
    {
        if (catchClause.Filter is not null) return false;
        if (catchClause.Block.DescendantNodes(n => n is not CatchClauseSyntax and not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax)
            .OfType<ThrowStatementSyntax>().Any(t => t.Expression is null))
            return false;
        if (catchClause.Declaration is { Identifier.RawKind: (int)SyntaxKind.IdentifierToken } declaration
            && model.GetDeclaredSymbol(declaration, cancellationToken) is { } exception
            && catchClause.Block.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n
                => SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, cancellationToken).Symbol, exception)))
            return false;
        return true;
    }
}
