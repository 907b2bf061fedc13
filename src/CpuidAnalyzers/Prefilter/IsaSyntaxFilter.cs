using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CpuidAnalyzers.Prefilter;

/// <summary>
/// The cheap check that keeps the analysis nearly free on code that never touches intrinsics: a
/// body is a candidate only if one of its identifiers is spelled like an ISA class (or an alias of
/// one), like a contract attribute, or like a member with an ISA contract. Files with <c>using static</c>
/// of an ISA class make all their bodies candidates, since <c>Add(x, y)</c> then names none. No
/// binding happens before a body passes.
/// </summary>
/// <remarks>
/// A file is first asked through its cached spellings (<see cref="SpelledNames"/>, read once per tree):
/// one that spells none of the names that count in it is settled there, and only the others are read
/// again (as plain characters, <see cref="IdentifierRuns"/>) for where the names are; a body is a
/// candidate when one of those positions lies in its span. The reading can only over-approximate the
/// tokens: a name in a comment or a string counts too, and so does whatever the plain reading cannot
/// vouch for (a <c>\u</c> escape, which may spell an identifier; a formatting character, which an
/// identifier's value drops).
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

    // Whether any file may hold a candidate: in a compilation that never mentions an ISA class, blocks
    // are settled without looking at them.
    private OnceAnswer _anyCandidateFile;

    private readonly NameSet _isaNameSet;
    private readonly Func<CancellationToken, ImmutableHashSet<string>> _contractNames;

    public IsaSyntaxFilter(Compilation compilation, ImmutableHashSet<string> isaClassNames, Func<CancellationToken, ImmutableHashSet<string>> contractNames) =>
        (_compilation, _isaNames, _isaNameSet, _contractNames) = (compilation, isaClassNames, new NameSet(isaClassNames), contractNames);

    // The rules ask about the same code block one after another: the last answer, per thread, saves
    // the lookups for all but the first. (It holds on to one node per thread, replaced at the next block.)
    [ThreadStatic]
    private static (IsaSyntaxFilter? Filter, SyntaxNode? Body, bool IsCandidate) s_last;

    public bool IsCandidate(SyntaxNode body, CancellationToken cancellationToken)
    {
        var last = s_last;
        if (ReferenceEquals(last.Body, body) && ReferenceEquals(last.Filter, this)) return last.IsCandidate;
        var result = IsCandidateCore(body, cancellationToken);
        s_last = (this, body, result);
        return result;
    }

    private bool IsCandidateCore(SyntaxNode body, CancellationToken cancellationToken)
    {
        var global = _global ??= ScanGlobalUsings(cancellationToken);
        if (global.AllBodies) return true;
        if (!AnyCandidateFile(global, cancellationToken)) return false;
        var tree = TreeFilterOf(body.SyntaxTree, global, cancellationToken);
        return tree.AllBodies || tree.MentionsWithin(body.FullSpan);
    }

    private bool AnyCandidateFile(GlobalUsings global, CancellationToken cancellationToken) =>
        _anyCandidateFile.TryGet(out var known) ? known
            : _anyCandidateFile.Set(_compilation.SyntaxTrees.Any(t => TreeFilterOf(t, global, cancellationToken) != TreeFilter.None));

    private TreeFilter TreeFilterOf(SyntaxTree syntaxTree, GlobalUsings global, CancellationToken cancellationToken) =>
        _trees.TryGetValue(syntaxTree, out var tree) ? tree : _trees.GetOrAdd(syntaxTree, CreateTreeFilter(syntaxTree, global, cancellationToken));

    /// <summary>All names, each marked with where it counts.</summary>
    private NameTable Names(GlobalUsings global, CancellationToken cancellationToken)
    {
        if (_names is { } names) return names;
        var contracts = _contractNames(cancellationToken).Union(IsaContracts.ContractAttributeSpellings);
        // Spelled like an ISA class but declared in this compilation: may name that declaration, in any file.
        // One walk of the declarations rules most compilations out; only then is each name asked about.
        var declared = _compilation.ContainsSymbolsWithName(_isaNames.Contains, SymbolFilter.TypeAndMember, cancellationToken)
            ? _isaNames.Where(name => _compilation.ContainsSymbolsWithName(name, SymbolFilter.TypeAndMember, cancellationToken)).ToImmutableHashSet()
            : ImmutableHashSet<string>.Empty;
        // Helpers that reach an ISA class or a contract (inference) count everywhere, like contracts.
        var countEverywhere = contracts.Union(declared);
        var everywhere = ReachingNames.Collect(_compilation, countEverywhere, _isaNames.Except(countEverywhere),
                spelled => SeesIsaClasses(spelled, global), cancellationToken)
            .Except(_isaNames)
            .Union(countEverywhere);
        var table = new NameTable();
        foreach (var name in _isaNames) table.Add(name, everywhere.Contains(name) ? NameKind.Everywhere : NameKind.IsaClass);
        foreach (var name in everywhere) table.Add(name, NameKind.Everywhere);
        table.Add(IntrinsicsNamespace, NameKind.IntrinsicsNamespace);
        table.Everywhere = new NameSet(everywhere);
        table.IsaClasses = new NameSet(_isaNames.Except(everywhere));
        return _names = table;
    }

    /// <summary>Whether ISA class names count in a file: it spells <c>Intrinsics</c>, or a global using names the namespace.</summary>
    private static bool SeesIsaClasses(SpelledNames spelled, GlobalUsings global) => global.IntrinsicsVisible || spelled.MaySpell(IntrinsicsNamespace);

    private TreeFilter CreateTreeFilter(SyntaxTree syntaxTree, GlobalUsings global, CancellationToken cancellationToken)
    {
        // Most files spell none of the names: the tree's cached spellings settle them without reading it again.
        var spelled = SpelledNames.Of(syntaxTree, cancellationToken);
        var names = Names(global, cancellationToken);
        // ISA class names count only where the classes can be seen: one lookup spares the many names elsewhere.
        var isaSpelled = SeesIsaClasses(spelled, global) && spelled.MaySpellAny(_isaNameSet);
        if (!isaSpelled && global.Aliases.IsEmpty && !spelled.MaySpellAny(names.Everywhere))
            return TreeFilter.None;

        // A using of an ISA class spells its name (and Intrinsics, or a global using names the namespace).
        var usings = isaSpelled ? ScanUsings(syntaxTree.GetRoot(cancellationToken), globalOnly: false) : UsingFilter.None;
        if (usings.AllBodies) return TreeFilter.All;

        var aliases = usings.Aliases.Union(global.Aliases);
        NameTable? aliasTable = null;
        if (!aliases.IsEmpty)
        {
            aliasTable = new NameTable();
            foreach (var alias in aliases) aliasTable.Add(alias, NameKind.Everywhere);
        }
        return FindMentions(syntaxTree.GetText(cancellationToken), names, aliasTable, global.IntrinsicsVisible, cancellationToken);
    }

    /// <summary>
    /// The start of every run of identifier characters spelled like a name that counts in this
    /// text, in text order, and of every spot the plain reading cannot vouch for.
    /// </summary>
    private static TreeFilter FindMentions(SourceText text, NameTable names, NameTable? aliases, bool intrinsicsVisible, CancellationToken cancellationToken)
    {
        List<int>? everywhere = null;
        List<int>? isaClasses = null;
        var runs = new IdentifierRuns(text, cancellationToken);
        while (runs.MoveNext())
        {
            var kind = runs.Unreadable
                ? NameKind.Everywhere | NameKind.IntrinsicsNamespace
                : names.Find(runs.Hash, text, runs.Start, runs.Length) | (aliases?.Find(runs.Hash, text, runs.Start, runs.Length) ?? NameKind.None);
            if ((kind & NameKind.Everywhere) != 0) (everywhere ??= new List<int>()).Add(runs.Start);
            else if ((kind & NameKind.IsaClass) != 0) (isaClasses ??= new List<int>()).Add(runs.Start);
            if ((kind & NameKind.IntrinsicsNamespace) != 0) intrinsicsVisible = true;
        }

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

    private GlobalUsings ScanGlobalUsings(CancellationToken cancellationToken)
    {
        var allBodies = false;
        var intrinsicsVisible = false;
        var aliases = ImmutableHashSet<string>.Empty;
        foreach (var syntaxTree in _compilation.SyntaxTrees)
        {
            // A global using spells `global`; no other tree is looked into.
            if (!SpelledNames.Of(syntaxTree, cancellationToken).MaySpell("global")) continue;
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
        private readonly Dictionary<ulong, List<(string Name, NameKind Kind)>> _byHash = new();

        /// <summary>The names that count in every file (set by <see cref="Names"/>).</summary>
        public NameSet Everywhere { get; set; } = new(Array.Empty<string>());

        /// <summary>The ISA class names that count only where the ISA classes are visible.</summary>
        public NameSet IsaClasses { get; set; } = new(Array.Empty<string>());

        public void Add(string name, NameKind kind)
        {
            var hash = IdentifierRuns.HashOf(name);
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
