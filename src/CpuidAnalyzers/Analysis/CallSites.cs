using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CpuidAnalyzers.Analysis;

/// <summary>
/// Whether a member no other assembly can call has a call site (a call, a method group, a
/// <c>new</c>) in this compilation. A private member is looked for in its type's declarations; an
/// internal one in the trees an index of identifiers names, built once per compilation on demand.
/// Candidates are bound, so an overload with the same name does not count.
/// </summary>
internal sealed class CallSites
{
    private readonly Compilation _compilation;
    private readonly SemanticModels _models;
    private Dictionary<string, List<SyntaxTree>>? _treesByName;

    public CallSites(Compilation compilation, SemanticModels models) => (_compilation, _models) = (compilation, models);

    public bool Exist(ISymbol member, bool privateScope, CancellationToken cancellationToken)
    {
        var (name, type) = member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
            ? (constructor.ContainingType.Name, constructor.ContainingType)
            : (member.Name, (INamedTypeSymbol?)null);

        IEnumerable<SyntaxNode> scopes = privateScope
            ? member.ContainingType.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken))
            : TreesNaming(name, cancellationToken).Select(t => t.GetRoot(cancellationToken));

        foreach (var scope in scopes)
        {
            // `new()` names no type: it is seen only where the search walks the scope's syntax (private members).
            var candidates = scope.DescendantNodes().Where(n =>
                n is SimpleNameSyntax simple && simple.Identifier.ValueText == name || type is not null && n is ImplicitObjectCreationExpressionSyntax);
            foreach (var identifier in candidates)
            {
                var model = _models.For(identifier.SyntaxTree);
                var bound = type is null
                    ? model.GetSymbolInfo(identifier, cancellationToken)
                    : CreationAround(identifier) is { } creation ? model.GetSymbolInfo(creation, cancellationToken) : default;
                var symbols = bound.Symbol is { } symbol ? new[] { symbol } : bound.CandidateSymbols.ToArray();
                if (symbols.Any(s => SymbolEqualityComparer.Default.Equals(s.OriginalDefinition, member.OriginalDefinition)
                    || (type is not null && SymbolEqualityComparer.Default.Equals(s.ContainingType?.OriginalDefinition, type.OriginalDefinition))))
                    return true;
            }
        }
        return false;
    }

    /// <summary>The <c>new</c> a type name belongs to, through qualified and alias-qualified names; or the <c>new()</c> itself.</summary>
    private static SyntaxNode? CreationAround(SyntaxNode node)
    {
        if (node is ImplicitObjectCreationExpressionSyntax) return node;
        var current = node;
        while (current.Parent is QualifiedNameSyntax or AliasQualifiedNameSyntax) current = current.Parent;
        return current.Parent is ObjectCreationExpressionSyntax creation && creation.Type == current ? creation : null;
    }

    private IEnumerable<SyntaxTree> TreesNaming(string name, CancellationToken cancellationToken)
    {
        var index = _treesByName;
        if (index is null)
        {
            index = new Dictionary<string, List<SyntaxTree>>();
            foreach (var tree in _compilation.SyntaxTrees)
            {
                foreach (var token in tree.GetRoot(cancellationToken).DescendantTokens())
                {
                    if (!token.IsKind(SyntaxKind.IdentifierToken)) continue;
                    if (!index.TryGetValue(token.ValueText, out var trees)) index[token.ValueText] = trees = new List<SyntaxTree>();
                    if (trees.Count == 0 || trees[trees.Count - 1] != tree) trees.Add(tree);
                }
            }
            _treesByName = index;
        }
        return index.TryGetValue(name, out var found) ? found : Enumerable.Empty<SyntaxTree>();
    }

}
