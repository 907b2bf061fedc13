using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using CpuidAnalyzers.Flow;
using CpuidAnalyzers.Inference;
using CpuidAnalyzers.Isa;
using CpuidAnalyzers.Prefilter;
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
    private readonly GuardFlowInputs _flow;
    private readonly WrongGuardConditions _wrongGuards;
    private readonly Compilation _compilation;
    private ImmutableHashSet<string>? _contractMemberNames;
    private OnceAnswer _sourceMayDeclareContracts;

    private CompilationIsaAnalysis(Compilation compilation, IsaModel model, AnalyzerOptions options)
    {
        Model = model;
        Contracts = new IsaContracts(model);
        _compilation = compilation;
        _filter = new IsaSyntaxFilter(compilation, model.SimpleNames, ContractMemberNames);
        var models = new SemanticModels(compilation);
        _wrongGuards = new WrongGuardConditions(models);
        GuardMembers = new GuardMembers(compilation, models);
        Baseline = new BaselineProvider(model, options);
        ContractFlow = new GuardFlowInputs(model, Contracts, GuardMembers);
        _requirements = new RequirementInference(compilation, model, Contracts, GuardMembers, Baseline, models, options, _filter.IsCandidate);
        _flow = new GuardFlowInputs(model, _requirements, GuardMembers);
    }

    public IsaModel Model { get; }

    public IsaContracts Contracts { get; }

    /// <summary>Members that only name a check, read once per compilation for every rule that follows guards.</summary>
    public GuardMembers GuardMembers { get; }

    /// <summary>What the guard flow of a rule's own sites reads: requirements as declared (contracts), not inferred.</summary>
    public GuardFlowInputs ContractFlow { get; }

    /// <summary>The ISA classes the build guarantees (NativeAOT instruction set, .editorconfig baseline).</summary>
    public BaselineProvider Baseline { get; }

    /// <summary>Whether any member of this compilation or of a reference carries a contract attribute.</summary>
    public bool HasContracts => !ContractMemberNames(CancellationToken.None).IsEmpty;

    /// <summary>Whether a member of this compilation may declare a contract (<see cref="ContractNames.MayBeDeclaredIn"/>), once per compilation.</summary>
    public bool SourceMayDeclareContracts(CancellationToken cancellationToken) =>
        _sourceMayDeclareContracts.TryGet(out var known) ? known
            : _sourceMayDeclareContracts.Set(ContractNames.MayBeDeclaredIn(_compilation, cancellationToken));

    /// <summary>The names by which code can call a member with a contract (<see cref="ContractNames"/>), once per compilation.</summary>
    private ImmutableHashSet<string> ContractMemberNames(CancellationToken cancellationToken) =>
        _contractMemberNames ??= ContractNames.Collect(_compilation, cancellationToken);

    /// <summary>Null when the compilation cannot see any ISA class: rules then register nothing.</summary>
    /// <remarks>The options of the first rule to ask are used: every analyzer of a compilation gets the same.</remarks>
    public static CompilationIsaAnalysis? For(Compilation compilation, AnalyzerOptions options) =>
        Cache.GetValue(compilation, c => new Holder(IsaModel.TryCreate(c) is { } model ? new CompilationIsaAnalysis(c, model, options) : null)).Analysis;

    /// <summary>
    /// <see cref="For"/> on first call instead of now. Rules take the analysis from their callbacks rather than
    /// in a compilation start action: the first symbol read binds the compilation's references, work the compiler
    /// does anyway moments later, which a start action would do first and be charged for (tens of milliseconds a build).
    /// </summary>
    public static Func<CompilationIsaAnalysis?> Deferred(Compilation compilation, AnalyzerOptions options)
    {
        var analysis = new Lazy<CompilationIsaAnalysis?>(() => For(compilation, options), LazyThreadSafetyMode.ExecutionAndPublication);
        return () => analysis.Value;
    }

    /// <summary>The report of one code block (a member declaration, field declaration, accessor…).</summary>
    public IsaBlockReport GetReport(SyntaxNode codeBlock, ISymbol owningSymbol, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        // Most blocks are settled by the filter: nothing is stored for them.
        if (!_filter.IsCandidate(codeBlock, cancellationToken)) return IsaBlockReport.Empty;
        if (_reports.TryGetValue(codeBlock, out var cached)) return cached;
        return _reports.GetOrAdd(codeBlock, Analyze(codeBlock, owningSymbol, semanticModel, cancellationToken));
    }

    private IsaBlockReport Analyze(SyntaxNode codeBlock, ISymbol owningSymbol, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var bodies = CodeBlocks.GraphRoots(codeBlock, semanticModel, cancellationToken)
            .Select(root => (Root: root, Uses: IsaMemberUse.Find(root, Model, _requirements, cancellationToken)))
            .Where(body => !body.Uses.IsEmpty)
            .ToList();
        if (bodies.Count == 0) return IsaBlockReport.Empty;

        // A member with a contract (declared or inferred) starts from what it requires, as does code in such a type.
        var entry = _requirements.EntryFor(owningSymbol, codeBlock.SyntaxTree, cancellationToken);

        var allowed = owningSymbol is IMethodSymbol method && _requirements.IsRuntimeStyleInSource(method)
            ? _requirements.AllowedByRuntimeStyleList(method)
            : (AtomSet?)null;
        var baseline = Baseline.For(codeBlock.SyntaxTree);
        var findings = ImmutableArray.CreateBuilder<IsaUseFinding>();
        var used = ImmutableHashSet.CreateBuilder<int>();
        var seen = new HashSet<Location>();
        foreach (var (root, uses) in bodies)
        {
            // Most dispatch code is settled by the checks around each use; only the rest needs a graph.
            var variables = new BodyVariables(root, Model);
            if (allowed is null && DominatingChecks.CoverAll(variables, uses, entry, Model, GuardMembers, cancellationToken))
            {
                foreach (var (_, requirement) in uses.Uses) used.UnionWith(requirement.Atoms);
                continue;
            }

            // Under a runtime-style list, a use the body's own checks (or the build's baseline) make safe is safe on
            // every CPU: it does not rely on the list, so it is not judged against it. Read once more from the bare entry.
            var safeOnItsOwn = allowed is null ? null : SafeWithoutEntry(root, variables, codeBlock.SyntaxTree, baseline, cancellationToken);
            foreach (var site in GuardFlowAnalysis.Analyze(root, _flow, entry, cancellationToken, variables))
            {
                used.UnionWith(site.Requirement.Atoms);
                var finding = IsaUseClassifier.Classify(site, Model, baseline)
                    ?? (allowed is { } list && !safeOnItsOwn!.Contains(site.Operation.Syntax) ? IsaUseClassifier.OutsideRuntimeStyleList(site, list, Model)
                        : null);
                if (finding is not null && seen.Add(finding.Location))
                    findings.Add(finding.WithGuard(_wrongGuards.Find(site.Operation.Syntax, finding.Verdict, semanticModel, cancellationToken)));
            }
        }
        return new IsaBlockReport(findings.ToImmutable(), used.ToImmutable());
    }

    /// <summary>The uses under <paramref name="root"/> that need nothing on entry beyond the build's baseline.</summary>
    /// <remarks>Keyed by syntax: a body read through its control-flow graph gets new operations on each read.</remarks>
    private HashSet<SyntaxNode> SafeWithoutEntry(IOperation root, BodyVariables variables, SyntaxTree tree, AtomSet baseline,
        CancellationToken cancellationToken)
    {
        var safe = new HashSet<SyntaxNode>();
        foreach (var site in GuardFlowAnalysis.Analyze(root, _flow, Baseline.EntryState(tree), cancellationToken, variables))
        {
            if (IsaUseClassifier.Classify(site, Model, baseline) is null) safe.Add(site.Operation.Syntax);
        }
        return safe;
    }

    private sealed class Holder
    {
        public Holder(CompilationIsaAnalysis? analysis) => Analysis = analysis;

        public CompilationIsaAnalysis? Analysis { get; }
    }
}
