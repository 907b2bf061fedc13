using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CpuidAnalyzers.CodeFixes.Common;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace CpuidAnalyzers.CodeFixes.IsaUse;

/// <summary>
/// Fix 2, "Require it in the caller": adds <c>[RequiresIsa(typeof(Avx2))]</c> (or <c>[RequiresAnyIsa(…)]</c> for an
/// any-of requirement) to the method, constructor, operator, property or local function that contains the
/// use, so the check moves to its callers (CPUID008 reports those that lack it). An existing
/// <c>[RequiresIsa]</c> is extended instead, dropping classes the new one implies. Offered at normal priority
/// for members no other assembly can see, and at low priority, under its own equivalence key, for public
/// API, where it changes what every caller must check. Not offered for overrides, interface
/// implementations (CPUID010 would flag them), static constructors, finalizers and the entry point.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RequireIsaInCallerCodeFixProvider)), Shared]
public sealed class RequireIsaInCallerCodeFixProvider : CpuidCodeFixProvider
{
    public const string EquivalenceKey = "CpuidAnalyzers.RequireIsaInCaller";
    public const string PublicEquivalenceKey = "CpuidAnalyzers.RequireIsaInCaller.PublicApi";

    private const string RequiresIsaAttribute = IsaContracts.RequiresIsaAttribute;
    private const string RequiresAnyIsaAttribute = IsaContracts.RequiresAnyIsaAttribute;

    /// <summary>Marks the attribute names that get a <c>using CpuidAnalyzers;</c> when the file has none.</summary>
    private static readonly SyntaxAnnotation ImportsAnnotation = new(nameof(RequireIsaInCallerCodeFixProvider));

    private static readonly ImmutableHashSet<string> Ids = RuleIds.MissingCheck;

    public RequireIsaInCallerCodeFixProvider()
        : base(Ids.OrderBy(id => id))
    {
    }

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllAsync);

    private protected override void RegisterCodeFix(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model)
    {
        var document = context.Document;
        if (Analyze(diagnostic, root, model, context.CancellationToken) is not { } site) return;
        var title = site.IsPublicApi
            ? $"Require {IsaClauses.Display(site.Needed)} in public '{site.Symbol.Name}' with [RequiresIsa] (changes what its callers must check)"
            : $"Require {IsaClauses.Display(site.Needed)} in '{site.Symbol.Name}' with [RequiresIsa]";
        context.RegisterCodeFix(
            CodeAction.Create(
                title,
                ct => FixAsync(document, new[] { diagnostic }, site.IsPublicApi ? PublicEquivalenceKey : EquivalenceKey, ct),
                site.IsPublicApi ? PublicEquivalenceKey : EquivalenceKey,
                site.IsPublicApi ? CodeActionPriority.Low : CodeActionPriority.Default),
            diagnostic);
    }

    private static async Task<Document?> FixAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var fixedDocument = await FixAsync(document, diagnostics, context.CodeActionEquivalenceKey ?? EquivalenceKey,
            context.CancellationToken).ConfigureAwait(false);
        return fixedDocument == document ? null : fixedDocument;
    }

    private static async Task<Document> FixAsync(Document document, IEnumerable<Diagnostic> diagnostics, string equivalenceKey,
        CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return document;

        // One attribute edit per member, with everything its uses need.
        var byMember = new Dictionary<SyntaxNode, List<IsaClause>>();
        foreach (var diagnostic in diagnostics)
        {
            if (!Ids.Contains(diagnostic.Id) || Analyze(diagnostic, root, model, cancellationToken) is not { } site) continue;
            if ((equivalenceKey == PublicEquivalenceKey) != site.IsPublicApi) continue;
            if (!byMember.TryGetValue(site.Declaration, out var clauses)) byMember[site.Declaration] = clauses = new List<IsaClause>();
            clauses.AddRange(site.Needed);
        }
        if (byMember.Count == 0) return document;

        var newRoot = root.ReplaceNodes(byMember.Keys, (original, current) =>
            AddRequirement(current, original, IsaClauses.Minimal(byMember[original]), model, cancellationToken));
        return await ImportAdder.AddImportsAsync(document.WithSyntaxRoot(newRoot), ImportsAnnotation,
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private sealed class Site
    {
        public Site(SyntaxNode declaration, ISymbol symbol, ImmutableArray<IsaClause> needed, bool isPublicApi) =>
            (Declaration, Symbol, Needed, IsPublicApi) = (declaration, symbol, needed, isPublicApi);

        public SyntaxNode Declaration { get; }

        public ISymbol Symbol { get; }

        public ImmutableArray<IsaClause> Needed { get; }

        public bool IsPublicApi { get; }
    }

    private static Site? Analyze(Diagnostic diagnostic, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        if (FlaggedUses.NodeOf(diagnostic, root) is not { } node) return null;
        var compilation = model.Compilation;
        if (compilation.GetTypeByMetadataName(RequiresIsaAttribute) is null) return null;
        var needed = IsaClauses.Read(diagnostic, compilation);
        if (needed.IsDefault) return null;
        if (needed.Any(c => c.Alternatives.Length > 1) && compilation.GetTypeByMetadataName(RequiresAnyIsaAttribute) is null) return null;

        if (Caller(node) is not { } declaration || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } symbol) return null;
        if (symbol.IsOverride || symbol.IsAbstract || ImplementsInterfaceMember(symbol)) return null;
        if (symbol is IMethodSymbol { MethodKind: MethodKind.StaticConstructor or MethodKind.Destructor }) return null;
        if (SymbolEqualityComparer.Default.Equals(compilation.GetEntryPoint(cancellationToken), symbol)) return null;
        if (declaration is LocalFunctionStatementSyntax
            && ((CSharpParseOptions)declaration.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp9) return null;
        return new Site(declaration, symbol, needed, IsPublicApi(symbol));
    }

    /// <summary>The declaration whose callers would do the check: lambdas are skipped (they inherit where they are created).</summary>
    private static SyntaxNode? Caller(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax:
                    return ancestor;
                case AccessorDeclarationSyntax { Parent.Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax } accessor:
                    return accessor.Parent!.Parent;
                case PropertyDeclarationSyntax property when node.Ancestors().Contains(property.ExpressionBody):
                    return property;
                case IndexerDeclarationSyntax indexer when node.Ancestors().Contains(indexer.ExpressionBody):
                    return indexer;
                case EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax or VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax } }:
                case MemberDeclarationSyntax or AttributeSyntax or ParameterSyntax:
                    return null;
            }
        }
        return null;
    }

    private static bool ImplementsInterfaceMember(ISymbol symbol) =>
        symbol.ContainingType is { } type && (
            (symbol is IMethodSymbol { ExplicitInterfaceImplementations.IsEmpty: false } or IPropertySymbol { ExplicitInterfaceImplementations.IsEmpty: false })
            || type.AllInterfaces.SelectMany(i => i.GetMembers()).Any(m
                => SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(m), symbol)));

    /// <summary>Visible outside the assembly: the member and every containing type public or protected.</summary>
    private static bool IsPublicApi(ISymbol symbol)
    {
        if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction }) return false;
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal)) return false;
        }
        return true;
    }

    private static SyntaxNode AddRequirement(SyntaxNode current, SyntaxNode original, ImmutableArray<IsaClause> needed, SemanticModel model,
        CancellationToken cancellationToken)
    {
        var lists = AttributeLists(current);
        var originalAttributes = AttributeLists(original).SelectMany(l => l.Attributes).ToList();
        var attributes = lists.SelectMany(l => l.Attributes).ToList();

        // What the member already requires, read from its own [RequiresIsa] / [RequiresAnyIsa].
        var existingAll = new List<(AttributeSyntax Attribute, int Index, List<INamedTypeSymbol> Types)>();
        var existingAny = new List<List<INamedTypeSymbol>>();
        for (var i = 0; i < originalAttributes.Count; i++)
        {
            var name = (model.GetSymbolInfo(originalAttributes[i], cancellationToken).Symbol as IMethodSymbol)?.ContainingType.ToDisplayString();
            var types = (originalAttributes[i].ArgumentList?.Arguments ?? default)
                .Select(a => a.Expression is TypeOfExpressionSyntax typeOf ? model.GetTypeInfo(typeOf.Type, cancellationToken).Type as INamedTypeSymbol : null)
                .ToList();
            if (types.Any(t => t is null)) continue;
            var resolved = types.Select(t => t!).ToList();
            if (name == RequiresIsaAttribute) existingAll.Add((attributes[i], i, resolved));
            else if (name == RequiresAnyIsaAttribute) existingAny.Add(resolved);
        }

        var have = existingAll.SelectMany(e => e.Types).Select(t => new IsaClause(ImmutableArray.Create(t)))
            .Concat(existingAny.Select(t => new IsaClause(t.ToImmutableArray()))).ToList();
        var added = needed.Where(c => !have.Any(h => h.Implies(c))).ToList();
        if (added.Count == 0) return current;

        var newSingles = added.Where(c => c.Single is not null).Select(c => c.Single!).ToList();
        var newAnys = added.Where(c => c.Single is null).ToList();
        var result = current;

        if (newSingles.Count > 0 && existingAll.Count > 0)
        {
            // Extend the first [RequiresIsa]: a class a new one implies is replaced in place (Avx → Avx2), the rest appended.
            var (attribute, index, types) = existingAll[0];
            var pending = newSingles.ToList();
            var arguments = new List<AttributeArgumentSyntax>();
            for (var i = 0; i < types.Count; i++)
            {
                var replacing = pending.FirstOrDefault(n => IsaModel.Implies(n, types[i]));
                if (replacing is not null)
                {
                    arguments.Add(TypeOfArgument(replacing).WithTriviaFrom(attribute.ArgumentList!.Arguments[i]));
                    pending.Remove(replacing);
                }
                else if (!newSingles.Any(n => IsaModel.Implies(n, types[i])))
                {
                    arguments.Add(attribute.ArgumentList!.Arguments[i]);
                }
            }
            arguments.AddRange(pending.Select(TypeOfArgument));
            var replacement = attribute.WithArgumentList(AttributeArgumentList(SeparatedList(arguments)));
            result = result.ReplaceNode(AttributeLists(result).SelectMany(l => l.Attributes).ElementAt(index), replacement);
            newSingles.Clear();
        }

        var newLists = new List<AttributeListSyntax>();
        if (newSingles.Count > 0 && model.Compilation.GetTypeByMetadataName(RequiresIsaAttribute) is { } all)
            newLists.Add(AttributeList(SingletonSeparatedList(NewAttribute(all, newSingles))));
        if (newAnys.Count > 0 && model.Compilation.GetTypeByMetadataName(RequiresAnyIsaAttribute) is { } any)
            newLists.AddRange(newAnys.Select(c => AttributeList(SingletonSeparatedList(NewAttribute(any, c.Alternatives)))));
        return newLists.Count == 0 ? result : InsertAttributeLists(result, newLists);
    }

    private static AttributeSyntax NewAttribute(INamedTypeSymbol attributeType, IEnumerable<INamedTypeSymbol> types) =>
        Attribute(ParseName("global::CpuidAnalyzers." + attributeType.Name.Substring(0, attributeType.Name.Length - "Attribute".Length))
                .WithAdditionalAnnotations(Simplifier.Annotation, ImportsAnnotation))
            .WithArgumentList(AttributeArgumentList(SeparatedList(types.Select(TypeOfArgument))));

    private static AttributeArgumentSyntax TypeOfArgument(INamedTypeSymbol type) =>
        AttributeArgument(TypeOfExpression(
            ParseTypeName(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).WithAdditionalAnnotations(Simplifier.Annotation)));

    private static SyntaxList<AttributeListSyntax> AttributeLists(SyntaxNode declaration) => declaration switch
    {
        MemberDeclarationSyntax member => member.AttributeLists,
        LocalFunctionStatementSyntax function => function.AttributeLists,
        _ => default,
    };

    /// <summary>Adds attribute lists on their own lines above the declaration, keeping doc comments above them.</summary>
    private static SyntaxNode InsertAttributeLists(SyntaxNode declaration, List<AttributeListSyntax> newLists)
    {
        var existing = AttributeLists(declaration);
        var leading = declaration.GetLeadingTrivia();
        var indentation = leading.LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia) && leading.IndexOf(t) == leading.Count - 1);
        var indent = indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? TriviaList(indentation) : TriviaList();
        var lineEnd = GuardSyntax.EndOfLine(declaration);

        var lists = newLists.Select(l => l.WithLeadingTrivia(indent).WithTrailingTrivia(lineEnd)).ToList();
        SyntaxList<AttributeListSyntax> all;
        if (existing.Count == 0)
        {
            // The declaration's leading trivia (doc comment, indentation) moves to the first attribute.
            lists[0] = lists[0].WithLeadingTrivia(leading);
            declaration = declaration.WithLeadingTrivia(indent);
            all = List(lists);
        }
        else
        {
            all = existing.AddRange(lists);
        }

        return declaration switch
        {
            MemberDeclarationSyntax member => member.WithAttributeLists(all),
            LocalFunctionStatementSyntax function => function.WithAttributeLists(all),
            _ => declaration,
        };
    }
}
