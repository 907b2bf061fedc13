using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.Prefilter;

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
    private static HashScratch? Scratch;

    // The file's distinct run hashes folded to 32 bits, open addressing at most half full (0 marks an empty
    // slot; a zero hash is kept apart): as small as a sorted array of the 64-bit hashes, and nothing to sort.
    private readonly uint[] _table;
    private readonly bool _hasZero;
    private readonly bool _unreadable;

    private SpelledNames(uint[] table, bool hasZero, bool unreadable) => (_table, _hasZero, _unreadable) = (table, hasZero, unreadable);

    public static SpelledNames Of(SyntaxTree tree, CancellationToken cancellationToken) =>
        Cache.TryGetValue(tree, out var names) ? names : Cache.GetValue(tree, t => Read(t, cancellationToken));

    /// <summary>The tree's spellings if some check has read them already (a lookup then beats any search of the text).</summary>
    public static SpelledNames? IfRead(SyntaxTree tree) => Cache.TryGetValue(tree, out var names) ? names : null;

    public bool MaySpell(string name) => _unreadable || Contains(IdentifierRuns.HashOf(name));

    public bool MaySpellAny(NameSet names)
    {
        if (_unreadable) return true;
        foreach (var hash in names.Hashes)
            if (Contains(hash)) return true;
        return false;
    }

    private bool Contains(ulong fullHash)
    {
        var hash = Fold(fullHash);
        if (hash == 0) return _hasZero;
        return _table.Length > 0 && _table[Probe(_table, hash)] == hash;
    }

    private static uint Fold(ulong hash) => (uint)(hash ^ (hash >> 32));

    /// <summary>Where <paramref name="hash"/> is in an open-addressing table, or the empty slot where it would go (the table is never full).</summary>
    private static int Probe(uint[] table, uint hash)
    {
        var mask = table.Length - 1;
        var i = (int)((hash * 0x9E3779B1u) >> 8) & mask;
        while (table[i] != hash && table[i] != 0) i = (i + 1) & mask;
        return i;
    }

    [MethodImpl((MethodImplOptions)512)] // AggressiveOptimization: not in netstandard2.0, honored by the runtime
    private static SpelledNames Read(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var text = tree.GetText(cancellationToken);
        var hashes = Scratch ??= new HashScratch();
        hashes.Clear(text.Length);
        var unreadable = false;
        var runs = new IdentifierRuns(text, cancellationToken);
        while (runs.MoveNext())
        {
            if (runs.Unreadable) unreadable = true;
            else hashes.Add(runs.Hash);
        }
        return unreadable ? new SpelledNames(Array.Empty<uint>(), hasZero: false, unreadable: true) : hashes.ToTable();
    }

    /// <summary>
    /// A set of hashes by open addressing: a file's runs repeat a few hundred names thousands of times, and this
    /// is the only work per run (a HashSet&lt;ulong&gt; took most of the time of reading every file).
    /// </summary>
    private sealed class HashScratch
    {
        private uint[] _slots = new uint[256];
        private int _count;
        private bool _hasZero;

        /// <summary>Empties the set, sized for a text of <paramref name="textLength"/> characters.</summary>
        public void Clear(int textLength)
        {
            var wanted = 256;
            while (wanted < textLength / 8) wanted <<= 1;
            if (_slots.Length < wanted || _slots.Length > wanted * 8) _slots = new uint[wanted];
            else Array.Clear(_slots, 0, _slots.Length);
            _count = 0;
            _hasZero = false;
        }

        public void Add(ulong fullHash) => Add(Fold(fullHash));

        [MethodImpl((MethodImplOptions)512)] // AggressiveOptimization, as the scan that calls it
        private void Add(uint hash)
        {
            if (hash == 0) { _hasZero = true; return; }  // 0 marks an empty slot
            var i = Probe(_slots, hash);
            if (_slots[i] == hash) return;
            _slots[i] = hash;
            if (++_count * 2 > _slots.Length) Grow();
        }

        /// <summary>The set, kept: a table just large enough (at most half full), so a tree's answer costs little memory.</summary>
        public SpelledNames ToTable()
        {
            var size = 1;
            while (size < _count * 2) size <<= 1;
            var table = new uint[_count == 0 ? 0 : size];
            foreach (var hash in _slots)
                if (hash != 0) table[Probe(table, hash)] = hash;
            return new SpelledNames(table, _hasZero, unreadable: false);
        }

        private void Grow()
        {
            var old = _slots;
            _slots = new uint[old.Length * 2];
            _count = 0;
            foreach (var slot in old)
                if (slot != 0) Add(slot);
        }
    }
}

/// <summary>A set of names as their distinct hashes, to ask <see cref="SpelledNames"/> about many names at once.</summary>
internal sealed class NameSet
{
    public NameSet(IEnumerable<string> names) => Hashes = names.Select(IdentifierRuns.HashOf).Distinct().ToArray();

    public ulong[] Hashes { get; }

    public bool IsEmpty => Hashes.Length == 0;
}
