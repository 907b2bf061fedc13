using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Tests.Verifiers;

/// <summary>
/// Applies code fixes outside the test library, for tests that go beyond one before/after pair: every
/// offered fix on every diagnostic of a corpus, and Fix All over a whole solution. A project here is a
/// plain workspace project on the .NET 10 reference assemblies, with the generated contract attributes.
/// </summary>
internal static class FixHarness
{
    /// <summary>The four providers of issue 5 (other providers in the assembly are tested with their own rules).</summary>
    public static IReadOnlyList<CodeFixProvider> Providers { get; } = new CodeFixProvider[]
    {
        new global::CpuidAnalyzers.CodeFixes.IsaUse.AddIsSupportedCheckCodeFixProvider(),
        new global::CpuidAnalyzers.CodeFixes.IsaUse.RequireIsaInCallerCodeFixProvider(),
        new global::CpuidAnalyzers.CodeFixes.IsaUse.UseCrossPlatformApiCodeFixProvider(),
        new global::CpuidAnalyzers.CodeFixes.Probes.ReplaceExceptionProbeCodeFixProvider(),
    };

    public static Project CreateProject(IEnumerable<(string Name, string Source)> sources, bool allowUnsafe = true)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId, VersionStamp.Default, "Corpus", "Corpus", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: allowUnsafe,
                nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Preview),
            metadataReferences: Basic.Reference.Assemblies.Net100.References.All));
        solution = solution.AddDocument(DocumentId.CreateNewId(projectId), "ContractAttributes.g.cs", Contracts.AttributeSource);
        foreach (var (name, source) in sources)
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), name, source);
        return solution.GetProject(projectId)!;
    }

    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var withAnalyzers = compilation.WithAnalyzers(AllRulesVerifier.Analyzers.ToImmutableArray(), project.AnalyzerOptions);
        return (await withAnalyzers.GetAnalyzerDiagnosticsAsync()).Where(d => d.Location.IsInSource).OrderBy(d => d.Location.SourceTree!.FilePath).ThenBy(d
            => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    public static async Task<ImmutableArray<Diagnostic>> CompilerErrorsAsync(Project project) =>
        (await project.GetCompilationAsync())!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();

    /// <summary>Compiler errors in the documents of <paramref name="changed"/> that differ from <paramref name="original"/> (a fix edits only its own
    /// file).</summary>
    public static async Task<ImmutableArray<Diagnostic>> CompilerErrorsInChangedDocumentsAsync(Project original, Project changed)
    {
        var compilation = (await changed.GetCompilationAsync())!;
        var errors = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var id in changed.GetChanges(original).GetChangedDocuments())
        {
            var tree = (await changed.GetDocument(id)!.GetSyntaxTreeAsync())!;
            errors.AddRange(compilation.GetSemanticModel(tree).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }
        return errors.ToImmutable();
    }

    /// <summary>Every action <paramref name="provider"/> offers for <paramref name="diagnostic"/>.</summary>
    public static async Task<ImmutableArray<CodeAction>> ActionsAsync(CodeFixProvider provider, Project project, Diagnostic diagnostic)
    {
        var document = project.GetDocument(diagnostic.Location.SourceTree)!;
        var actions = ImmutableArray.CreateBuilder<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await provider.RegisterCodeFixesAsync(context);
        return actions.ToImmutable();
    }

    public static async Task<Solution> ApplyAsync(CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        return operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
    }

    /// <summary>Fix All in <paramref name="scope"/> with the provider's FixAllProvider, as the IDE and dotnet format run it.</summary>
    public static async Task<Solution?> FixAllAsync(CodeFixProvider provider, Project project, ImmutableArray<Diagnostic> diagnostics,
        string? equivalenceKey, FixAllScope scope, Document? document = null)
    {
        var ids = diagnostics.Select(d => d.Id).Where(provider.FixableDiagnosticIds.Contains).ToImmutableHashSet();
        if (ids.IsEmpty) return null;
        var context = new FixAllContext(
            document ?? project.Documents.First(), provider, scope, equivalenceKey, ids, new DiagnosticProvider(diagnostics), CancellationToken.None);
        if (scope == FixAllScope.Project)
            context = new FixAllContext(project, provider, scope, equivalenceKey, ids, new DiagnosticProvider(diagnostics), CancellationToken.None);
        var action = await provider.GetFixAllProvider()!.GetFixAsync(context);
        return action is null ? null : await ApplyAsync(action);
    }

    public static async Task<string> TextAsync(Solution solution, string documentName) =>
        (await solution.Projects.Single().Documents.Single(d => d.Name == documentName).GetTextAsync()).ToString();

    private sealed class DiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public DiagnosticProvider(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return _diagnostics.Where(d => d.Location.SourceTree == tree);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());
    }
}
