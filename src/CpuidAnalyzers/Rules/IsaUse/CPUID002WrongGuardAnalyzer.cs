using CpuidAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Rules.IsaUse;

/// <summary>CPUID002: a guard exists but checks an ISA class that does not imply the one used.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CPUID002WrongGuardAnalyzer : IsaUseRuleAnalyzer
{
    public const string Id = "CPUID002";

    internal static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "The IsSupported check guarding a hardware intrinsic (or an ISA-requiring member) does not imply what it needs",
        messageFormat: "'{0}' requires {1}{5}, but this {2} is guarded by {3}, which does not imply {1}; check {4}",
        category: "Reliability",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An IsSupported check implies only the class itself, its base classes and, for a nested X64/VL/Arm64 class, its containing class. Avx " +
            "does not imply Avx2, Avx2 does not imply Fma, Sse41 does not imply Sse41.X64, and A || B implies neither. Code guarded by the wrong class " +
            "throws PlatformNotSupportedException on a CPU that has the checked class but not the used one.",
        helpLinkUri: HelpLinks.For(Id));

    public CPUID002WrongGuardAnalyzer()
        : base(Descriptor, IsaUseVerdict.WrongGuard)
    {
    }
}
