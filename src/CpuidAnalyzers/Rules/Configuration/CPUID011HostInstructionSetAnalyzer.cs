using System.Text.RegularExpressions;
using CpuidAnalyzers.Inference;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Rules.Configuration;

/// <summary>CPUID011: the build targets the build machine's own CPU (<c>IlcInstructionSet=native</c>), like <c>-cpu host</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CPUID011HostInstructionSetAnalyzer : CpuidAnalyzer
{
    public const string Id = "CPUID011";
    public const string ReadyToRunArgsKey = "build_property.PublishReadyToRunCrossgen2ExtraArgs";

    internal static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "The build targets the build machine's CPU",
        messageFormat: "{0} compiles for whatever CPU builds it, like '-cpu host' or '-march=native': the binary runs on the build machine and fails on a " +
            "customer's CPU or after a VM migrates; name a level instead, such as x86-x64-v3 or armv8.2-a",
        category: "Reliability",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "IlcInstructionSet=native makes NativeAOT compile for the instruction sets of the machine that runs the build. The binary refuses to " +
            "start, or runs different code, on any CPU that lacks one of them: an older server, a cheaper cloud instance, or a VM moved to another host. A " +
            "named level (x86-x64-v2, x86-x64-v3, armv8.2-a…) states the contract instead.",
        helpLinkUri: HelpLinks.For(Id),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    // crossgen2's option in its spellings: --instruction-set:native, --instruction-set native, --instructionset=native.
    private static readonly Regex NativeInstructionSet = new(@"instruction-?set[:=\s]+native\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public CPUID011HostInstructionSetAnalyzer()
        : base(Descriptor, afterCompilation: true)
    {
    }

    private protected override void OnCompilationEnd(CompilationAnalysisContext compilation)
    {
        var global = compilation.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
        var setting = BaselineProvider.Value(global, BaselineProvider.IlcInstructionSetKey) is { } ilc && BaselineProvider.IsNative(ilc)
            ? "<IlcInstructionSet>" + ilc + "</IlcInstructionSet>"
            : BaselineProvider.Value(global, ReadyToRunArgsKey) is { } args && NativeInstructionSet.IsMatch(args)
                ? "<PublishReadyToRunCrossgen2ExtraArgs>" + args + "</PublishReadyToRunCrossgen2ExtraArgs>"
                : null;
        if (setting is not null) compilation.ReportDiagnostic(Diagnostic.Create(Descriptor, Location.None, setting));
    }
}
