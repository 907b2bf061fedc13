using CpuidAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Rules.IsaUse;

/// <summary>CPUID004: an architecture or bitness check stands in for a feature check.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CPUID004ArchitectureCheckAsIsaGuardAnalyzer : IsaUseRuleAnalyzer
{
    public const string Id = "CPUID004";

    internal static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "An architecture or bitness check is used as a hardware-intrinsic guard",
        messageFormat: "{3} does not imply {1}: a CPU of that architecture (or a VM's CPU model) may lack it; check {4} before '{0}'{5}",
        category: "Reliability",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "RuntimeInformation.ProcessArchitecture, Environment.Is64BitProcess and IntPtr.Size say which instruction set family runs the process, " +
            "not which extensions the CPU has. An x86-64 CPU, or a VM started with a plain CPU model such as qemu64, may lack AVX, AVX2, BMI or AVX-512.",
        helpLinkUri: HelpLinks.For(Id));

    public CPUID004ArchitectureCheckAsIsaGuardAnalyzer()
        : base(Descriptor, IsaUseVerdict.ArchitectureOnly)
    {
    }
}
