using System;
using CpuidAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Rules.Configuration;

/// <summary>CPUID012: an IsSupported check that the assumed baseline makes always true (its fallback is dead).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CPUID012AlwaysTrueIsSupportedAnalyzer : CpuidAnalyzer
{
    public const string Id = "CPUID012";

    internal static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "IsSupported check that the assumed ISA baseline makes always true",
        messageFormat: "'{0}.IsSupported' is always true under this build's ISA baseline; the code for CPUs without {0} never runs here and can go",
        category: "Maintainability",
        DiagnosticSeverity.Info,
        isEnabledByDefault: false,
        description: "After raising a baseline (IlcInstructionSet, cpuid_analyzers.assumed_isa), checks for classes the baseline guarantees are constants " +
            "and their fallbacks dead code. Off by default: turn it on to clean up after a baseline change.",
        helpLinkUri: HelpLinks.For(Id));

    public CPUID012AlwaysTrueIsSupportedAnalyzer()
        : base(Descriptor)
    {
    }

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, Func<CompilationIsaAnalysis?> analysisOf)
    {
        start.RegisterSyntaxNodeAction(node =>
        {
            var access = (MemberAccessExpressionSyntax)node.Node;
            if (access.Name.Identifier.ValueText != "IsSupported" || analysisOf() is not { } analysis) return;
            var baseline = analysis.Baseline.For(node.Node.SyntaxTree);
            if (baseline.IsEmpty) return;
            if (node.SemanticModel.GetSymbolInfo(access, node.CancellationToken).Symbol is IPropertySymbol { IsStatic: true } property
                && analysis.Model.TryGetAtom(property.ContainingType, out var atom) && baseline.Contains(atom))
                node.ReportDiagnostic(Diagnostic.Create(Descriptor, access.GetLocation(), analysis.Model.DisplayName(atom)));
        }, SyntaxKind.SimpleMemberAccessExpression);
    }
}
