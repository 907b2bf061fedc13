using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CpuidAnalyzers.Prefilter;

/// <summary>
/// A tree's nodes that can reference a member, by the name they spell: simple names by identifier, element
/// accesses under <see cref="ReferenceIndex.ElementAccessKey"/>, target-typed <c>new()</c> apart. Built by one
/// walk per tree, the first time <see cref="CallSites"/> looks into it, so finding the call sites of each of a
/// class's thousand helpers does not walk the class a thousand times.
/// </summary>
internal sealed class SyntaxNameIndex
{
    private static readonly ConditionalWeakTable<SyntaxTree, SyntaxNameIndex> Cache = new();
    private static readonly SyntaxNode[] None = System.Array.Empty<SyntaxNode>();

    private readonly Dictionary<string, List<SyntaxNode>> _byName = new();
    private readonly List<SyntaxNode> _targetTypedNews = new();

    private SyntaxNameIndex(SyntaxTree tree, CancellationToken cancellationToken)
    {
        foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
        {
            var key = node switch
            {
                SimpleNameSyntax name => name.Identifier.ValueText,
                _ when ReferenceIndex.IsElementAccess(node) => ReferenceIndex.ElementAccessKey,
                _ => null,
            };
            if (key is not null)
            {
                if (!_byName.TryGetValue(key, out var list)) _byName[key] = list = new List<SyntaxNode>();
                list.Add(node);
            }
            else if (node is ImplicitObjectCreationExpressionSyntax)
            {
                _targetTypedNews.Add(node);
            }
        }
    }

    public static SyntaxNameIndex Of(SyntaxTree tree, CancellationToken cancellationToken) =>
        Cache.GetValue(tree, t => new SyntaxNameIndex(t, cancellationToken));

    /// <summary>The nodes spelling <paramref name="key"/>, in document order.</summary>
    public IReadOnlyList<SyntaxNode> Named(string key) => _byName.TryGetValue(key, out var list) ? list : None;

    /// <summary>Every target-typed <c>new()</c>, in document order.</summary>
    public IReadOnlyList<SyntaxNode> TargetTypedNews => _targetTypedNews;
}
