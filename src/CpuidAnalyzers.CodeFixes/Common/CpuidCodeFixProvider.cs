using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace CpuidAnalyzers.CodeFixes.Common;

/// <summary>
/// The one opening of every fix provider: the rules it fixes, then the document's root and semantic model,
/// then each diagnostic in turn. Not derivable outside this package.
/// </summary>
public abstract class CpuidCodeFixProvider : CodeFixProvider
{
    private protected CpuidCodeFixProvider(IEnumerable<string> fixableDiagnosticIds) =>
        FixableDiagnosticIds = fixableDiagnosticIds.ToImmutableArray();

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    /// <summary>Fix All applies each diagnostic's own fix; providers whose fixes of one guard overlap override this.</summary>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
            RegisterCodeFix(context, diagnostic, root, model);
    }

    /// <summary>Offers the fix for one diagnostic, or nothing where it does not apply.</summary>
    private protected abstract void RegisterCodeFix(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model);
}
