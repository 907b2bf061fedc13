using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CpuidAnalyzers.Prefilter;

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
    private readonly Compilation _compilation;
    private readonly string _name;
    private readonly ConcurrentDictionary<SyntaxTree, TreeMentions> _trees = new();

    // Whether any file may spell the name. Most compilations never spell Vector: one look at every
    // file's cached spellings then settles all blocks without touching them.
    private OnceAnswer _anyFile;

    // Code blocks arrive file after file: the last file's answer saves the lookup for all but its first
    // block. One reference, so a thread sees a whole answer; a race only costs a lookup.
    private TreeMentions? _last;

    public NameMentions(Compilation compilation, string name) => (_compilation, _name) = (compilation, name);

    public bool Within(SyntaxNode node, CancellationToken cancellationToken)
    {
        if (!AnyFileMaySpell(cancellationToken)) return false;
        var tree = node.SyntaxTree;
        var mentions = _last;
        if (mentions?.Tree != tree)
        {
            if (!_trees.TryGetValue(tree, out mentions))
                mentions = _trees.GetOrAdd(tree, new TreeMentions(tree, Find(tree, cancellationToken)));
            _last = mentions;
        }
        var positions = mentions.Positions;
        if (positions.Length == 0) return false;
        var span = node.FullSpan;
        var index = Array.BinarySearch(positions, span.Start);
        if (index < 0) index = ~index;
        return index < positions.Length && positions[index] < span.End;
    }

    /// <summary>Whether any file may spell the name (a plain search of each text, <see cref="PlainText"/>).</summary>
    public bool AnyFileMaySpell(CancellationToken cancellationToken) =>
        _anyFile.TryGet(out var known) ? known : _anyFile.Set(PlainText.AnyMayContain(_compilation, _name, cancellationToken));

    private int[] Find(SyntaxTree tree, CancellationToken cancellationToken)
    {
        // Most files never spell the name: its cached spellings, or a plain search of its text, settle them unread.
        if (!PlainText.MayContain(tree, _name, cancellationToken)) return Array.Empty<int>();

        var found = new List<int>();
        var runs = new IdentifierRuns(tree.GetText(cancellationToken), cancellationToken);
        while (runs.MoveNext())
            if (runs.Unreadable || runs.Is(_name)) found.Add(runs.Start);
        return found.ToArray();
    }

    private sealed class TreeMentions
    {
        public TreeMentions(SyntaxTree tree, int[] positions) => (Tree, Positions) = (tree, positions);

        public SyntaxTree Tree { get; }

        /// <summary>Where runs spelled like the name start, in text order.</summary>
        public int[] Positions { get; }
    }
}
