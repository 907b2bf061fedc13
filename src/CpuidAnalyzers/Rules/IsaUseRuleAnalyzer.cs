using System;
using CpuidAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Rules;

/// <summary>
/// A rule that reports the uses the shared guard analysis gave one verdict. Message arguments are
/// always {0} member, {1} ISA class (or contract), {2} "call"/"method group"/"reference", {3} the guard
/// involved, {4} the check that would make the use safe, {5} where a member's requirement comes from.
/// Not derivable outside this package.
/// </summary>
public abstract class IsaUseRuleAnalyzer : CpuidAnalyzer
{
    private readonly DiagnosticDescriptor _rule;
    private readonly IsaUseVerdict _verdict;

    private protected IsaUseRuleAnalyzer(DiagnosticDescriptor rule, IsaUseVerdict verdict)
        : base(rule)
    {
        _rule = rule;
        _verdict = verdict;
    }

    /// <summary>Further narrows the findings of the rule's verdict (CPUID001 vs CPUID008 split on contracts).</summary>
    private protected virtual bool Reports(IsaUseFinding finding) => true;

    private protected sealed override void OnCompilationStart(CompilationStartAnalysisContext start, Func<CompilationIsaAnalysis?> analysisOf) =>
        start.RegisterCodeBlockAction(block =>
        {
            // Nothing to do where no ISA class is visible (netstandard2.0, no intrinsics).
            if (analysisOf() is not { } analysis) return;
            foreach (var finding in analysis.GetReport(block.CodeBlock, block.OwningSymbol, block.SemanticModel, block.CancellationToken).Findings)
            {
                if (finding.Verdict == _verdict && Reports(finding))
                    block.ReportDiagnostic(finding.ToDiagnostic(_rule));
            }
        });
}
