using System;
using System.Collections.Generic;
using System.Linq;
using CpuidAnalyzers.Analysis;
using CpuidAnalyzers.Flow;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Rules.Contracts;

/// <summary>CPUID010: an override or interface implementation requires more ISA classes than the member it implements promises.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CPUID010OverrideRequiresMoreAnalyzer : CpuidAnalyzer
{
    public const string Id = "CPUID010";

    internal static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Override or implementation requires an ISA its base member does not",
        messageFormat: "'{0}' requires {1}, but '{2}', which it {3}, requires {4}: callers through '{2}' cannot know to check; move the check into '{0}' or " +
            "add the requirement to '{2}'",
        category: "Reliability",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A call through a base class or an interface is checked against that member's contract. An override or implementation that requires " +
            "more can run where its requirement does not hold.",
        helpLinkUri: HelpLinks.For(Id));

    public CPUID010OverrideRequiresMoreAnalyzer()
        : base(Descriptor)
    {
    }

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, Func<CompilationIsaAnalysis?> analysisOf)
    {
        start.RegisterSymbolAction(symbol =>
        {
            // No contract declared or referenced anywhere: no member can require anything.
            if (analysisOf() is { HasContracts: true } analysis) Check(symbol, analysis);
        }, SymbolKind.Method, SymbolKind.Property);
    }

    private static void Check(SymbolAnalysisContext context, CompilationIsaAnalysis analysis)
    {
        var member = context.Symbol;
        if (member is IMethodSymbol { AssociatedSymbol: not null }) return; // accessors: checked with their property
        // Cheap and decisive first: most members override nothing and implement no interface member.
        if (!member.IsOverride && member.ContainingType.AllInterfaces.IsEmpty) return;
        if (analysis.Contracts.GetRequirement(member) is not { } required) return;

        foreach (var (baseMember, relation) in BaseMembers(member))
        {
            // ToString/Equals/GetHashCode of a type with a type-level requirement: nobody checks ISAs before those.
            if (baseMember.ContainingType.SpecialType == SpecialType.System_Object) continue;
            // A static abstract or virtual member of one of our interfaces is called through a type parameter (TOps.Combine):
            // that call is judged against the implementation the type argument picks, where the generic code is instantiated.
            if (baseMember is IMethodSymbol { IsStatic: true, ContainingType.TypeKind: TypeKind.Interface }
                && SymbolEqualityComparer.Default.Equals(baseMember.ContainingAssembly, context.Compilation.Assembly)) continue;
            var promised = analysis.Contracts.GetRequirement(baseMember);
            var known = promised is null ? GuardState.Unknown : GuardState.Unknown.Assume(promised.Formula, true, analysis.Model);
            if (known.Implies(required.Formula, analysis.Model)) continue;

            var location = member.GetAttributes().Where(IsaContracts.IsContractAttribute)
                .Select(a => a.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation())
                .FirstOrDefault(l => l is not null) ?? member.Locations[0];
            context.ReportDiagnostic(Diagnostic.Create(Descriptor, location,
                IsaMemberUse.DisplayName(member), required.Display, IsaMemberUse.DisplayName(baseMember), relation, promised?.Display ?? "nothing"));
        }
    }

    private static IEnumerable<(ISymbol Member, string Relation)> BaseMembers(ISymbol member)
    {
        var overridden = member switch
        {
            IMethodSymbol method => method.OverriddenMethod,
            IPropertySymbol property => (ISymbol?)property.OverriddenProperty,
            _ => null,
        };
        if (overridden is not null) yield return (overridden, "overrides");

        var type = member.ContainingType;
        foreach (var interfaceMember in type.AllInterfaces.SelectMany(i => i.GetMembers()))
        {
            if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(interfaceMember), member))
                yield return (interfaceMember, "implements");
        }
    }
}
