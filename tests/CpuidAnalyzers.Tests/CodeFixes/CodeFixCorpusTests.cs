using System.Collections.Generic;
using System.IO;
using System.Linq;
using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit.Abstractions;

namespace CpuidAnalyzers.Tests;

/// <summary>
/// Every fix, on every diagnostic of a corpus of realistic files (tests/CodeFixCorpus: dispatchers,
/// loops, expression-bodied members, initializers, lambdas, try/catch probes), must leave code that
/// compiles: each offered action one at a time, and Fix All of each provider and equivalence key in
/// document, project and solution scope.
/// </summary>
public class CodeFixCorpusTests
{
    private readonly ITestOutputHelper _output;

    public CodeFixCorpusTests(ITestOutputHelper output) => _output = output;

    private static Project Corpus() => FixHarness.CreateProject(
        Directory.GetFiles(Repository.PathOf(Path.Combine("tests", "CodeFixCorpus")), "*.cs").OrderBy(f => f, System.StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f))));

    [Fact]
    public async Task Corpus_CompilesAndShowsEveryFixableRule()
    {
        var project = Corpus();
        Assert.Empty(await FixHarness.CompilerErrorsAsync(project));
        var ids = (await FixHarness.AnalyzeAsync(project)).Select(d => d.Id).ToHashSet();
        foreach (var id in new[] { "CPUID001", "CPUID002", "CPUID004", "CPUID005", "CPUID006", "CPUID007", "CPUID008" })
            Assert.Contains(id, ids);
    }

    [Fact]
    public async Task EveryOfferedFix_OnEveryDiagnostic_Compiles()
    {
        var project = Corpus();
        var diagnostics = await FixHarness.AnalyzeAsync(project);
        var failures = new List<string>();
        var applied = 0;
        var unfixed = new List<Diagnostic>();
        foreach (var diagnostic in diagnostics)
        {
            var offered = 0;
            foreach (var provider in FixHarness.Providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                foreach (var action in await FixHarness.ActionsAsync(provider, project, diagnostic))
                {
                    offered++;
                    applied++;
                    var fixedProject = (await FixHarness.ApplyAsync(action)).GetProject(project.Id)!;
                    var errors = await FixHarness.CompilerErrorsInChangedDocumentsAsync(project, fixedProject);
                    if (errors.Length > 0)
                        failures.Add($"{diagnostic} -- '{action.Title}':\n  " + string.Join("\n  ", errors.Take(5)));
                }
            }
            if (offered == 0 && diagnostic.Id is not ("CPUID009" or "CPUID010")) unfixed.Add(diagnostic);
        }

        _output.WriteLine($"{diagnostics.Length} diagnostics, {applied} fixes applied, {failures.Count} failed.");
        foreach (var diagnostic in unfixed) _output.WriteLine("no fix offered: " + diagnostic);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(applied >= diagnostics.Length, $"only {applied} fixes for {diagnostics.Length} diagnostics");
    }

    [Fact]
    public async Task FixAll_InEveryScope_Compiles()
    {
        var project = Corpus();
        var diagnostics = await FixHarness.AnalyzeAsync(project);
        var failures = new List<string>();
        foreach (var provider in FixHarness.Providers)
        {
            var keys = new HashSet<string?>();
            foreach (var diagnostic in diagnostics.Where(d => provider.FixableDiagnosticIds.Contains(d.Id)))
                foreach (var action in await FixHarness.ActionsAsync(provider, project, diagnostic))
                    keys.Add(action.EquivalenceKey);

            foreach (var key in keys)
            {
                var runs = project.Documents.Select(d => (Scope: FixAllScope.Document, Document: (Document?)d))
                    .Append((FixAllScope.Project, null)).Append((FixAllScope.Solution, null));
                foreach (var (scope, document) in runs)
                {
                    var solution = await FixHarness.FixAllAsync(provider, project, diagnostics, key, scope, document);
                    if (solution is null) continue;
                    var errors = await FixHarness.CompilerErrorsAsync(solution.GetProject(project.Id)!);
                    if (errors.Length > 0)
                        failures.Add($"{provider.GetType().Name} '{key}' in {scope} {document?.Name}:\n  " + string.Join("\n  ", errors.Take(5)));
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Fix All of the guard fix leaves no unguarded use behind that it could guard.</summary>
    [Fact]
    public async Task FixAll_AddIsSupportedCheck_GuardsEverything()
    {
        var project = Corpus();
        var diagnostics = await FixHarness.AnalyzeAsync(project);
        var provider = new global::CpuidAnalyzers.CodeFixes.IsaUse.AddIsSupportedCheckCodeFixProvider();
        var solution = await FixHarness.FixAllAsync(provider, project, diagnostics,
            global::CpuidAnalyzers.CodeFixes.IsaUse.AddIsSupportedCheckCodeFixProvider.EquivalenceKey, FixAllScope.Solution);
        var after = await FixHarness.AnalyzeAsync(solution!.GetProject(project.Id)!);
        var left = after.Where(d => provider.FixableDiagnosticIds.Contains(d.Id)).ToList();
        foreach (var document in solution.GetProject(project.Id)!.Documents)
            _output.WriteLine("==== " + document.Name + "\n" + await document.GetTextAsync());
        Assert.True(left.Count == 0, string.Join("\n", left));
    }
}
