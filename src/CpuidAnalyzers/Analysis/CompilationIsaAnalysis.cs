using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using CpuidAnalyzers.Flow;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Analysis;

/// <summary>
/// The one place every rule gets its answers from: per compilation, the ISA model, the contracts,
/// the syntax filter, and the report of each analyzed code block, computed once however many rules ask.
/// </summary>
internal sealed class CompilationIsaAnalysis
{
    private static readonly ConditionalWeakTable<Compilation, Holder> Cache = new();

    private readonly ConcurrentDictionary<SyntaxNode, IsaBlockReport> _reports = new();
    private readonly IsaSyntaxFilter _filter;
    private readonly RequirementInference _requirements;

    private CompilationIsaAnalysis(Compilation compilation, IsaModel model, AnalyzerOptions options)
    {
        Model = model;
        Contracts = new IsaContracts(model);
        _filter = new IsaSyntaxFilter(compilation, model.SimpleNames);
        var models = new SemanticModels(compilation);
        GuardMembers = new GuardMembers(compilation, models);
        Baseline = new BaselineProvider(model, options);
        _requirements = new RequirementInference(compilation, model, Contracts, GuardMembers, Baseline, models, options);
    }

    public IsaModel Model { get; }

    public IsaContracts Contracts { get; }

    /// <summary>Members that only name a check, read once per compilation for every rule that follows guards.</summary>
    public GuardMembers GuardMembers { get; }

    /// <summary>The ISA classes the build guarantees (NativeAOT instruction set, .editorconfig baseline).</summary>
    public BaselineProvider Baseline { get; }

    /// <summary>Null when the compilation cannot see any ISA class: rules then register nothing.</summary>
    /// <remarks>The options of the first rule to ask are used: every analyzer of a compilation gets the same.</remarks>
    public static CompilationIsaAnalysis? For(Compilation compilation, AnalyzerOptions options) =>
        Cache.GetValue(compilation, c => new Holder(IsaModel.TryCreate(c) is { } model ? new CompilationIsaAnalysis(c, model, options) : null)).Analysis;

    /// <summary>The report of one code block (a member declaration, field declaration, accessor…).</summary>
    public IsaBlockReport GetReport(SyntaxNode codeBlock, ISymbol owningSymbol, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (_reports.TryGetValue(codeBlock, out var cached)) return cached;
        var report = _filter.IsCandidate(codeBlock, cancellationToken)
            ? Analyze(codeBlock, owningSymbol, semanticModel, cancellationToken)
            : IsaBlockReport.Empty;
        return _reports.GetOrAdd(codeBlock, report);
    }

    private IsaBlockReport Analyze(SyntaxNode codeBlock, ISymbol owningSymbol, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        // A member with a contract (declared or inferred) starts from what it requires, as does code in such a type.
        var entry = _requirements.EntryFor(owningSymbol, codeBlock.SyntaxTree, cancellationToken);

        var allowed = owningSymbol is IMethodSymbol method && _requirements.IsRuntimeStyleInSource(method)
            ? _requirements.AllowedByRuntimeStyleList(method)
            : (AtomSet?)null;
        var baseline = Baseline.For(codeBlock.SyntaxTree);
        var findings = ImmutableArray.CreateBuilder<IsaUseFinding>();
        var used = ImmutableHashSet.CreateBuilder<int>();
        var seen = new HashSet<Location>();
        foreach (var root in CodeBlocks.GraphRoots(codeBlock, semanticModel, cancellationToken))
        {
            foreach (var site in GuardFlowAnalysis.Analyze(root, Model, _requirements, GuardMembers, entry, cancellationToken))
            {
                used.UnionWith(site.Requirement.Atoms);
                var finding = IsaUseClassifier.Classify(site, Model, baseline)
                    ?? (allowed is { } list ? IsaUseClassifier.OutsideRuntimeStyleList(site, list, Model) : null);
                if (finding is not null && seen.Add(finding.Location))
                    findings.Add(finding);
            }
        }
        return new IsaBlockReport(findings.ToImmutable(), used.ToImmutable());
    }

    private sealed class Holder
    {
        public Holder(CompilationIsaAnalysis? analysis) => Analysis = analysis;

        public CompilationIsaAnalysis? Analysis { get; }
    }
}
