using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.Analysis;

/// <summary>
/// Which names a syntax tree may spell: the hashes of its identifier runs (<see cref="IdentifierRuns"/>),
/// read once per tree and shared by every compilation that holds the tree, so an edit in the IDE
/// re-reads only the edited file. Every pre-check asks it first ("does this file spell Avx2, a contract
/// attribute, Vector?"), and only a file that may spell a name is read again for where.
/// </summary>
/// <remarks>A hash collision or a run the plain reading cannot vouch for only makes the answer "may".</remarks>
internal sealed class SpelledNames
{
    private static readonly ConditionalWeakTable<SyntaxTree, SpelledNames> Cache = new();

    // One set per thread, reused: a file's runs are deduplicated here and only the result is kept.
    [ThreadStatic]
    private static HashSet<ulong>? Scratch;

    private readonly ulong[] _sorted;
    private readonly bool _unreadable;

    private SpelledNames(ulong[] sorted, bool unreadable) => (_sorted, _unreadable) = (sorted, unreadable);

    public static SpelledNames Of(SyntaxTree tree, CancellationToken cancellationToken) =>
        Cache.TryGetValue(tree, out var names) ? names : Cache.GetValue(tree, t => Read(t, cancellationToken));

    public bool MaySpell(string name) => _unreadable || Array.BinarySearch(_sorted, IdentifierRuns.HashOf(name)) >= 0;

    public bool MaySpellAny(NameSet names)
    {
        if (_unreadable) return true;
        // Both sorted: one merge walk.
        var mine = _sorted;
        var theirs = names.Hashes;
        int i = 0, j = 0;
        while (i < mine.Length && j < theirs.Length)
        {
            if (mine[i] == theirs[j]) return true;
            if (mine[i] < theirs[j]) i++;
            else j++;
        }
        return false;
    }

    [MethodImpl((MethodImplOptions)512)] // AggressiveOptimization: not in netstandard2.0, honored by the runtime
    private static SpelledNames Read(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var hashes = Scratch ??= new HashSet<ulong>();
        hashes.Clear();
        var unreadable = false;
        var runs = new IdentifierRuns(tree.GetText(cancellationToken), cancellationToken);
        while (runs.MoveNext())
        {
            if (runs.Unreadable) unreadable = true;
            else hashes.Add(runs.Hash);
        }
        var sorted = hashes.ToArray();
        Array.Sort(sorted);
        return new SpelledNames(unreadable ? Array.Empty<ulong>() : sorted, unreadable);
    }
}

/// <summary>A set of names as sorted hashes, to ask <see cref="SpelledNames"/> about many names at once.</summary>
internal sealed class NameSet
{
    public NameSet(IEnumerable<string> names)
    {
        var hashes = names.Select(IdentifierRuns.HashOf).Distinct().ToArray();
        Array.Sort(hashes);
        Hashes = hashes;
    }

    public ulong[] Hashes { get; }

    public bool IsEmpty => Hashes.Length == 0;
}
