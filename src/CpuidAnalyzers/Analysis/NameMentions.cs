using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CpuidAnalyzers.Analysis;

/// <summary>
/// The cheap pre-check of the vector rules (CPUID013 looks for <c>Vector</c>, CPUID014 for <c>Vector512</c>):
/// each file's text is read once, as characters, for the starts of the maximal runs of identifier
/// characters spelled exactly like the name; a code block is a candidate when one lies in its span.
/// No syntax node is created and nothing is bound for a file that never spells the name. Like the
/// ISA filter (<see cref="IsaSyntaxFilter"/>) it may over-approximate (a comment counts) but never misses
/// a plain spelling; a <c>\u</c> escape inside a run counts as a mention.
/// </summary>
internal sealed class NameMentions
{
    private const int ChunkSize = 4096;

    private readonly string _name;
    private readonly ConcurrentDictionary<SyntaxTree, int[]> _trees = new();

    public NameMentions(string name) => _name = name;

    public bool Within(SyntaxNode node, CancellationToken cancellationToken)
    {
        var tree = node.SyntaxTree;
        if (!_trees.TryGetValue(tree, out var positions))
            positions = _trees.GetOrAdd(tree, Find(tree.GetText(cancellationToken), cancellationToken));
        if (positions.Length == 0) return false;
        var span = node.FullSpan;
        var index = Array.BinarySearch(positions, span.Start);
        if (index < 0) index = ~index;
        return index < positions.Length && positions[index] < span.End;
    }

    private int[] Find(SourceText text, CancellationToken cancellationToken)
    {
        // Most files never spell the name: one ordinal search (vectorized; a parsed file's text is
        // usually one string already) settles them before the character-by-character reading.
        var whole = text.ToString();
        if (whole.IndexOf(_name, StringComparison.Ordinal) < 0 && whole.IndexOf("\\u", StringComparison.Ordinal) < 0)
            return Array.Empty<int>();

        var found = new List<int>();
        var buffer = new char[ChunkSize];
        var runStart = -1;
        var matches = true;   // the run so far equals the name's prefix
        var escaped = false;  // the run contains a \u escape
        var length = text.Length;

        void EndRun(int end)
        {
            if (runStart >= 0 && (escaped || (matches && end - runStart == _name.Length))) found.Add(runStart);
            runStart = -1;
        }

        for (var chunkStart = 0; chunkStart < length; chunkStart += ChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(ChunkSize, length - chunkStart);
            text.CopyTo(chunkStart, buffer, 0, count);
            for (var i = 0; i < count; i++)
            {
                var c = buffer[i];
                var position = chunkStart + i;
                if (char.IsLetterOrDigit(c) || c == '_' || c == '\\')
                {
                    if (runStart < 0) (runStart, matches, escaped) = (position, true, false);
                    var offset = position - runStart;
                    if (c == '\\') escaped = true;
                    else if (matches && (offset >= _name.Length || _name[offset] != c)) matches = false;
                }
                else
                {
                    EndRun(position);
                }
            }
        }
        EndRun(length);
        return found.ToArray();
    }
}
