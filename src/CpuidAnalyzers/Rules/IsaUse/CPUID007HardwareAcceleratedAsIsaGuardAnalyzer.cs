using CpuidAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Rules.IsaUse;

/// <summary>CPUID007: VectorNNN.IsHardwareAccelerated used as the guard of an ISA-specific call.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CPUID007HardwareAcceleratedAsIsaGuardAnalyzer : IsaUseRuleAnalyzer
{
    public const string Id = "CPUID007";

    internal static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Vector IsHardwareAccelerated is used as an ISA-specific guard",
        messageFormat: "{3} does not imply {1}; check {4} before '{0}'{5}, or use the cross-platform Vector API instead",
        category: "Reliability",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Vector64/128/256/512.IsHardwareAccelerated and Vector.IsHardwareAccelerated say that the portable vector API runs in hardware on " +
            "whatever ISA the CPU has (AdvSimd on Arm64, SSE2 or AVX2 on x64). They imply no specific ISA class: Vector128 is accelerated with SSE2 alone, " +
            "so Sse41 or Ssse3 may still be missing, and no width implies Fma, Bmi1, Bmi2 or Lzcnt. Which ISA a width needs is a runtime implementation " +
            "detail that changes between versions.",
        helpLinkUri: HelpLinks.For(Id));

    public CPUID007HardwareAcceleratedAsIsaGuardAnalyzer()
        : base(Descriptor, IsaUseVerdict.AccelerationOnly)
    {
    }
}
