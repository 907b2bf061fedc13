using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using CpuidAnalyzers.Flow;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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
    private readonly GuardMembers _guardMembers;

    private CompilationIsaAnalysis(Compilation compilation, IsaModel model)
    {
        Model = model;
        Contracts = new IsaContracts(model);
        _filter = new IsaSyntaxFilter(compilation, model.SimpleNames);
        _guardMembers = new GuardMembers(compilation);
    }

    public IsaModel Model { get; }

    public IsaContracts Contracts { get; }

    /// <summary>Null when the compilation cannot see any ISA class: rules then register nothing.</summary>
    public static CompilationIsaAnalysis? For(Compilation compilation) =>
        Cache.GetValue(compilation, c => new Holder(IsaModel.TryCreate(c) is { } model ? new CompilationIsaAnalysis(c, model) : null)).Analysis;

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
        // A member with a contract starts from what it requires (and so does code in a type with one).
        var entry = Contracts.GetRequirement(owningSymbol) is { } requirement
            ? GuardState.Unknown.Assume(requirement.Formula, true, Model)
            : GuardState.Unknown;

        var findings = ImmutableArray.CreateBuilder<IsaUseFinding>();
        var used = ImmutableHashSet.CreateBuilder<int>();
        var seen = new HashSet<Location>();
        foreach (var root in GraphRoots(codeBlock, semanticModel, cancellationToken))
        {
            foreach (var site in GuardFlowAnalysis.Analyze(root, Model, Contracts, _guardMembers, entry, cancellationToken))
            {
                used.UnionWith(site.Requirement.Atoms);
                if (IsaUseClassifier.Classify(site, Model) is { } finding && seen.Add(finding.Location))
                    findings.Add(finding);
            }
        }
        return new IsaBlockReport(findings.ToImmutable(), used.ToImmutable());
    }

    /// <summary>The operations a graph can be built for in a code block: its body, expression body or initializer.</summary>
    private static IEnumerable<IOperation> GraphRoots(SyntaxNode codeBlock, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        IEnumerable<SyntaxNode?> parts = codeBlock switch
        {
            BasePropertyDeclarationSyntax property => new SyntaxNode?[]
            {
                (property as PropertyDeclarationSyntax)?.ExpressionBody ?? (SyntaxNode?)(property as IndexerDeclarationSyntax)?.ExpressionBody,
                (property as PropertyDeclarationSyntax)?.Initializer,
            },
            BaseFieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Initializer),
            VariableDeclaratorSyntax declarator => new SyntaxNode?[] { declarator.Initializer },
            ParameterSyntax parameter => new SyntaxNode?[] { parameter.Default },
            _ => new SyntaxNode?[] { codeBlock },
        };

        foreach (var part in parts)
        {
            if (part is null || semanticModel.GetOperation(part, cancellationToken) is not { } operation) continue;
            while (operation.Parent is not null) operation = operation.Parent;
            if (GuardFlowAnalysis.IsGraphRoot(operation)) yield return operation;
        }
    }

    private sealed class Holder
    {
        public Holder(CompilationIsaAnalysis? analysis) => Analysis = analysis;

        public CompilationIsaAnalysis? Analysis { get; }
    }
}
