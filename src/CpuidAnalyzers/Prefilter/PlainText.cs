using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.Prefilter;

/// <summary>
/// The cheapest pre-check: whether a file's text contains a word at all, by the runtime's vectorized
/// <see cref="string.IndexOf(string, StringComparison)"/>, about fifteen times faster than reading every identifier
/// (<see cref="SpelledNames"/>). It answers only for a plain file, one with no <c>\u</c> escape and no character
/// outside ASCII (either may spell an identifier the text does not contain as such); for any other file it asks
/// <see cref="SpelledNames"/>. A word in a comment counts, so the answer is a "may".
/// </summary>
internal static class PlainText
{
    private static readonly ConditionalWeakTable<SyntaxTree, StrongBox<bool>> Plain = new();

    /// <summary>Whether some file writes <paramref name="word"/> as such, else whether one may spell it otherwise: most answers take the first, cheapest pass.</summary>
    public static bool AnyMayContain(Compilation compilation, string word, CancellationToken cancellationToken) =>
        compilation.SyntaxTrees.Any(tree => Writes(tree, word, cancellationToken))
        || compilation.SyntaxTrees.Any(tree => MayContain(tree, word, cancellationToken));

    /// <summary>Whether the text holds <paramref name="word"/> as such (a true answer is final, a false one only for a plain file).</summary>
    public static bool Writes(SyntaxTree tree, string word, CancellationToken cancellationToken) =>
        tree.GetText(cancellationToken).ToString().IndexOf(word, StringComparison.Ordinal) >= 0;

    public static bool MayContain(SyntaxTree tree, string word, CancellationToken cancellationToken)
    {
        if (SpelledNames.IfRead(tree) is { } spelled) return spelled.MaySpell(word);
        if (Writes(tree, word, cancellationToken)) return true;
        // Not written as such: then not spelled at all, unless an escape or a formatting character may spell it.
        return !IsPlain(tree, cancellationToken) && SpelledNames.Of(tree, cancellationToken).MaySpell(word);
    }

    private static bool IsPlain(SyntaxTree tree, CancellationToken cancellationToken) => Plain.GetValue(tree, t =>
    {
        var text = t.GetText(cancellationToken).ToString();
        // All ASCII: UTF-8 takes one byte per character exactly then (the runtime counts them vectorized).
        return new StrongBox<bool>(Encoding.UTF8.GetByteCount(text) == text.Length
            && text.IndexOf("\\u", StringComparison.Ordinal) < 0 && text.IndexOf("\\U", StringComparison.Ordinal) < 0);
    }).Value;
}
