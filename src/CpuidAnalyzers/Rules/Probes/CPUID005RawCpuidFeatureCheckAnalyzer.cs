using CpuidAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Rules.Probes;

/// <summary>CPUID005: a feature decided from X86Base.CpuId bits enables an intrinsic.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CPUID005RawCpuidFeatureCheckAnalyzer : IsaUseRuleAnalyzer
{
    public const string Id = "CPUID005";

    internal static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "A hardware intrinsic is enabled by raw CPUID bits",
        messageFormat: "'{0}'{5} is enabled by {3}, not by {1}.IsSupported; the runtime may disable features CPUID reports (DOTNET_EnableAVX2=0, NativeAOT " +
            "instruction-set baselines), so check {4}",
        category: "Reliability",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "X86Base.CpuId reports what the CPU has, not what the runtime lets the process use: the runtime can turn features off " +
            "(DOTNET_EnableAVX2=0, DOTNET_EnableHWIntrinsic=0), and the OS may not save the wider registers. IsSupported is the runtime's answer; a feature " +
            "decided from CPUID bits can still throw PlatformNotSupportedException.",
        helpLinkUri: HelpLinks.For(Id));

    public CPUID005RawCpuidFeatureCheckAnalyzer()
        : base(Descriptor, IsaUseVerdict.RawCpuid)
    {
    }
}
