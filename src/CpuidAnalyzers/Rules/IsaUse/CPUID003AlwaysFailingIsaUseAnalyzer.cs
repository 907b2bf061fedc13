using CpuidAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Rules.IsaUse;

/// <summary>CPUID003: the use is reachable only where its ISA class is known not to be supported.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CPUID003AlwaysFailingIsaUseAnalyzer : IsaUseRuleAnalyzer
{
    public const string Id = "CPUID003";

    internal static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Hardware intrinsic (or ISA-requiring member) used where its IsSupported is known to be false",
        messageFormat: "'{0}' requires {1}{5}, but this path runs only when {3} is false: the {2} cannot succeed here",
        category: "Reliability",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The use sits on a path that runs only when its ISA class (or a class it implies) is known NOT to be supported: the else branch of the " +
            "check, the false arm of a ternary, or the code after 'if (X.IsSupported) return'. An intrinsic throws PlatformNotSupportedException every time " +
            "it runs there; a member with an ISA requirement is called outside its contract.",
        helpLinkUri: HelpLinks.For(Id));

    public CPUID003AlwaysFailingIsaUseAnalyzer()
        : base(Descriptor, IsaUseVerdict.AlwaysFails)
    {
    }
}
