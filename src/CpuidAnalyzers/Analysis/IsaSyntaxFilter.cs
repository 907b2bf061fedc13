using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CpuidAnalyzers.Analysis;

/// <summary>
/// The cheap check that keeps the analysis nearly free on code that never touches intrinsics: a
/// body is a candidate only if one of its identifiers is spelled like an ISA class (or an alias of
/// one), like a contract attribute, or like a member with an ISA contract. Files with <c>using static</c>
/// of an ISA class make all their bodies candidates, since <c>Add(x, y)</c> then names none. No
/// binding happens before a body passes.
/// </summary>
/// <remarks>
/// Each tree's text is read once, as plain characters (no syntax node is created, nothing is allocated
/// per identifier), for the positions of the runs of identifier characters spelled like one of the
/// names; a body is a candidate when one of those positions lies in its span. The reading can only
/// over-approximate the tokens: a name in a comment or a string counts too, and so does whatever the
/// plain reading cannot vouch for (a <c>\u</c> escape, which may spell an identifier; a formatting
/// character, which an identifier's value drops).
/// An ISA class name only counts in a file that can see the ISA classes: one that spells <c>Intrinsics</c>
/// somewhere (a using, a qualified name, an alias, its own namespace), or any file when a global using
/// names that namespace. So <c>Architecture.X64</c>, <c>System.Security.Cryptography.Aes</c> or
/// <c>System.IO.Hashing.Crc32</c> in a file that never mentions intrinsics make no body a candidate. The
/// names of members with contracts or reaching an ISA class, the contract attributes, aliases of ISA
/// classes, and ISA class names that this compilation also declares count everywhere.
/// </remarks>
internal sealed class IsaSyntaxFilter
{
    private const string IntrinsicsNamespace = "Intrinsics";

    private readonly ImmutableHashSet<string> _isaNames;
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<SyntaxTree, TreeFilter> _trees = new();
    private GlobalUsings? _global;
    private NameTable? _names;

    public IsaSyntaxFilter(Compilation compilation, ImmutableHashSet<string> isaClassNames) =>
        (_compilation, _isaNames) = (compilation, isaClassNames);

    public bool IsCandidate(SyntaxNode body, CancellationToken cancellationToken)
    {
        var global = _global ??= ScanGlobalUsings(cancellationToken);
        if (global.AllBodies) return true;

        var syntaxTree = body.SyntaxTree;
        if (!_trees.TryGetValue(syntaxTree, out var tree))
            tree = _trees.GetOrAdd(syntaxTree, CreateTreeFilter(syntaxTree, global, cancellationToken));
        return tree.AllBodies || tree.MentionsWithin(body.FullSpan);
    }

    /// <summary>All names, each marked with where it counts.</summary>
    private NameTable Names(CancellationToken cancellationToken)
    {
        if (_names is { } names) return names;
        var contracts = ContractNames.Collect(_compilation, cancellationToken)
            .Union(new[] { "RequiresIsa", "RequiresAnyIsa", "CompExactlyDependsOn" });
        // Helpers that reach an ISA class or a contract (inference) count everywhere, like contracts.
        var everywhere = ReachingNames.Collect(_compilation, _isaNames.Union(contracts), cancellationToken)
            .Except(_isaNames)
            .Union(contracts);
        var table = new NameTable();
        foreach (var name in _isaNames)
        {
            // Spelled like an ISA class but declared in this compilation (or a contract member): may be that, anywhere.
            var alsoDeclared = everywhere.Contains(name) || _compilation.ContainsSymbolsWithName(name, SymbolFilter.TypeAndMember, cancellationToken);
            table.Add(name, alsoDeclared ? NameKind.Everywhere : NameKind.IsaClass);
        }
        foreach (var name in everywhere) table.Add(name, NameKind.Everywhere);
        table.Add(IntrinsicsNamespace, NameKind.IntrinsicsNamespace);
        return _names = table;
    }

    private TreeFilter CreateTreeFilter(SyntaxTree syntaxTree, GlobalUsings global, CancellationToken cancellationToken)
    {
        var usings = ScanUsings(syntaxTree.GetRoot(cancellationToken), globalOnly: false);
        if (usings.AllBodies) return TreeFilter.All;

        var aliases = usings.Aliases.Union(global.Aliases);
        NameTable? aliasTable = null;
        if (!aliases.IsEmpty)
        {
            aliasTable = new NameTable();
            foreach (var alias in aliases) aliasTable.Add(alias, NameKind.Everywhere);
        }
        return FindMentions(syntaxTree.GetText(cancellationToken), Names(cancellationToken), aliasTable, global.IntrinsicsVisible, cancellationToken);
    }

    /// <summary>
    /// The start of every maximal run of identifier characters spelled like a name that counts in this
    /// text, in text order, and of every spot the plain reading cannot vouch for.
    /// </summary>
    private static TreeFilter FindMentions(SourceText text, NameTable names, NameTable? aliases, bool intrinsicsVisible, CancellationToken cancellationToken)
    {
        const int ChunkSize = 4096;
        var buffer = new char[ChunkSize];
        List<int>? everywhere = null;
        List<int>? isaClasses = null;
        var runStart = -1;
        var hash = NameTable.Seed;
        var unreadableRun = false;
        var length = text.Length;

        void EndRun(int end)
        {
            if (runStart < 0) return;
            var kind = unreadableRun
                ? NameKind.Everywhere | NameKind.IntrinsicsNamespace
                : names.Find(hash, text, runStart, end - runStart) | (aliases?.Find(hash, text, runStart, end - runStart) ?? NameKind.None);
            if ((kind & NameKind.Everywhere) != 0) (everywhere ??= new List<int>()).Add(runStart);
            else if ((kind & NameKind.IsaClass) != 0) (isaClasses ??= new List<int>()).Add(runStart);
            if ((kind & NameKind.IntrinsicsNamespace) != 0) intrinsicsVisible = true;
            runStart = -1;
        }

        for (var chunkStart = 0; chunkStart < length; chunkStart += ChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(ChunkSize, length - chunkStart);
            text.CopyTo(chunkStart, buffer, 0, count);
            for (var i = 0; i < count; i++)
            {
                var ch = buffer[i];
                var position = chunkStart + i;
                bool part, unreadable = false;
                if (ch < 0x80)
                {
                    part = (uint)((ch | 0x20) - 'a') <= 'z' - 'a' || (uint)(ch - '0') <= 9 || ch == '_';
                    if (ch == '\\' && IsUnicodeEscape(text, position))
                    {
                        // \uXXXX or \UXXXXXXXX may spell (part of) an identifier, even Intrinsics: it counts, whatever it spells.
                        EndRun(position);
                        (everywhere ??= new List<int>()).Add(position);
                        intrinsicsVisible = true;
                        continue;
                    }
                }
                else
                {
                    var category = CharUnicodeInfo.GetUnicodeCategory(ch);
                    // A formatting character is dropped from an identifier's value, and a surrogate pair is
                    // not decoded here: a run with either counts, whatever it spells.
                    unreadable = category == UnicodeCategory.Format || char.IsSurrogate(ch);
                    part = unreadable || category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
                        or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                        or UnicodeCategory.LetterNumber or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation
                        or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
                }

                if (!part)
                {
                    EndRun(position);
                    continue;
                }
                if (runStart < 0)
                {
                    runStart = position;
                    hash = NameTable.Seed;
                    unreadableRun = false;
                }
                unreadableRun |= unreadable;
                hash = NameTable.Step(hash, ch);
            }
        }
        EndRun(length);

        var mentions = intrinsicsVisible ? Merge(everywhere, isaClasses) : everywhere?.ToArray() ?? Array.Empty<int>();
        return mentions.Length == 0 ? TreeFilter.None : new TreeFilter(false, mentions);
    }

    private static int[] Merge(List<int>? left, List<int>? right)
    {
        if (left is null) return right?.ToArray() ?? Array.Empty<int>();
        if (right is null) return left.ToArray();
        var result = new int[left.Count + right.Count];
        int i = 0, j = 0, k = 0;
        while (i < left.Count && j < right.Count) result[k++] = left[i] <= right[j] ? left[i++] : right[j++];
        while (i < left.Count) result[k++] = left[i++];
        while (j < right.Count) result[k++] = right[j++];
        return result;
    }

    /// <summary>A backslash that starts <c>\uXXXX</c> or <c>\UXXXXXXXX</c> (in an identifier, or in a string).</summary>
    private static bool IsUnicodeEscape(SourceText text, int position)
    {
        if (position + 1 >= text.Length || text[position + 1] is not ('u' or 'U')) return false;
        var digits = text[position + 1] == 'u' ? 4 : 8;
        if (position + 1 + digits >= text.Length) return false;
        for (var i = 0; i < digits; i++)
            if (!Uri.IsHexDigit(text[position + 2 + i])) return false;
        return true;
    }

    private GlobalUsings ScanGlobalUsings(CancellationToken cancellationToken)
    {
        var allBodies = false;
        var intrinsicsVisible = false;
        var aliases = ImmutableHashSet<string>.Empty;
        foreach (var syntaxTree in _compilation.SyntaxTrees)
        {
            if (syntaxTree.GetRoot(cancellationToken) is not CompilationUnitSyntax root) continue;
            foreach (var directive in root.Usings)
            {
                if (!directive.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) || directive.Name is not { } name) continue;
                intrinsicsVisible |= name.DescendantTokens().Any(t => t.ValueText == IntrinsicsNamespace);
            }
            var usings = ScanUsings(root, globalOnly: true);
            allBodies |= usings.AllBodies;
            aliases = aliases.Union(usings.Aliases);
        }
        return new GlobalUsings(allBodies, aliases, intrinsicsVisible);
    }

    private UsingFilter ScanUsings(SyntaxNode root, bool globalOnly)
    {
        var result = UsingFilter.None;
        var usings = globalOnly
            ? (root as CompilationUnitSyntax)?.Usings.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword)) ?? Enumerable.Empty<UsingDirectiveSyntax>()
            : root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>();
        foreach (var directive in usings)
        {
            if (directive.Name is not { } name || !_isaNames.Contains(SyntaxNames.Rightmost(name))) continue;
            if (directive.StaticKeyword.IsKind(SyntaxKind.StaticKeyword)) result = result.Union(UsingFilter.All);
            else if (directive.Alias is { } alias) result = result.Union(new UsingFilter(false, ImmutableHashSet.Create(alias.Name.Identifier.ValueText)));
        }
        return result;
    }


    [Flags]
    private enum NameKind
    {
        None = 0,

        /// <summary>An ISA class: counts where the ISA classes can be seen.</summary>
        IsaClass = 1,

        /// <summary>A contract member or attribute, an alias: counts in every file.</summary>
        Everywhere = 2,

        /// <summary><c>Intrinsics</c>: the file can see the ISA classes.</summary>
        IntrinsicsNamespace = 4,
    }

    /// <summary>Names by a 64-bit FNV-1a hash of their characters, confirmed character by character.</summary>
    private sealed class NameTable
    {
        public const ulong Seed = 14695981039346656037UL;

        private readonly Dictionary<ulong, List<(string Name, NameKind Kind)>> _byHash = new();

        public static ulong Step(ulong hash, char ch) => (hash ^ ch) * 1099511628211UL;

        public void Add(string name, NameKind kind)
        {
            var hash = Seed;
            foreach (var ch in name) hash = Step(hash, ch);
            if (!_byHash.TryGetValue(hash, out var entries)) _byHash[hash] = entries = new List<(string, NameKind)>();
            var index = entries.FindIndex(e => e.Name == name);
            if (index < 0) entries.Add((name, kind));
            else entries[index] = (name, entries[index].Kind | kind);
        }

        public NameKind Find(ulong hash, SourceText text, int start, int length)
        {
            if (!_byHash.TryGetValue(hash, out var entries)) return NameKind.None;
            foreach (var (name, kind) in entries)
            {
                if (name.Length != length) continue;
                var same = true;
                for (var i = 0; i < length && same; i++) same = text[start + i] == name[i];
                if (same) return kind;
            }
            return NameKind.None;
        }
    }

    private sealed class GlobalUsings
    {
        public GlobalUsings(bool allBodies, ImmutableHashSet<string> aliases, bool intrinsicsVisible) =>
            (AllBodies, Aliases, IntrinsicsVisible) = (allBodies, aliases, intrinsicsVisible);

        public bool AllBodies { get; }

        public ImmutableHashSet<string> Aliases { get; }

        /// <summary>A global using names the Intrinsics namespaces: every file can see the ISA classes.</summary>
        public bool IntrinsicsVisible { get; }
    }

    /// <summary>What a file's usings (or the global ones) say: all bodies are candidates, or these aliases name ISA classes.</summary>
    private sealed class UsingFilter
    {
        public static readonly UsingFilter None = new(false, ImmutableHashSet<string>.Empty);
        public static readonly UsingFilter All = new(true, ImmutableHashSet<string>.Empty);

        public UsingFilter(bool allBodies, ImmutableHashSet<string> aliases) => (AllBodies, Aliases) = (allBodies, aliases);

        public bool AllBodies { get; }

        public ImmutableHashSet<string> Aliases { get; }

        public UsingFilter Union(UsingFilter other) =>
            new(AllBodies || other.AllBodies, Aliases.Union(other.Aliases));
    }

    /// <summary>One file: all its bodies are candidates, or those whose span holds a mention.</summary>
    private sealed class TreeFilter
    {
        public static readonly TreeFilter None = new(false, Array.Empty<int>());
        public static readonly TreeFilter All = new(true, Array.Empty<int>());

        private readonly int[] _mentions;

        public TreeFilter(bool allBodies, int[] mentions) => (AllBodies, _mentions) = (allBodies, mentions);

        public bool AllBodies { get; }

        /// <summary>Whether a mention starts inside <paramref name="span"/>.</summary>
        public bool MentionsWithin(TextSpan span)
        {
            int low = 0, high = _mentions.Length;
            while (low < high)
            {
                var mid = (low + high) >> 1;
                if (_mentions[mid] < span.Start) low = mid + 1;
                else high = mid;
            }
            return low < _mentions.Length && _mentions[low] < span.End;
        }
    }
}
