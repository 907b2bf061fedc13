using System.Collections.Immutable;
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
public abstract class IsaUseRuleAnalyzer : DiagnosticAnalyzer
{
    private protected IsaUseRuleAnalyzer()
    {
    }

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected abstract DiagnosticDescriptor Rule { get; }

    private protected abstract IsaUseVerdict Verdict { get; }

    /// <summary>Further narrows the findings of <see cref="Verdict"/> (CPUID001 vs CPUID008 split on contracts).</summary>
    private protected virtual bool Reports(IsaUseFinding finding) => true;

    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var analysisOf = CompilationIsaAnalysis.Deferred(start.Compilation, start.Options);
            start.RegisterCodeBlockAction(block =>
            {
                // Nothing to do where no ISA class is visible (netstandard2.0, no intrinsics).
                if (analysisOf() is not { } analysis) return;
                foreach (var finding in analysis.GetReport(block.CodeBlock, block.OwningSymbol, block.SemanticModel, block.CancellationToken).Findings)
                {
                    if (finding.Verdict == Verdict && Reports(finding))
                        block.ReportDiagnostic(Diagnostic.Create(Rule, finding.Location, finding.Properties, finding.Member, finding.Isa, finding.Noun, finding.Guard, finding.Check, finding.Origin));
                }
            });
        });
    }
}
