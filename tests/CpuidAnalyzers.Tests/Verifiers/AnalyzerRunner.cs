using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Tests.Verifiers;

/// <summary>Runs analyzers on a plain compilation, for tests that inspect diagnostics beyond markup.</summary>
internal static class AnalyzerRunner
{
    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "Test",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, path: $"Test{i}.cs")),
        Basic.Reference.Assemblies.Net100.References.All,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    public static async Task<ImmutableArray<Diagnostic>> GetDiagnosticsAsync(DiagnosticAnalyzer analyzer, params string[] sources) =>
        await Compile(sources).WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync();
}
