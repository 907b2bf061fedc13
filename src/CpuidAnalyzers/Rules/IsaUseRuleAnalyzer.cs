using System.Collections.Immutable;
using CpuidAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Rules;

/// <summary>
/// A rule that reports the uses the shared guard analysis gave one verdict. Message arguments are
/// always {0} member, {1} ISA class, {2} "call"/"method group"/"reference", {3} the guard involved.
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

    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Bail out once per compilation when no ISA class is visible (netstandard2.0, no intrinsics).
            if (CompilationIsaAnalysis.For(start.Compilation) is not { } analysis) return;
            start.RegisterCodeBlockAction(block =>
            {
                foreach (var finding in analysis.GetFindings(block.CodeBlock, block.SemanticModel, block.CancellationToken))
                {
                    if (finding.Verdict == Verdict)
                        block.ReportDiagnostic(Diagnostic.Create(Rule, finding.Location, finding.Properties, finding.Member, finding.Isa, finding.Noun, finding.Guard));
                }
            });
        });
    }
}
