using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CpuidAnalyzers.Analysis;

/// <summary>
/// The cheap pre-check of the vector rules (CPUID013 looks for <c>Vector</c>, CPUID014 for <c>Vector512</c>):
/// a file that may spell the name (<see cref="SpelledNames"/>) is read once more for the starts of the
/// runs of identifier characters spelled exactly like it; a code block is a candidate when one lies in
/// its span. No syntax node is created and nothing is bound for a file that never spells the name. Like
/// the ISA filter (<see cref="IsaSyntaxFilter"/>) it may over-approximate (a comment counts) but never
/// misses a plain spelling; what the plain reading cannot vouch for (a <c>\u</c> escape) counts as a mention.
/// </summary>
internal sealed class NameMentions
{
    private readonly string _name;
    private readonly ConcurrentDictionary<SyntaxTree, int[]> _trees = new();

    public NameMentions(string name) => _name = name;

    public bool Within(SyntaxNode node, CancellationToken cancellationToken)
    {
        var tree = node.SyntaxTree;
        if (!_trees.TryGetValue(tree, out var positions))
            positions = _trees.GetOrAdd(tree, Find(tree, cancellationToken));
        if (positions.Length == 0) return false;
        var span = node.FullSpan;
        var index = Array.BinarySearch(positions, span.Start);
        if (index < 0) index = ~index;
        return index < positions.Length && positions[index] < span.End;
    }

    private int[] Find(SyntaxTree tree, CancellationToken cancellationToken)
    {
        // Most files never spell the name: the tree's cached spellings settle them without reading it again.
        if (!SpelledNames.Of(tree, cancellationToken).MaySpell(_name)) return Array.Empty<int>();

        var found = new List<int>();
        var runs = new IdentifierRuns(tree.GetText(cancellationToken), cancellationToken);
        while (runs.MoveNext())
            if (runs.Unreadable || runs.Is(_name)) found.Add(runs.Start);
        return found.ToArray();
    }
}
