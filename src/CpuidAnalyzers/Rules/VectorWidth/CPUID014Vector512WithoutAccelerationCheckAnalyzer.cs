using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using CpuidAnalyzers.Analysis;
using CpuidAnalyzers.Flow;
using CpuidAnalyzers.Prefilter;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Rules.VectorWidth;

/// <summary>
/// CPUID014: Vector512 operations reachable where 512-bit vectors are not known to be accelerated, in a
/// member that also has a narrower (Vector256/Vector128) path. Uses the shared guard flow with its own
/// kind of site (<see cref="Vector512Sites"/>); bodies that never name Vector512 are skipped unbound.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CPUID014Vector512WithoutAccelerationCheckAnalyzer : CpuidAnalyzer
{
    public const string Id = "CPUID014";

    internal static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Vector512 used without an acceleration check",
        messageFormat: "{0} is reachable where Vector512.IsHardwareAccelerated is not known to be true; without AVX-512 the runtime emulates 512-bit " +
            "vectors with narrower ones, while this member also has a narrower path meant for that case: check Vector512.IsHardwareAccelerated before the " +
            "Vector512 path",
        category: "Performance",
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "Vector512<T> works on every CPU, but only AVX-512 CPUs run it in hardware; elsewhere each operation is emulated on two Vector256 (or " +
            "four Vector128) halves in managed code. A member that has both a Vector512 path and a narrower one should pick the Vector512 path only where " +
            "Vector512.IsHardwareAccelerated (or an AVX-512 class's IsSupported) is true.",
        helpLinkUri: HelpLinks.For(Id));

    public CPUID014Vector512WithoutAccelerationCheckAnalyzer()
        : base(Descriptor)
    {
    }

    // Vector<T> and Vector512 need no using of the Intrinsics namespaces: this rule looks for its own name.
    private protected override bool LooksForIsaCode => false;

    // The fast path: a body that never spells Vector512 has nothing to report, and is not bound.
    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, Func<CompilationIsaAnalysis?> analysisOf)
    {
        Vector512Sites? sitesOnce = null; // one per compilation; a race builds an equal one
        RegisterCodeBlockActionWhereSpelled(start, analysisOf, "Vector512",
            (block, analysis) => Analyze(block, analysis, sitesOnce ??= new Vector512Sites(analysis.Model)));
    }

    // Apart from the callback, which runs for every code block (see CPUID013's).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Analyze(CodeBlockAnalysisContext block, CompilationIsaAnalysis analysis, Vector512Sites sites)
    {
        // The build's assumed baseline (x86-64-v4 guarantees Avx512F) and the member's own contract hold on entry.
        var entry = analysis.Baseline.EntryState(block.CodeBlock.SyntaxTree);
        if (analysis.Contracts.GetRequirement(block.OwningSymbol) is { } contract)
            entry = entry.Assume(contract.Formula, true, analysis.Model);
        var reported = new HashSet<SyntaxNode>();
        foreach (var root in CodeBlocks.GraphRoots(block.CodeBlock, block.SemanticModel, block.CancellationToken))
        {
            // Quiet where Vector512 is used on purpose: no Vector512 operation, or no narrower path beside it.
            if (!root.DescendantsAndSelf().Any(Vector512Sites.IsVector512Operation) || !Vector512Sites.HasNarrowerPath(root))
                continue;
            var unguarded = GuardFlowAnalysis.AnalyzeSites(root, analysis.ContractFlow, entry, sites, block.CancellationToken)
                .Where(site => !site.IsSatisfied(analysis.Model))
                // In evaluation order (inner before outer, left before right): the first one a statement runs.
                .OrderBy(site => site.Operation.Syntax.Span.End).ThenByDescending(site => site.Operation.Syntax.SpanStart);
            foreach (var site in unguarded)
            {
                // One diagnostic per statement: `acc += Vector512.Load(p) * k` is one decision, not three.
                if (!reported.Add(StatementOf(site.Operation.Syntax))) continue;
                block.ReportDiagnostic(Diagnostic.Create(Descriptor, Vector512Sites.ReportLocation(site.Operation),
                    Vector512Sites.DisplayName(site.Operation)));
            }
        }
    }

    private static SyntaxNode StatementOf(SyntaxNode node) =>
        node.AncestorsAndSelf().FirstOrDefault(n => n is StatementSyntax or ArrowExpressionClauseSyntax or EqualsValueClauseSyntax) ?? node;
}
