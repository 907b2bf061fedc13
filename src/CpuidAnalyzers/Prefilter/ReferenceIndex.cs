using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CpuidAnalyzers.Prefilter;

/// <summary>
/// Where an internal member may be referenced, for <see cref="CallSites"/>: the trees that may spell each
/// identifier (from each tree's cached spellings, <see cref="SpelledNames"/>), the trees that may hold an
/// element access (<c>x[i]</c>, which names no indexer), and the types that target-typed <c>new()</c>
/// creates (which names no type). Each answer is computed once per compilation, the first time a query
/// needs it, from what is cached per tree; nothing walks the syntax of the whole compilation.
/// </summary>
internal sealed class ReferenceIndex
{
    /// <summary>The key of element accesses among the identifiers: no identifier is spelled like it.</summary>
    public const string ElementAccessKey = "this[]";

    private const string TargetTypedNewKey = "new()";

    private readonly Compilation _compilation;
    private readonly SemanticModels _models;
    private readonly ConcurrentDictionary<string, List<SyntaxTree>> _treesByKey = new();
    private readonly ConcurrentDictionary<SyntaxNode, INamedTypeSymbol?> _createdTypes = new();
    private HashSet<string>? _aliasNames;

    public ReferenceIndex(Compilation compilation, SemanticModels models) => (_compilation, _models) = (compilation, models);

    // What a tree's text may hold does not depend on the compilation: cached per tree, shared by compilations.
    private static readonly ConditionalWeakTable<SyntaxTree, StrongBox<bool>> ElementAccessTrees = new();
    private static readonly ConditionalWeakTable<SyntaxTree, StrongBox<bool>> TargetTypedNewTrees = new();

    public IReadOnlyList<SyntaxTree> TreesNaming(string name, CancellationToken cancellationToken) =>
        _treesByKey.TryGetValue(name, out var found) ? found : _treesByKey.GetOrAdd(name, Trees(name, cancellationToken));

    /// <summary>Whether a target-typed <c>new()</c> somewhere in the compilation creates <paramref name="type"/>.</summary>
    /// <remarks>
    /// A <c>new()</c> whose target is written beside it (<c>T x = new();</c>, a field's, a property's or a method's
    /// declared type) and names another type is passed over without binding; the others are bound (once per
    /// compilation, whatever type asks), since binding one binds the body around it.
    /// </remarks>
    public bool CreatedByTargetTypedNew(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        type = type.OriginalDefinition;
        foreach (var tree in TreesNaming(TargetTypedNewKey, cancellationToken))
        {
            foreach (var creation in SyntaxNameIndex.Of(tree, cancellationToken).TargetTypedNews)
            {
                if (DeclaredTargetName(creation) is { } name && name != type.Name && !AliasNames(cancellationToken).Contains(name)) continue;
                if (CreatedType(creation, cancellationToken) is { } created && SymbolEqualityComparer.Default.Equals(created, type)) return true;
            }
        }
        return false;
    }

    private INamedTypeSymbol? CreatedType(SyntaxNode creation, CancellationToken cancellationToken) =>
        _createdTypes.TryGetValue(creation, out var known) ? known
            : _createdTypes.GetOrAdd(creation,
                (_models.For(creation.SyntaxTree).GetTypeInfo(creation, cancellationToken).Type as INamedTypeSymbol)?.OriginalDefinition);

    /// <summary>The name of the type a <c>new()</c>'s target declares right beside it; null when it takes binding to know.</summary>
    private static string? DeclaredTargetName(SyntaxNode creation)
    {
        var declared = creation.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } } => declaration.Type,
            EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } => property.Type,
            EqualsValueClauseSyntax { Parent: ParameterSyntax parameter } => parameter.Type,
            ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax method } => method.ReturnType,
            ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax property } => property.Type,
            _ => null,
        };
        return RightmostName(declared);
    }

    private static string? RightmostName(TypeSyntax? type) => type switch
    {
        NameSyntax name when !name.IsVar => SyntaxNames.Rightmost(name),
        NullableTypeSyntax nullable => RightmostName(nullable.ElementType),
        PredefinedTypeSyntax predefined => predefined.Keyword.ValueText,
        _ => null,
    };

    /// <summary>Every using alias of the compilation (a <c>new()</c> may reach a type through one), read once, without binding.</summary>
    private HashSet<string> AliasNames(CancellationToken cancellationToken)
    {
        if (_aliasNames is { } known) return known;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in _compilation.SyntaxTrees)
        {
            var pending = new Stack<SyntaxNode>();
            pending.Push(tree.GetRoot(cancellationToken));
            while (pending.Count > 0)
            {
                var node = pending.Pop();
                var usings = node switch
                {
                    CompilationUnitSyntax unit => unit.Usings,
                    BaseNamespaceDeclarationSyntax ns => ns.Usings,
                    _ => default,
                };
                foreach (var directive in usings)
                    if (directive.Alias is { } alias) names.Add(alias.Name.Identifier.ValueText);
                var members = node switch
                {
                    CompilationUnitSyntax unit => unit.Members,
                    BaseNamespaceDeclarationSyntax ns => ns.Members,
                    _ => default,
                };
                foreach (var member in members)
                    if (member is BaseNamespaceDeclarationSyntax) pending.Push(member);
            }
        }
        return _aliasNames = names;
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

    /// <summary>
    /// The trees that may reference <paramref name="key"/>: from each tree's cached spellings
    /// (<see cref="SpelledNames"/>), or for the keys no identifier spells, from a plain search of its text.
    /// A superset (a comment counts): the caller binds what it finds.
    /// </summary>
    private List<SyntaxTree> Trees(string key, CancellationToken cancellationToken)
    {
        var result = new List<SyntaxTree>();
        var name = new NameSet(new[] { key });
        foreach (var tree in _compilation.SyntaxTrees)
        {
            var may = key switch
            {
                ElementAccessKey => ElementAccessTrees.GetValue(tree,
                    t => new StrongBox<bool>(t.GetText(cancellationToken).ToString().IndexOf('[') >= 0)).Value,
                TargetTypedNewKey => TargetTypedNewTrees.GetValue(tree,
                    t => new StrongBox<bool>(SpellsTargetTypedNew(t.GetText(cancellationToken).ToString()))).Value,
                _ => SpelledNames.Of(tree, cancellationToken).MaySpellAny(name),
            };
            if (may) result.Add(tree);
        }
        return result;
    }

    /// <summary><c>new</c> as a whole word followed by <c>(</c> (maybe after white space): where a <c>new()</c> can be.</summary>
    private static bool SpellsTargetTypedNew(string text)
    {
        for (var at = text.IndexOf("new", StringComparison.Ordinal); at >= 0; at = text.IndexOf("new", at + 3, StringComparison.Ordinal))
        {
            if (at > 0 && (char.IsLetterOrDigit(text[at - 1]) || text[at - 1] is '_' or '@')) continue;
            var next = at + 3;
            while (next < text.Length && char.IsWhiteSpace(text[next])) next++;
            if (next < text.Length && text[next] == '(') return true;
        }
        return false;
    }
}
