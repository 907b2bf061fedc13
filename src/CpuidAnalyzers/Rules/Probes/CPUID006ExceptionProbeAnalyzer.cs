using CpuidAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Rules.Probes;

/// <summary>CPUID006: catch (PlatformNotSupportedException) (or a base type) around an intrinsic call used as a probe.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CPUID006ExceptionProbeAnalyzer : IsaUseRuleAnalyzer
{
    public const string Id = "CPUID006";

    internal static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Catching PlatformNotSupportedException is used as a hardware-feature probe",
        messageFormat: "Catching {3} is not a feature check for '{0}'{5}: every call throws where {1} is unsupported, which is slow and hides other " +
            "failures; check {4}",
        category: "Reliability",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An unsupported intrinsic throws PlatformNotSupportedException (measured under the JIT and under NativeAOT on .NET 10), so the probe " +
            "seems to work, but every call on such a CPU pays for an exception, a broad catch also swallows real failures, and the fallback is exercised " +
            "only by accident. An IsSupported check is folded to a constant by the JIT and the AOT compiler.",
        helpLinkUri: HelpLinks.For(Id));

    public CPUID006ExceptionProbeAnalyzer()
        : base(Descriptor, IsaUseVerdict.CatchProbe)
    {
    }
}
