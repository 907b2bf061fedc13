using System;
using System.Collections.Generic;
using System.Threading;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.Inference;

/// <summary>
/// Solves the requirements of inferred members and types as one system of equations over the call graph,
/// without recursion: a key's dependencies are discovered by a cheap walk of its bodies (no flow), the
/// strongly connected components are found by an iterative Tarjan, and each component is evaluated callees
/// first, iterated to a fixed point when it is a cycle. Every body is evaluated a bounded number of times
/// (<see cref="MaxRuns"/>); a component that does not settle by then is widened to "not inferred", which
/// analyzes its members on their own (a use is reported, never silenced).
/// </summary>
/// <remarks>
/// A key read during an evaluation that discovery did not find (a member the graph's lowering calls, such as a
/// private <c>GetEnumerator</c> of a <c>foreach</c>) is solved by a nested solver, up to <see cref="MaxNesting"/>
/// deep; deeper, it is widened.
/// </remarks>
internal sealed class RequirementSolver
{
    /// <summary>How often one key may be evaluated before its component is widened.</summary>
    public const int MaxRuns = 8;

    public const int MaxNesting = 4;

    private readonly Func<ISymbol, IsaRequirement?> _evaluate;
    private readonly Action<ISymbol> _discover;
    private readonly RequirementSolver? _outer;
    private readonly int _nesting;
    private readonly Dictionary<ISymbol, Node> _nodes = new(SymbolEqualityComparer.Default);
    private readonly CancellationToken _cancellationToken;
    private Node? _discovering;
    private Node? _evaluating;

    /// <param name="evaluate">The key's requirement from its bodies, reading other keys through <see cref="Read"/>.</param>
    /// <param name="discover">Walks the key's bodies reading every key the evaluation may read, through <see cref="Read"/>.</param>
    /// <param name="outer">For a nested solver, the solver whose evaluation met the key: its keys are read at their current values.</param>
    public RequirementSolver(Func<ISymbol, IsaRequirement?> evaluate, Action<ISymbol> discover, CancellationToken cancellationToken,
        RequirementSolver? outer = null)
        => (_evaluate, _discover, _cancellationToken, _outer, _nesting) =
            (evaluate, discover, cancellationToken, outer, outer is null ? 0 : outer._nesting + 1);

    /// <summary>0 for a solver started from outside any evaluation, one more for each solver nested in another's.</summary>
    public int Nesting => _nesting;

    /// <summary>The solved requirement of every key reached from <paramref name="root"/> (the root included).</summary>
    public IReadOnlyList<(ISymbol Key, IsaRequirement? Value)> Solve(ISymbol root)
    {
        foreach (var component in Components(root)) SolveComponent(component);
        var solved = new List<(ISymbol, IsaRequirement?)>(_nodes.Count);
        foreach (var node in _nodes.Values) solved.Add((node.Key, node.Value));
        return solved;
    }

    /// <summary>
    /// A read of an eligible, unsolved key while this solver works: during discovery it records an edge;
    /// during an evaluation it gives the key's current value. Null when the key is unknown to this solver
    /// during an evaluation (<paramref name="known"/> false): the caller solves it apart.
    /// </summary>
    public IsaRequirement? Read(ISymbol key, out bool known)
    {
        known = true;
        if (_discovering is { } from)
        {
            if (!_nodes.TryGetValue(key, out var node)) _nodes[key] = node = new Node(key);
            if (from.DependencySet.Add(node)) from.Dependencies.Add(node);
            return null;
        }
        if (_nodes.TryGetValue(key, out var existing))
        {
            if (_evaluating is { } reader) existing.Dependents.Add(reader);
            return existing.Value;
        }
        for (var outer = _outer; outer is not null; outer = outer._outer)
            if (outer._nodes.TryGetValue(key, out var enclosing)) return enclosing.Value;
        known = false;
        return null;
    }

    /// <summary>Iterative Tarjan: the strongly connected components, each after every component it depends on.</summary>
    private List<List<Node>> Components(ISymbol root)
    {
        var result = new List<List<Node>>();
        if (!_nodes.TryGetValue(root, out var start)) _nodes[root] = start = new Node(root);
        var index = 0;
        var stack = new Stack<Node>();
        var frames = new Stack<(Node Node, int Next)>();
        Enter(start);
        while (frames.Count > 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var (node, next) = frames.Pop();
            if (next < node.Dependencies.Count)
            {
                frames.Push((node, next + 1));
                var dependency = node.Dependencies[next];
                if (dependency.Index < 0) Enter(dependency);
                else if (dependency.OnStack) node.Low = Math.Min(node.Low, dependency.Index);
                continue;
            }
            if (frames.Count > 0)
            {
                var parent = frames.Peek().Node;
                parent.Low = Math.Min(parent.Low, node.Low);
            }
            if (node.Low != node.Index) continue;
            var component = new List<Node>();
            Node member;
            do
            {
                member = stack.Pop();
                member.OnStack = false;
                component.Add(member);
            }
            while (member != node);
            result.Add(component);
        }
        return result;

        void Enter(Node node)
        {
            node.Index = node.Low = index++;
            stack.Push(node);
            node.OnStack = true;
            frames.Push((node, 0));
            _discovering = node;
            try { _discover(node.Key); }
            finally { _discovering = null; }
        }
    }

    private void SolveComponent(List<Node> component)
    {
        var inComponent = new HashSet<Node>(component);
        var isCycle = component.Count > 1 || component[0].DependencySet.Contains(component[0]);
        // The order Tarjan closed them in is callees first along the discovery tree: one round settles most cycles.
        var pending = new Queue<Node>(component);
        foreach (var node in component) node.Queued = true;
        while (pending.Count > 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var node = pending.Dequeue();
            node.Queued = false;
            if (++node.Runs > MaxRuns)
            {
                // No fixed point within the budget: nothing is inferred for the whole cycle.
                foreach (var widened in component) widened.Value = null;
                return;
            }
            _evaluating = node;
            IsaRequirement? next;
            try { next = _evaluate(node.Key); }
            finally { _evaluating = null; }
            var changed = !IsaRequirement.SameClauses(next, node.Value);
            node.Value = next;
            if (!changed || !isCycle) continue;
            foreach (var dependent in node.Dependents)
            {
                if (!inComponent.Contains(dependent) || dependent.Queued) continue;
                dependent.Queued = true;
                pending.Enqueue(dependent);
            }
        }
    }

    private sealed class Node
    {
        public Node(ISymbol key) => Key = key;

        public ISymbol Key { get; }

        public List<Node> Dependencies { get; } = new();

        public HashSet<Node> DependencySet { get; } = new();

        public HashSet<Node> Dependents { get; } = new();

        public IsaRequirement? Value { get; set; }

        public int Index { get; set; } = -1;

        public int Low { get; set; }

        public bool OnStack { get; set; }

        public bool Queued { get; set; }

        public int Runs { get; set; }
    }
}
