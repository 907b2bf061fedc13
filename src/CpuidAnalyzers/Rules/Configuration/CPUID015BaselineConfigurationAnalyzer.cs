using System.Collections.Generic;
using System.Linq;
using CpuidAnalyzers.Analysis;
using CpuidAnalyzers.Inference;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Rules.Configuration;

/// <summary>CPUID015: an ISA baseline setting that cannot be used (an unknown name, or a project that may run on another architecture).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CPUID015BaselineConfigurationAnalyzer : CpuidAnalyzer
{
    public const string Id = "CPUID015";

    internal static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "ISA baseline setting is not used",
        messageFormat: "{0}",
        category: "Configuration",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A baseline the analyzers cannot read, or cannot apply, is reported instead of silently ignored: a name that is neither a level, an " +
            "instruction-set name nor an ISA class, or a baseline in a project that may run on another architecture.",
        helpLinkUri: HelpLinks.For(Id),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public CPUID015BaselineConfigurationAnalyzer()
        : base(Descriptor, afterCompilation: true)
    {
    }

    private protected override void OnCompilationEnd(CompilationAnalysisContext compilation)
    {
        foreach (var problem in new SortedSet<string>(Problems(compilation.Compilation, compilation.Options)))
            compilation.ReportDiagnostic(Diagnostic.Create(Descriptor, Location.None, problem));
    }

    /// <summary>Names that are neither a level nor an instruction-set name, nor a class this compilation has.</summary>
    private static IEnumerable<string> Unknown(string value, IsaModel? model) =>
        IsaBaseline.Parse(value).Unknown.Concat(IsaBaseline.ClassNameItems(value).Where(name =>
            model is not null && !new[] { "X86", "Arm", "Wasm" }.Any(platform => model.FindByRelativeName(platform, name.Replace('.', '+')).Any())));

    private static IEnumerable<string> Problems(Compilation compilation, AnalyzerOptions options)
    {
        var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
        var target = BaselineProvider.TargetOf(BaselineProvider.Value(global, BaselineProvider.RuntimeIdentifierKey),
            BaselineProvider.Value(global, BaselineProvider.PlatformTargetKey));

        var model = CompilationIsaAnalysis.For(compilation, options)?.Model;
        if (BaselineProvider.Value(global, BaselineProvider.IlcInstructionSetKey) is { } ilc && !BaselineProvider.IsNative(ilc))
        {
            foreach (var unknown in Unknown(ilc, model))
                yield return $"IlcInstructionSet '{ilc}': '{unknown}' is not an instruction-set name or level; accepted: {IsaBaseline.AcceptedValues}";
            if (!BaselineProvider.IsTrue(BaselineProvider.Value(global, BaselineProvider.PublishAotKey)))
                yield return $"IlcInstructionSet '{ilc}' is not used as a baseline: PublishAot is not true, so the JIT decides IsSupported at run time";
            else if (target is null)
                yield return $"IlcInstructionSet '{ilc}' is not used as a baseline: the project may run on another architecture " +
                    "(no single RuntimeIdentifier or PlatformTarget)";
        }

        foreach (var value in compilation.SyntaxTrees
            .Select(t => BaselineProvider.Value(options.AnalyzerConfigOptionsProvider.GetOptions(t), BaselineProvider.AssumedIsaKey))
            .Where(v => v is not null).Distinct())
        {
            foreach (var unknown in Unknown(value!, model))
                yield return $"{BaselineProvider.AssumedIsaKey} = {value}: '{unknown}' is not an ISA level, instruction-set name or class; " +
                    $"accepted: {IsaBaseline.AcceptedValues}";
            if (target is null)
                yield return $"{BaselineProvider.AssumedIsaKey} = {value} is not applied: the project may run on another architecture " +
                    "(no single RuntimeIdentifier or PlatformTarget); an Arm64 machine has none of the x86 classes, and the reverse";
        }
    }
}
