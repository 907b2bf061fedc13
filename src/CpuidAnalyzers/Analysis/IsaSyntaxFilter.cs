using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CpuidAnalyzers.Analysis;

/// <summary>
/// The cheap check that keeps the analysis nearly free on code that never touches intrinsics: a
/// body is a candidate only if one of its identifiers is spelled like an ISA class (or an alias of
/// one), like a contract attribute, or like a member with an ISA contract. Files with <c>using static</c>
/// of an ISA class make all their bodies candidates, since <c>Add(x, y)</c> then names none. No
/// binding happens before a body passes.
/// </summary>
internal sealed class IsaSyntaxFilter
{
    private readonly ImmutableHashSet<string> _isaNames;
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<SyntaxTree, TreeFilter> _trees = new();
    private TreeFilter? _global;
    private ImmutableHashSet<string>? _names;

    public IsaSyntaxFilter(Compilation compilation, ImmutableHashSet<string> isaClassNames) =>
        (_compilation, _isaNames) = (compilation, isaClassNames);

    public bool IsCandidate(SyntaxNode body, System.Threading.CancellationToken cancellationToken)
    {
        _names ??= ReachingNames.Collect(_compilation, _isaNames
            .Union(ContractNames.Collect(_compilation, cancellationToken))
            .Union(new[] { "RequiresIsa", "RequiresAnyIsa", "CompExactlyDependsOn" }), cancellationToken);
        var tree = _trees.GetOrAdd(body.SyntaxTree, t => ScanUsings(t.GetRoot(), globalOnly: false));
        var global = _global ??= _compilation.SyntaxTrees.Select(t => ScanUsings(t.GetRoot(), globalOnly: true))
            .Aggregate(TreeFilter.None, (a, b) => a.Union(b));
        if (tree.AllBodies || global.AllBodies) return true;

        foreach (var token in body.DescendantTokens())
        {
            if (!token.IsKind(SyntaxKind.IdentifierToken)) continue;
            var text = token.ValueText;
            if (_names.Contains(text) || tree.Aliases.Contains(text) || global.Aliases.Contains(text)) return true;
        }
        return false;
    }

    private TreeFilter ScanUsings(SyntaxNode root, bool globalOnly)
    {
        var result = TreeFilter.None;
        var usings = globalOnly
            ? (root as CompilationUnitSyntax)?.Usings.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword)) ?? Enumerable.Empty<UsingDirectiveSyntax>()
            : root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>();
        foreach (var directive in usings)
        {
            if (directive.Name is not { } name || !_isaNames.Contains(RightmostName(name))) continue;
            if (directive.StaticKeyword.IsKind(SyntaxKind.StaticKeyword)) result = result.Union(TreeFilter.All);
            else if (directive.Alias is { } alias) result = result.Union(new TreeFilter(false, ImmutableHashSet.Create(alias.Name.Identifier.ValueText)));
        }
        return result;
    }

    private static string RightmostName(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => string.Empty,
    };

    private sealed class TreeFilter
    {
        public static readonly TreeFilter None = new(false, ImmutableHashSet<string>.Empty);
        public static readonly TreeFilter All = new(true, ImmutableHashSet<string>.Empty);

        public TreeFilter(bool allBodies, ImmutableHashSet<string> aliases) => (AllBodies, Aliases) = (allBodies, aliases);

        public bool AllBodies { get; }

        public ImmutableHashSet<string> Aliases { get; }

        public TreeFilter Union(TreeFilter other) =>
            new(AllBodies || other.AllBodies, Aliases.Union(other.Aliases));
    }
}
