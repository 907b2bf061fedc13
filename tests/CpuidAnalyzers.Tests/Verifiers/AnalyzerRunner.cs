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

    /// <summary>Every rule over <paramref name="compilation"/>, as a build runs them; the source must compile, and any analyzer exception fails the
    /// test.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AllRulesAsync(Compilation compilation)
    {
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var exceptions = new System.Collections.Concurrent.ConcurrentQueue<System.Exception>();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, _, _) => exceptions.Enqueue(exception), concurrentAnalysis: true, logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(AllRulesVerifier.Analyzers.ToImmutableArray(), options).GetAnalyzerDiagnosticsAsync();
        Assert.Empty(exceptions);
        return diagnostics;
    }
}
