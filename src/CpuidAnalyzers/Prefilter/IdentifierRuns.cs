using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis.Text;

namespace CpuidAnalyzers.Prefilter;

/// <summary>
/// Reads a text as plain characters for its maximal runs of identifier characters, each with a hash of
/// its characters. No syntax node is created and nothing is allocated per run: the cheap pre-checks
/// (<see cref="SpelledNames"/>, <see cref="IsaSyntaxFilter"/>) all read text this one way.
/// </summary>
/// <remarks>
/// A run can only over-approximate the tokens: a name in a comment or a string is a run too. What the
/// plain reading cannot vouch for is reported as <see cref="Unreadable"/>: a <c>\u</c> escape, which may
/// spell (part of) an identifier, even <c>Intrinsics</c>, and a run with a formatting character (dropped
/// from an identifier's value) or a surrogate (not decoded here).
/// </remarks>
internal struct IdentifierRuns
{
    public const ulong Seed = 14695981039346656037UL;

    private const int CancellationCheckInterval = 1 << 16;

    // A parsed file's SourceText is usually a string already: ToString() then returns it without a copy.
    private readonly string _text;
    private readonly CancellationToken _cancellationToken;
    private int _index;
    private int _nextCancellationCheck;

    public IdentifierRuns(SourceText text, CancellationToken cancellationToken)
    {
        _text = text.ToString();
        _cancellationToken = cancellationToken;
        _index = 0;
        _nextCancellationCheck = 0;
        Start = Length = 0;
        Hash = Seed;
        Unreadable = false;
    }

    /// <summary>Where the current run starts.</summary>
    public int Start { get; private set; }

    public int Length { get; private set; }

    /// <summary>64-bit FNV-1a of the run's characters; equal to <see cref="HashOf"/> of the same spelling.</summary>
    public ulong Hash { get; private set; }

    /// <summary>The run (or, with length 0, the escape at <see cref="Start"/>) may spell anything.</summary>
    public bool Unreadable { get; private set; }

    public static ulong HashOf(string name)
    {
        var hash = Seed;
        foreach (var ch in name) hash = Step(hash, ch);
        return hash;
    }

    private static ulong Step(ulong hash, char ch) => (hash ^ ch) * 1099511628211UL;

    /// <summary>Moves to the next run; false at the end of the text.</summary>
    /// <remarks>Optimized from its first call: it runs over every character of every file once, often before tiered JIT has caught up.</remarks>
    [MethodImpl((MethodImplOptions)512)] // AggressiveOptimization: not in netstandard2.0, honored by the runtime
    public bool MoveNext()
    {
        var text = _text;
        var index = _index;
        if (index >= _nextCancellationCheck)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            _nextCancellationCheck = index + CancellationCheckInterval;
        }

        // Skip to the start of a run.
        while (true)
        {
            if (index >= text.Length)
            {
                _index = index;
                return false;
            }
            var ch = text[index];
            if (ch < 0x80)
            {
                if (IsAsciiIdentifierPart(ch)) break;
                if (ch == '\\' && IsUnicodeEscape(index))
                {
                    _index = index + 1;
                    return Set(index, 0, Seed, true);
                }
                index++;
                continue;
            }
            if (IsOtherIdentifierPart(ch, out _)) break;
            index++;
        }

        var start = index;
        var hash = Seed;
        var unreadable = false;
        for (; index < text.Length; index++)
        {
            var ch = text[index];
            if (ch < 0x80)
            {
                if (!IsAsciiIdentifierPart(ch)) break;
            }
            else if (IsOtherIdentifierPart(ch, out var odd))
            {
                unreadable |= odd;
            }
            else
            {
                break;
            }
            hash = Step(hash, ch);
        }
        _index = index;
        return Set(start, index - start, hash, unreadable);
    }

    private static bool IsAsciiIdentifierPart(char ch) =>
        (uint)((ch | 0x20) - 'a') <= 'z' - 'a' || (uint)(ch - '0') <= 9 || ch == '_';

    /// <param name="unreadable">A formatting character (dropped from an identifier's value) or a surrogate (not decoded here).</param>
    private static bool IsOtherIdentifierPart(char ch, out bool unreadable)
    {
        var category = CharUnicodeInfo.GetUnicodeCategory(ch);
        unreadable = category == UnicodeCategory.Format || char.IsSurrogate(ch);
        return unreadable || category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.LetterNumber or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    private bool Set(int start, int length, ulong hash, bool unreadable)
    {
        (Start, Length, Hash, Unreadable) = (start, length, hash, unreadable);
        return true;
    }

    /// <summary>A backslash that starts <c>\uXXXX</c> or <c>\UXXXXXXXX</c> (in an identifier, or in a string).</summary>
    private bool IsUnicodeEscape(int position)
    {
        var text = _text;
        if (position + 1 >= text.Length || text[position + 1] is not ('u' or 'U')) return false;
        var digits = text[position + 1] == 'u' ? 4 : 8;
        if (position + 1 + digits >= text.Length) return false;
        for (var i = 0; i < digits; i++)
            if (!Uri.IsHexDigit(text[position + 2 + i])) return false;
        return true;
    }

    /// <summary>Whether the current run is spelled exactly <paramref name="name"/>.</summary>
    public bool Is(string name)
    {
        if (Length != name.Length || Unreadable) return false;
        for (var i = 0; i < name.Length; i++)
            if (_text[Start + i] != name[i]) return false;
        return true;
    }
}
