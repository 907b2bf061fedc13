using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CpuidAnalyzers.Prefilter;

/// <summary>
/// For inference, the syntax filter must also let through a body that calls a helper that (perhaps
/// through other helpers) uses an ISA class. From the seed names (ISA classes, contracts), this adds
/// the names of every member whose declaration mentions a reached name, transitively, and of its type
/// (for <c>new T</c>); only members inference can apply to spread (not public or protected in a public
/// type, not virtual), and fields (a field of a followed class names what its uses reach: an indexer)
/// and type headers (a class below a followed class is followed too).
/// </summary>
/// <remarks>
/// Cheap by construction, since it runs for every new compilation (every edit in the IDE): each round
/// looks only into the files whose cached spellings (<see cref="SpelledNames"/>) hold a name reached in
/// the round before, reads their text for where, and maps each spot to the member around it (the
/// declarations of a file, not their bodies, are listed once per tree). A file that spells no ISA class
/// and no contract is never read again, and an ISA class name counts only in a file that can see the
/// ISA classes (as in <see cref="IsaSyntaxFilter"/>).
/// </remarks>
internal static class ReachingNames
{
    private static readonly ConditionalWeakTable<SyntaxTree, MemberSpans> Members = new();

    /// <param name="seeds">Names that count in every file (contracts, names this compilation declares).</param>
    /// <param name="isaClassSeeds">ISA class names: they count only in a file that <paramref name="seesIsaClasses"/>.</param>
    public static ImmutableHashSet<string> Collect(Compilation compilation, ImmutableHashSet<string> seeds, ImmutableHashSet<string> isaClassSeeds,
        Func<SpelledNames, bool> seesIsaClasses, CancellationToken cancellationToken)
    {
        var reached = new HashSet<string>(seeds.Union(isaClassSeeds));
        var trees = compilation.SyntaxTrees.ToList();
        // A file is read once, the first round that looks into it; later rounds ask its mentions by name, so a
        // chain of helpers reached one per round costs one reading of the file, not one per round.
        var mentions = new Dictionary<SyntaxTree, FileMentions>();
        var round = new Round(seeds, isaClassSeeds);
        while (!round.IsEmpty)
        {
            var next = new List<string>();
            void Reach(string[] names)
            {
                foreach (var name in names)
                    if (reached.Add(name)) next.Add(name);
            }
            foreach (var tree in trees)
            {
                if (round.HashesIn(SpelledNames.Of(tree, cancellationToken), seesIsaClasses) is not { } hashes) continue;
                if (!mentions.TryGetValue(tree, out var file))
                {
                    mentions[tree] = file = new FileMentions(tree, Members.GetValue(tree, t => MemberSpans.Of(t, cancellationToken)), cancellationToken);
                    // What the plain reading cannot vouch for may spell any name: it counts once, in the first round.
                    foreach (var names in file.Unreadable) Reach(names);
                }
                foreach (var hash in hashes)
                    if (file.ByHash.TryGetValue(hash, out var around))
                        foreach (var names in around) Reach(names);
            }
            round = new Round(next, Array.Empty<string>());
        }
        return reached.ToImmutableHashSet();
    }

    /// <summary>For each identifier hash of a file, the names declared by the members around its spots.</summary>
    private sealed class FileMentions
    {
        public FileMentions(SyntaxTree tree, MemberSpans members, CancellationToken cancellationToken)
        {
            if (members.IsEmpty) return;
            var runs = new IdentifierRuns(tree.GetText(cancellationToken), cancellationToken);
            while (runs.MoveNext())
            {
                var names = members.DeclaredAround(runs.Start);
                if (names.Length == 0) continue;
                if (runs.Unreadable)
                {
                    Unreadable.Add(names);
                    continue;
                }
                if (!ByHash.TryGetValue(runs.Hash, out var list)) ByHash[runs.Hash] = list = new List<string[]>();
                list.Add(names);
            }
        }

        public Dictionary<ulong, List<string[]>> ByHash { get; } = new();

        public List<string[]> Unreadable { get; } = new();
    }

    /// <summary>The names one round looks for: those that count in every file, and ISA class names.</summary>
    private sealed class Round
    {
        private readonly NameSet _everywhere;
        private readonly NameSet _isaClasses;
        private readonly HashSet<ulong> _everywhereHashes;
        private readonly HashSet<ulong> _allHashes;

        public Round(IEnumerable<string> everywhere, IEnumerable<string> isaClasses)
        {
            (_everywhere, _isaClasses) = (new NameSet(everywhere), new NameSet(isaClasses));
            _everywhereHashes = new HashSet<ulong>(_everywhere.Hashes);
            _allHashes = _isaClasses.IsEmpty ? _everywhereHashes : new HashSet<ulong>(_everywhere.Hashes.Concat(_isaClasses.Hashes));
        }

        public bool IsEmpty => _everywhere.IsEmpty && _isaClasses.IsEmpty;

        /// <summary>The hashes that count in a file, or null when it spells none of them.</summary>
        public HashSet<ulong>? HashesIn(SpelledNames spelled, Func<SpelledNames, bool> seesIsaClasses)
        {
            // Whether the file can see ISA classes is one lookup; their names are many.
            var isaClassesCount = !_isaClasses.IsEmpty && seesIsaClasses(spelled);
            if (isaClassesCount && spelled.MaySpellAny(_isaClasses)) return _allHashes;
            return spelled.MaySpellAny(_everywhere) ? (isaClassesCount ? _allHashes : _everywhereHashes) : null;
        }
    }

    /// <summary>The spans of a file's member declarations and type headers that can spread a name, with the names they declare.</summary>
    private sealed class MemberSpans
    {
        private readonly int[] _starts;
        private readonly int[] _ends;
        private readonly string[][] _names;

        private MemberSpans(int[] starts, int[] ends, string[][] names) => (_starts, _ends, _names) = (starts, ends, names);

        public bool IsEmpty => _starts.Length == 0;

        public static MemberSpans Of(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var found = new List<(TextSpan Span, string[] Names)>();
            var root = tree.GetRoot(cancellationToken);
            // Members of types, never their bodies: member spans do not overlap once types themselves are left out.
            var members = root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
                .OfType<MemberDeclarationSyntax>();
            foreach (var member in members)
            {
                if (member is BaseNamespaceDeclarationSyntax) continue;
                if (member is TypeDeclarationSyntax type)
                {
                    // A class below a followed class is followed too: its header (base list, primary
                    // constructor) mentions the class above. The header ends where the members start.
                    var end = type.OpenBraceToken.RawKind != 0 && !type.OpenBraceToken.IsMissing ? type.OpenBraceToken.SpanStart
                        : (type.BaseList ?? (SyntaxNode?)type.ParameterList ?? type.TypeParameterList)?.FullSpan.End ?? type.Identifier.FullSpan.End;
                    found.Add((TextSpan.FromBounds(type.FullSpan.Start, end), new[] { type.Identifier.ValueText }));
                    continue;
                }
                // A field of a followed class names what its uses reach (an indexer, say), whoever can see it.
                if (member is BaseTypeDeclarationSyntax || member is not BaseFieldDeclarationSyntax && !MayBeInferred(member)) continue;
                var declared = DeclaredNames(member);
                if (declared.Length > 0) found.Add((member.FullSpan, declared));
            }
            found.Sort((x, y) => x.Span.Start.CompareTo(y.Span.Start));
            return new MemberSpans(found.Select(f => f.Span.Start).ToArray(), found.Select(f => f.Span.End).ToArray(), found.Select(f => f.Names).ToArray());
        }

        /// <summary>The names declared by the member whose declaration holds <paramref name="position"/>, if any.</summary>
        public string[] DeclaredAround(int position)
        {
            var index = Array.BinarySearch(_starts, position);
            if (index < 0) index = ~index - 1;
            return index >= 0 && position < _ends[index] ? _names[index] : Array.Empty<string>();
        }
    }

    /// <summary>The member's name (a field's variables) and, for an instance member, its type's (a <c>new T</c> reaches T's instance members).</summary>
    private static string[] DeclaredNames(MemberDeclarationSyntax member)
    {
        var type = (member.Parent as BaseTypeDeclarationSyntax)?.Identifier.ValueText;
        var own = member switch
        {
            MethodDeclarationSyntax method => new[] { method.Identifier.ValueText },
            ConstructorDeclarationSyntax constructor => new[] { constructor.Identifier.ValueText },
            PropertyDeclarationSyntax property => new[] { property.Identifier.ValueText },
            BaseFieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.ValueText).ToArray(),
            _ => Array.Empty<string>(),
        };
        // Only an instance member runs on an object, so only it makes `new T` a use (a static one is called by its own name).
        return type is null || IsStatic(member) ? own : own.Append(type).ToArray();
    }

    private static bool IsStatic(MemberDeclarationSyntax member) =>
        member.Modifiers.Any(m => m.IsKind(SyntaxKind.StaticKeyword) || m.IsKind(SyntaxKind.ConstKeyword))
        || member.Parent is TypeDeclarationSyntax { Modifiers: var typeModifiers } && typeModifiers.Any(SyntaxKind.StaticKeyword);

    /// <summary>Errs on the side of "may be": a member is left out only if it and every type around it are visible outside.</summary>
    private static bool MayBeInferred(MemberDeclarationSyntax member)
    {
        if (member.Modifiers.Any(m => m.IsKind(SyntaxKind.VirtualKeyword) || m.IsKind(SyntaxKind.AbstractKeyword) || m.IsKind(SyntaxKind.OverrideKeyword)))
            return false;
        if (!VisibleOutside(member.Modifiers)) return true;
        for (var parent = member.Parent; parent is BaseTypeDeclarationSyntax type; parent = parent.Parent)
            if (!VisibleOutside(type.Modifiers)) return true;
        return false;
    }

    // public, protected or protected internal; not private protected, internal or private (or no modifier).
    private static bool VisibleOutside(SyntaxTokenList modifiers) =>
        (modifiers.Any(SyntaxKind.PublicKeyword) || modifiers.Any(SyntaxKind.ProtectedKeyword)) && !modifiers.Any(SyntaxKind.PrivateKeyword);
}
