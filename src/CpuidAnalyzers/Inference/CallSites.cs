using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CpuidAnalyzers.Flow;
using CpuidAnalyzers.Prefilter;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Inference;

/// <summary>
/// Whether a member no other assembly can call has a call site in this compilation: a call or a method
/// group of a method; a <c>new</c> of a constructor's type, named or target-typed; a read of a property
/// or indexer for its getter, a write for its setter. A private member is looked for in its type's
/// declarations; an internal one in the trees the per-compilation <see cref="ReferenceIndex"/> names.
/// Candidates are bound, so an overload with the same name does not count.
/// </summary>
internal sealed class CallSites
{
    private readonly SemanticModels _models;
    private readonly ReferenceIndex _index;

    public CallSites(Compilation compilation, SemanticModels models) => (_models, _index) = (models, new ReferenceIndex(compilation, models));

    public bool Exist(ISymbol member, bool privateScope, CancellationToken cancellationToken) => member switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor } constructor => CreationExists(constructor, privateScope, cancellationToken),
        IMethodSymbol { AssociatedSymbol: IPropertySymbol property } accessor => AccessExists(accessor, property, privateScope, cancellationToken),
        _ => Found(member, member.Name, privateScope, cancellationToken, (node, model) =>
            node is SimpleNameSyntax && BindsTo(model.GetSymbolInfo(node, cancellationToken), member)),
    };

    private bool CreationExists(IMethodSymbol constructor, bool privateScope, CancellationToken cancellationToken)
    {
        var type = constructor.ContainingType.OriginalDefinition;
        // `new()` names no type: in a private scope the walk sees it; elsewhere the index knows what each
        // creates, asked only when no `new T` settles it (binding only the `new()`s whose target type is not written beside them).
        return Found(constructor, type.Name, privateScope, cancellationToken, (node, model) =>
                (node is SimpleNameSyntax || privateScope && node is ImplicitObjectCreationExpressionSyntax)
                && ReferenceIndex.CreationAround(node) is { } creation
                && model.GetSymbolInfo(creation, cancellationToken) is var bound
                && (bound.Symbol is { } symbol ? new[] { symbol } : bound.CandidateSymbols.AsEnumerable())
                    .Any(s => SymbolEqualityComparer.Default.Equals(s.ContainingType?.OriginalDefinition, type)), targetTypedNews: privateScope)
            || !privateScope && _index.CreatedByTargetTypedNew(type, cancellationToken);
    }

    private bool AccessExists(IMethodSymbol accessor, IPropertySymbol property, bool privateScope, CancellationToken cancellationToken) =>
        Found(accessor, property.IsIndexer ? ReferenceIndex.ElementAccessKey : property.Name, privateScope, cancellationToken, (node, model) =>
            (property.IsIndexer ? ReferenceIndex.IsElementAccess(node) : node is SimpleNameSyntax)
            && BindsTo(model.GetSymbolInfo(node, cancellationToken), property)
            && model.GetOperation(AccessExpression(node), cancellationToken) is IPropertyReferenceOperation access
            && !PropertyAccess.IsNameOnly(access)
            && PropertyAccess.Accessors(access).Any(a => SymbolEqualityComparer.Default.Equals(a.OriginalDefinition, accessor.OriginalDefinition)));

    /// <summary>Whether <paramref name="matches"/> holds for a node of the scopes: the type's declarations, or the trees the index names.</summary>
    /// <remarks>
    /// Only the nodes spelling <paramref name="key"/> (and, for a creation in a private scope, target-typed <c>new()</c>s)
    /// are asked, from each tree's <see cref="SyntaxNameIndex"/>.
    /// </remarks>
    private bool Found(ISymbol member, string key, bool privateScope, CancellationToken cancellationToken,
        System.Func<SyntaxNode, SemanticModel, bool> matches, bool targetTypedNews = false) =>
        Candidates(member, key, privateScope, targetTypedNews, cancellationToken).Any(node => matches(node, _models.For(node.SyntaxTree)));

    /// <summary>Every name that refers to the method (a call, a method group, a <c>nameof</c>), in the scopes <see cref="Exist"/> looks in.</summary>
    public IEnumerable<SyntaxNode> References(IMethodSymbol method, bool privateScope, CancellationToken cancellationToken) =>
        Candidates(method, method.Name, privateScope, targetTypedNews: false, cancellationToken)
            .Where(node => node is SimpleNameSyntax && BindsTo(_models.For(node.SyntaxTree).GetSymbolInfo(node, cancellationToken), method));

    private IEnumerable<SyntaxNode> Candidates(ISymbol member, string key, bool privateScope, bool targetTypedNews, CancellationToken cancellationToken)
    {
        IEnumerable<SyntaxNode> scopes = privateScope
            ? member.ContainingType.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken))
            : _index.TreesNaming(key, cancellationToken).Select(t => t.GetRoot(cancellationToken));
        foreach (var scope in scopes)
        {
            var index = SyntaxNameIndex.Of(scope.SyntaxTree, cancellationToken);
            var candidates = targetTypedNews ? index.Named(key).Concat(index.TargetTypedNews) : index.Named(key);
            foreach (var node in candidates)
            {
                if (scope.FullSpan.Contains(node.Span)) yield return node;
            }
        }
    }

    private static bool BindsTo(SymbolInfo bound, ISymbol member) =>
        (bound.Symbol is { } symbol ? new[] { symbol } : bound.CandidateSymbols.AsEnumerable())
            .Any(s => SymbolEqualityComparer.Default.Equals(s.OriginalDefinition, member.OriginalDefinition));

    /// <summary>The expression a property name stands for: <c>a.X</c> for <c>X</c> in it, <c>?.X</c> for a conditional access.</summary>
    private static SyntaxNode AccessExpression(SyntaxNode node) => node.Parent switch
    {
        MemberAccessExpressionSyntax access when access.Name == node => access,
        MemberBindingExpressionSyntax binding when binding.Name == node => binding,
        _ => node,
    };
}
