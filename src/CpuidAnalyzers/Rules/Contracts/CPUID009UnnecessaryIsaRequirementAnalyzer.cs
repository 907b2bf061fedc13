using System;
using System.Linq;
using System.Runtime.CompilerServices;
using CpuidAnalyzers.Analysis;
using CpuidAnalyzers.Flow;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Rules.Contracts;

/// <summary>CPUID009: a method declares an ISA requirement that nothing in its body needs.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CPUID009UnnecessaryIsaRequirementAnalyzer : CpuidAnalyzer
{
    public const string Id = "CPUID009";

    internal static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "ISA requirement that the member does not need",
        messageFormat: "'{0}' requires {1}, but nothing in it uses {1}, a class it implies or one that implies it; remove the requirement so callers need " +
            "not check it",
        category: "Reliability",
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "Every call to a member with an ISA requirement must be guarded. A requirement the body never relies on only makes callers check (and " +
            "skip the member on CPUs without the class) for nothing.",
        helpLinkUri: HelpLinks.For(Id));

    public CPUID009UnnecessaryIsaRequirementAnalyzer()
        : base(Descriptor)
    {
    }

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, Func<CompilationIsaAnalysis?> analysisOf)
    {
        start.RegisterCodeBlockAction(block =>
        {
            // A compilation whose files never spell a contract attribute declares no contract: no block is looked at.
            if (analysisOf() is { } analysis && analysis.SourceMayDeclareContracts(block.CancellationToken))
                Analyze(block, analysis);
        });
    }

    // Apart from the callback, which runs for every code block (see CPUID013's).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Analyze(CodeBlockAnalysisContext block, CompilationIsaAnalysis analysis)
    {
        // Virtual and abstract members declare a contract for their overrides: leave them alone.
        if (block.OwningSymbol is not IMethodSymbol { IsVirtual: false, IsAbstract: false, IsOverride: false } method
            || method.MethodKind is not (MethodKind.Ordinary or MethodKind.Constructor or MethodKind.StaticConstructor))
            return;
        // A partial method's defining declaration has no body: its implementation's block (which carries the same,
        // merged, attributes) is the one that says what the method uses.
        if (method.PartialImplementationPart is not null) return;
        // Cheap and decisive first: a declaration without attributes has no contract (a partial method's may be on its other part).
        if (block.CodeBlock is BaseMethodDeclarationSyntax { AttributeLists.Count: 0 } && method.PartialDefinitionPart is null
            && method.PartialImplementationPart is null)
            return;
        // An any-of list names alternatives the body picks between; CPUID002 inside reports a missing pick.
        // [CompExactlyDependsOn] is dotnet/runtime's ReadyToRun hint, an any-of list often met through generic or
        // inlined callees the body does not name: its entries are never reported, only the project's own contracts.
        var attributes = method.GetAttributes()
            .Where(a => IsaContracts.IsContractAttribute(a)
                && AttributeArguments.ClassName(a) is not (IsaContracts.RequiresAnyIsaAttribute or IsaContracts.CompExactlyDependsOnAttribute))
            .ToList();
        if (attributes.Count == 0) return;

        var model = analysis.Model;
        var used = analysis.GetReport(block.CodeBlock, method, block.SemanticModel, block.CancellationToken).UsedAtoms;
        foreach (var attribute in attributes)
        {
            // [RequiresIsa(null)] names nothing: nothing to call unnecessary.
            foreach (var atom in AttributeArguments.Atoms(attribute, model))
            {
                // Used when a use needs the class or something it implies, or needs more than it
                // (annotated Avx, uses Avx2: CPUID002 reports the use; the annotation is not unused).
                if (used.Any(u => model.WhenTrue(atom).Contains(u) || model.WhenTrue(u).Contains(atom))) continue;
                var location = attribute.ApplicationSyntaxReference?.GetSyntax(block.CancellationToken).GetLocation() ?? method.Locations[0];
                block.ReportDiagnostic(Diagnostic.Create(Descriptor, location, IsaMemberUse.DisplayName(method), model.DisplayName(atom)));
            }
        }
    }
}
