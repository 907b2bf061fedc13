using System;
using System.Collections.Generic;

namespace CpuidAnalyzers.Isa;

/// <summary>
/// An immutable set of atom indices (ISA classes first, then per-body variables), as a bit set.
/// Sets of different word lengths compare as if padded with zeros, so a body may add variable
/// atoms without resizing the compilation-wide implication tables.
/// </summary>
internal readonly struct AtomSet : IEquatable<AtomSet>
{
    private readonly ulong[]? _words;

    private AtomSet(ulong[]? words) => _words = words;

    public static AtomSet Empty => default;

    public static AtomSet Of(int atom) => Empty.With(atom);

    public bool IsEmpty
    {
        get
        {
            if (_words is null) return true;
            foreach (var w in _words)
                if (w != 0) return false;
            return true;
        }
    }

    private ulong Word(int i) => _words is not null && i < _words.Length ? _words[i] : 0UL;

    private int Length => _words?.Length ?? 0;

    public bool Contains(int atom) => (Word(atom >> 6) & (1UL << (atom & 63))) != 0;

    public AtomSet With(int atom)
    {
        if (Contains(atom)) return this;
        var words = Copy(Math.Max(Length, (atom >> 6) + 1));
        words[atom >> 6] |= 1UL << (atom & 63);
        return new AtomSet(words);
    }

    public AtomSet Union(AtomSet other) => Combine(other, static (a, b) => a | b);

    public AtomSet Intersect(AtomSet other) => Combine(other, static (a, b) => a & b);

    public AtomSet Except(AtomSet other) => Combine(other, static (a, b) => a & ~b);

    public bool Overlaps(AtomSet other)
    {
        var n = Math.Min(Length, other.Length);
        for (var i = 0; i < n; i++)
            if ((_words![i] & other._words![i]) != 0) return true;
        return false;
    }

    public bool IsSubsetOf(AtomSet other)
    {
        for (var i = 0; i < Length; i++)
            if ((_words![i] & ~other.Word(i)) != 0) return false;
        return true;
    }

    public IEnumerable<int> Atoms
    {
        get
        {
            for (var i = 0; i < Length; i++)
            {
                var w = _words![i];
                while (w != 0)
                {
                    var bit = TrailingZeroCount(w);
                    yield return i * 64 + bit;
                    w &= w - 1;
                }
            }
        }
    }

    public bool Equals(AtomSet other)
    {
        var n = Math.Max(Length, other.Length);
        for (var i = 0; i < n; i++)
            if (Word(i) != other.Word(i)) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is AtomSet other && Equals(other);

    public override int GetHashCode()
    {
        ulong h = 0;
        for (var i = 0; i < Length; i++) h = (h * 31) ^ _words![i];
        return h.GetHashCode();
    }

    private ulong[] Copy(int length)
    {
        var words = new ulong[length];
        if (_words is not null) Array.Copy(_words, words, Math.Min(_words.Length, length));
        return words;
    }

    private AtomSet Combine(AtomSet other, Func<ulong, ulong, ulong> op)
    {
        // Trailing zero words are dropped: a body's variable atoms are numbered up to its size, and a set
        // that once held a late one must not stay that long (every later copy would be).
        var n = Math.Max(Length, other.Length);
        while (n > 0 && op(Word(n - 1), other.Word(n - 1)) == 0) n--;
        if (n == 0) return Empty;
        var words = new ulong[n];
        for (var i = 0; i < n; i++) words[i] = op(Word(i), other.Word(i));
        return new AtomSet(words);
    }

    // netstandard2.0 has no BitOperations.
    private static int TrailingZeroCount(ulong w)
    {
        var n = 0;
        while ((w & 1) == 0) { w >>= 1; n++; }
        return n;
    }
}
