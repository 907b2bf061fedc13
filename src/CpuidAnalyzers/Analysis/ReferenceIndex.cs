using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CpuidAnalyzers.Analysis;

/// <summary>
/// Where an internal member may be referenced, for <see cref="CallSites"/>: the trees that spell each
/// identifier, the trees with an element access (<c>x[i]</c>, which names no indexer), and the types
/// that target-typed <c>new()</c> creates (which names no type). Each part is built once per compilation,
/// the first time a query needs it, and cached; no query walks the compilation.
/// </summary>
internal sealed class ReferenceIndex
{
    /// <summary>The key of element accesses among the identifiers: no identifier is spelled like it.</summary>
    public const string ElementAccessKey = "this[]";

    private const string TargetTypedNewKey = "new()";

    private readonly Compilation _compilation;
    private readonly SemanticModels _models;
    private readonly object _gate = new();
    private Dictionary<string, List<SyntaxTree>>? _treesByName;
    private HashSet<INamedTypeSymbol>? _targetTypedCreations;

    public ReferenceIndex(Compilation compilation, SemanticModels models) => (_compilation, _models) = (compilation, models);

    public IReadOnlyList<SyntaxTree> TreesNaming(string name, CancellationToken cancellationToken) =>
        Names(cancellationToken).TryGetValue(name, out var found) ? found : (IReadOnlyList<SyntaxTree>)System.Array.Empty<SyntaxTree>();

    /// <summary>Whether a target-typed <c>new()</c> somewhere in the compilation creates <paramref name="type"/>.</summary>
    public bool CreatedByTargetTypedNew(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var created = _targetTypedCreations;
        if (created is null)
        {
            lock (_gate)
            {
                // Each `new()` of the compilation is bound once, however many types ask.
                created = _targetTypedCreations ??= BindTargetTypedCreations(cancellationToken);
            }
        }
        return created.Contains(type.OriginalDefinition);
    }

    public static bool IsElementAccess(SyntaxNode node) =>
        node is ElementAccessExpressionSyntax or ElementBindingExpressionSyntax or ImplicitElementAccessSyntax;

    /// <summary>The <c>new</c> a type name belongs to, through qualified and alias-qualified names; or the <c>new()</c> itself.</summary>
    public static SyntaxNode? CreationAround(SyntaxNode node)
    {
        if (node is ImplicitObjectCreationExpressionSyntax) return node;
        var current = node;
        while (current.Parent is QualifiedNameSyntax or AliasQualifiedNameSyntax) current = current.Parent;
        return current.Parent is ObjectCreationExpressionSyntax creation && creation.Type == current ? creation : null;
    }

    private HashSet<INamedTypeSymbol> BindTargetTypedCreations(CancellationToken cancellationToken)
    {
        var created = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var tree in TreesNaming(TargetTypedNewKey, cancellationToken))
        {
            var model = _models.For(tree);
            foreach (var creation in tree.GetRoot(cancellationToken).DescendantNodes().OfType<ImplicitObjectCreationExpressionSyntax>())
                if (model.GetTypeInfo(creation, cancellationToken).Type is INamedTypeSymbol type)
                    created.Add(type.OriginalDefinition);
        }
        return created;
    }

    private Dictionary<string, List<SyntaxTree>> Names(CancellationToken cancellationToken)
    {
        var index = _treesByName;
        if (index is not null) return index;
        lock (_gate)
        {
            if (_treesByName is not null) return _treesByName;
            index = new Dictionary<string, List<SyntaxTree>>();
            foreach (var tree in _compilation.SyntaxTrees)
            {
                foreach (var token in tree.GetRoot(cancellationToken).DescendantTokens())
                {
                    var key = token.Kind() switch
                    {
                        SyntaxKind.IdentifierToken => token.ValueText,
                        SyntaxKind.OpenBracketToken when token.Parent is BracketedArgumentListSyntax { Parent: { } access } && IsElementAccess(access) => ElementAccessKey,
                        SyntaxKind.NewKeyword when token.Parent is ImplicitObjectCreationExpressionSyntax => TargetTypedNewKey,
                        _ => null,
                    };
                    if (key is null) continue;
                    if (!index.TryGetValue(key, out var trees)) index[key] = trees = new List<SyntaxTree>();
                    if (trees.Count == 0 || trees[trees.Count - 1] != tree) trees.Add(tree);
                }
            }
            return _treesByName = index;
        }
    }
}
