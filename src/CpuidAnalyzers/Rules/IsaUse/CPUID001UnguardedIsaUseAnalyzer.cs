using CpuidAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Rules.IsaUse;

/// <summary>CPUID001: an ISA class member is reachable on a path where its IsSupported was never checked.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CPUID001UnguardedIsaUseAnalyzer : IsaUseRuleAnalyzer
{
    public const string Id = "CPUID001";

    internal static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Hardware intrinsic used without an IsSupported check",
        messageFormat: "'{0}' requires {1}, but this {2} is reachable when {1}.IsSupported is false; check {1}.IsSupported (or a class that implies it) " +
            "before calling it",
        category: "Reliability",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Members of System.Runtime.Intrinsics ISA classes throw PlatformNotSupportedException (under the JIT and under NativeAOT) on CPUs, and " +
            "VM CPU models, that lack the instruction set. Check the class's IsSupported, or the IsSupported of a class that implies it, on every path to " +
            "the call.",
        helpLinkUri: HelpLinks.For(Id));

    public CPUID001UnguardedIsaUseAnalyzer()
        : base(Descriptor, IsaUseVerdict.Unguarded)
    {
    }

    private protected override bool Reports(IsaUseFinding finding) => !finding.IsContract;
}
