using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CpuidAnalyzers.Rules.Contracts;
using CpuidAnalyzers.Rules.IsaUse;
using CpuidAnalyzers.Rules.Probes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CpuidAnalyzers.CodeFixes.Common;

/// <summary>
/// The other flagged uses near the one a user picked, so a single fix can cover the whole group (one guard
/// for a loop full of Avx2 calls). A code fix only sees the diagnostic it was invoked on, so this runs the
/// package's own public analyzers on the enclosing member, lazily, when the fix is applied or previewed.
/// </summary>
internal static class FlaggedUses
{
    public static async Task<ImmutableArray<Diagnostic>> GetAsync(Document document, SyntaxNode near, ImmutableHashSet<string> ids,
        CancellationToken cancellationToken)
    {
        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null || tree is null || !compilation.ContainsSyntaxTree(tree)) return ImmutableArray<Diagnostic>.Empty;

        var analyzers = CreateAnalyzers().Where(a => a.SupportedDiagnostics.Any(d => ids.Contains(d.Id))).ToImmutableArray();
        if (analyzers.IsEmpty) return ImmutableArray<Diagnostic>.Empty;

        var span = EnclosingMemberSpan(near);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, document.Project.AnalyzerOptions);
        var model = withAnalyzers.Compilation.GetSemanticModel(tree);
        var diagnostics = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, span, cancellationToken).ConfigureAwait(false);
        return diagnostics.Where(d => ids.Contains(d.Id) && d.Location.SourceTree == tree && span.Contains(d.Location.SourceSpan)).ToImmutableArray();
    }

    /// <summary>The outermost member (or the top-level statements) around <paramref name="node"/>.</summary>
    private static TextSpan EnclosingMemberSpan(SyntaxNode node)
    {
        SyntaxNode? member = null;
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            if (ancestor is BaseTypeDeclarationSyntax or BaseNamespaceDeclarationSyntax) break;
            if (ancestor is MemberDeclarationSyntax) member = ancestor;
        }
        if (member is GlobalStatementSyntax && member.Parent is CompilationUnitSyntax unit)
        {
            var globals = unit.Members.OfType<GlobalStatementSyntax>().ToList();
            return TextSpan.FromBounds(globals[0].SpanStart, globals[globals.Count - 1].Span.End);
        }
        return (member ?? node).Span;
    }

    private static DiagnosticAnalyzer[] CreateAnalyzers() => new DiagnosticAnalyzer[]
    {
        new CPUID001UnguardedIsaUseAnalyzer(),
        new CPUID002WrongGuardAnalyzer(),
        new CPUID004ArchitectureCheckAsIsaGuardAnalyzer(),
        new CPUID005RawCpuidFeatureCheckAnalyzer(),
        new CPUID006ExceptionProbeAnalyzer(),
        new CPUID007HardwareAcceleratedAsIsaGuardAnalyzer(),
        new CPUID008UnguardedContractCallAnalyzer(),
    };

    /// <summary>Whether the diagnostic still points into this document's current tree (dotnet format reuses older diagnostics).</summary>
    public static bool IsCurrent(Diagnostic diagnostic, SyntaxNode root) =>
        diagnostic.Location.IsInSource && diagnostic.Location.SourceTree == root.SyntaxTree && root.FullSpan.Contains(diagnostic.Location.SourceSpan);

    /// <summary>The node a use-site diagnostic is reported on: <c>Avx2.Add</c> in <c>Avx2.Add(a, b)</c>.</summary>
    public static SyntaxNode? NodeOf(Diagnostic diagnostic, SyntaxNode root)
    {
        if (!IsCurrent(diagnostic, root)) return null;
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        // FindNode may return an argument or a parenthesized wrapper around the reported expression.
        return node is ArgumentSyntax argument ? argument.Expression : node;
    }

    public static bool SameLocation(Diagnostic a, Diagnostic b) => a.Id == b.Id && a.Location.SourceSpan == b.Location.SourceSpan;
}
