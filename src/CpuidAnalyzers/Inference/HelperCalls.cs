using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CpuidAnalyzers.Flow;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Inference;

/// <summary>
/// Whether every call of an inferred helper establishes all it needs, read from the flow at each call with the
/// caller's usual entry. Asked only of a helper with a wrong check of its own (<see cref="IsaRequirement.HasOwnGuardedPart"/>):
/// where every caller makes that check right, nothing is reported; where one does not, the helper's check is.
/// </summary>
internal sealed class HelperCalls
{
    private readonly CallSites _callSites;
    private readonly SemanticModels _models;
    private readonly Func<ISymbol, SyntaxTree, CancellationToken, GuardState> _entryFor;
    private readonly Func<IOperation, GuardState, CancellationToken, IEnumerable<IsaUseSite>> _analyze;
    private readonly IsaModel _model;
    private readonly ConcurrentDictionary<ISymbol, bool> _established = new(SymbolEqualityComparer.Default);

    /// <param name="entryFor">A caller's entry state, with all its own requirement assumed (so asking never recurses into its callers).</param>
    /// <param name="analyze">The guard flow of a body from an entry state.</param>
    public HelperCalls(CallSites callSites, SemanticModels models, Func<ISymbol, SyntaxTree, CancellationToken, GuardState> entryFor,
        Func<IOperation, GuardState, CancellationToken, IEnumerable<IsaUseSite>> analyze, IsaModel model) =>
        (_callSites, _models, _entryFor, _analyze, _model) = (callSites, models, entryFor, analyze, model);

    public bool AllEstablish(IMethodSymbol helper, IsaRequirement requirement, CancellationToken cancellationToken)
    {
        if (_established.TryGetValue(helper, out var known)) return known;
        // Each calling body's flow is read once, however many calls of the helper it makes.
        var flows = new Dictionary<IOperation, IReadOnlyList<IsaUseSite>>();
        return _established.GetOrAdd(helper, _callSites.References(helper, InferenceEligibility.IsPrivate(helper), cancellationToken)
            .All(name => EstablishedAt(name, helper, requirement, flows, cancellationToken)));
    }

    private bool EstablishedAt(SyntaxNode name, IMethodSymbol helper, IsaRequirement requirement, Dictionary<IOperation, IReadOnlyList<IsaUseSite>> flows,
        CancellationToken cancellationToken)
    {
        if (name.Ancestors().OfType<InvocationExpressionSyntax>().FirstOrDefault() is { Expression: var callee } nameOf
            && callee is IdentifierNameSyntax { Identifier.ValueText: "nameof" } && nameOf.ArgumentList.Span.Contains(name.Span))
            return true;
        var model = _models.For(name.SyntaxTree);
        // The name of a call has no operation of its own: the invocation around it has.
        var target = name.Parent is MemberAccessExpressionSyntax access && access.Name == name || name.Parent is MemberBindingExpressionSyntax
            ? name.Parent
            : name;
        // A method group: the delegate may run anywhere.
        if (target?.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != target
            || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation call)
            return false;
        IOperation top = call;
        while (top.Parent is not null) top = top.Parent;
        if (!GuardFlowAnalysis.IsGraphRoot(top) || OwnerOf(model.GetEnclosingSymbol(name.SpanStart, cancellationToken)) is not { } owner) return false;
        if (!flows.TryGetValue(top, out var flow))
            flows[top] = flow = _analyze(top, _entryFor(owner, name.SyntaxTree, cancellationToken), cancellationToken).ToList();
        var sites = flow
            .Where(site => SymbolEqualityComparer.Default.Equals(site.Member.OriginalDefinition, helper) && site.Operation.Syntax.Span.Contains(name.Span))
            .ToList();
        // A call the flow never reaches (dead code) puts nothing at risk.
        return sites.All(site => site.State.IsUnreachable || site.State.Implies(requirement.Formula, _model));
    }

    /// <summary>The member whose code block holds a lambda or local function: the entry of its body is the member's.</summary>
    private static ISymbol? OwnerOf(ISymbol? symbol)
    {
        while (symbol is IMethodSymbol { MethodKind: MethodKind.LambdaMethod or MethodKind.LocalFunction }) symbol = symbol.ContainingSymbol;
        return symbol;
    }
}
