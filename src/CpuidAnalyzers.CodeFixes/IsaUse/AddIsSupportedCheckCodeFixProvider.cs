using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CpuidAnalyzers.Analysis;
using CpuidAnalyzers.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace CpuidAnalyzers.CodeFixes.IsaUse;

/// <summary>
/// Fix 1, "Add the IsSupported check". For an unguarded use (CPUID001, CPUID008) it wraps the smallest
/// statement range of the block that covers every unguarded use there in
/// <c>if (Avx2.IsSupported) { … } else { throw new PlatformNotSupportedException(); }</c> (an expression that is
/// no statement gets <c>Avx2.IsSupported ? … : throw …</c>, a void expression body a block body). For a use
/// behind the wrong check (CPUID002, 004, 005, 007) it rewrites that check instead of nesting a second one:
/// <c>Avx.IsSupported</c> becomes <c>Avx2.IsSupported</c> (Avx2 implies Avx), any other condition is kept
/// and the check joined to it (<c>arch == X64 &amp;&amp; Avx2.IsSupported</c>). The condition is the minimal one:
/// classes implied by others are dropped (Avx2 + Sse41 → <c>Avx2.IsSupported</c>).
/// </summary>
/// <remarks>
/// This provider must stay the first CodeFixProvider type in the assembly: <c>dotnet format analyzers</c>
/// applies the fixers of a diagnostic ID in type order, and the later ones see the documents it changed
/// as stale, so this one is what the command line applies.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddIsSupportedCheckCodeFixProvider)), Shared]
public sealed class AddIsSupportedCheckCodeFixProvider : CpuidCodeFixProvider
{
    public const string EquivalenceKey = "CpuidAnalyzers.AddIsSupportedCheck";

    private static readonly ImmutableHashSet<string> Ids = RuleIds.MissingCheck;

    public AddIsSupportedCheckCodeFixProvider()
        : base(Ids.OrderBy(id => id))
    {
    }

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllAsync);

    private protected override void RegisterCodeFix(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model)
    {
        var document = context.Document;
        if (FlaggedUses.NodeOf(diagnostic, root) is not { } node) return;
        var needed = IsaClauses.Read(diagnostic, model.Compilation);
        if (needed.IsDefault) return;

        string title;
        if (RuleIds.HasWrongCondition(diagnostic.Id) && WrongGuardConditions.Read(diagnostic, root) is not null)
            title = $"Check {IsaClauses.CheckText(needed)} in the existing condition";
        else if (WrapTarget.Find(node) is not null)
            title = $"Wrap in 'if ({IsaClauses.CheckText(needed)})'";
        else
            return;

        context.RegisterCodeFix(
            CodeAction.Create(title, ct => FixOneAsync(document, diagnostic, ct), EquivalenceKey),
            diagnostic);
    }

    /// <summary>One diagnostic, together with the other uses its guard covers (the rest of its block or condition).</summary>
    private static async Task<Document> FixOneAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || FlaggedUses.NodeOf(diagnostic, root) is not { } node) return document;

        var siblings = await FlaggedUses.GetAsync(document, node, Ids, cancellationToken).ConfigureAwait(false);
        if (!siblings.Any(d => FlaggedUses.SameLocation(d, diagnostic))) siblings = siblings.Add(diagnostic);
        var plan = GuardPlan.Create(root, model, siblings, cancellationToken).Only(diagnostic);
        return plan.IsEmpty ? document : document.WithSyntaxRoot(plan.Apply(root, model, cancellationToken));
    }

    private static async Task<Document?> FixAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return null;
        var plan = GuardPlan.Create(root, model, diagnostics.Where(d => Ids.Contains(d.Id) && FlaggedUses.IsCurrent(d, root)), context.CancellationToken);
        return plan.IsEmpty ? null : document.WithSyntaxRoot(plan.Apply(root, model, context.CancellationToken));
    }
}
