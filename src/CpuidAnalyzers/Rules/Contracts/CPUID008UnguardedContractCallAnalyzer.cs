using CpuidAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Rules.Contracts;

/// <summary>CPUID008: a member with an ISA requirement contract is called where the requirement is not known to hold.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CPUID008UnguardedContractCallAnalyzer : IsaUseRuleAnalyzer
{
    public const string Id = "CPUID008";

    internal static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Member with an ISA requirement called without the required IsSupported check",
        messageFormat: "'{0}' requires {1}{5}, but this {2} is reachable where that is not known; check {4} before it, or give the caller the same requirement",
        category: "Reliability",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A member annotated with [RequiresIsa], [RequiresAnyIsa] or [CompExactlyDependsOn] (or in a type so annotated) uses those ISA classes " +
            "without checking them. Calling it is a use of those classes: every path to the call must establish them, by an IsSupported check or by the " +
            "caller's own requirement.",
        helpLinkUri: HelpLinks.For(Id));

    public CPUID008UnguardedContractCallAnalyzer()
        : base(Descriptor, IsaUseVerdict.Unguarded)
    {
    }

    private protected override bool Reports(IsaUseFinding finding) => finding.IsContract;
}
