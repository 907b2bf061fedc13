using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CpuidAnalyzers.Flow;

/// <summary>
/// Members of this compilation that are only a name for a check: a parameterless bool property or
/// method whose body is one expression (<c>static bool CanUseAvx2 => Avx2.IsSupported &amp;&amp; Bmi2.IsSupported;</c>),
/// or a <c>static readonly bool</c> field initialized from one. Their expression is read in the
/// caller's context. Mutable, virtual, parameterized or metadata members stay Unknown.
/// </summary>
internal sealed class GuardMembers
{
    private readonly Compilation _compilation;
    private readonly SemanticModels _models;
    private readonly ConcurrentDictionary<ISymbol, IOperation?> _expressions = new(SymbolEqualityComparer.Default);

    public GuardMembers(Compilation compilation, SemanticModels models)
    {
        (_compilation, _models) = (compilation, models);
        Capabilities = new CapabilityValues(compilation, models);
        Parameters = new ParameterArguments(compilation, models);
    }

    /// <summary>What every call site passes for a private helper's bool parameter (<c>Min(a, b, useSse41: Sse41.IsSupported)</c>).</summary>
    public ParameterArguments Parameters { get; }

    /// <summary>Capabilities values in static readonly fields (<c>s_caps.HasAvx2</c>).</summary>
    public CapabilityValues Capabilities { get; }

    public IOperation? GetExpression(ISymbol member, CancellationToken cancellationToken)
    {
        if (!IsCandidate(member)) return null;
        return _expressions.GetOrAdd(member, m => Bind(m, cancellationToken));
    }

    private bool IsCandidate(ISymbol member) =>
        SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, _compilation.Assembly)
        && !member.IsVirtual && !member.IsAbstract && !member.IsOverride && !member.IsExtern
        && member switch
        {
            IPropertySymbol property => property.Type.SpecialType == SpecialType.System_Boolean && property.Parameters.IsEmpty && property.SetMethod is null,
            IMethodSymbol method => method.ReturnType.SpecialType == SpecialType.System_Boolean && method.Parameters.IsEmpty && !method.IsAsync
                && method.MethodKind == MethodKind.Ordinary,
            IFieldSymbol field => field.Type.SpecialType == SpecialType.System_Boolean && field.IsStatic && field.IsReadOnly,
            _ => false,
        };

    private IOperation? Bind(ISymbol member, CancellationToken cancellationToken)
    {
        if (Declaration(member, cancellationToken) is not { } declaration) return null;
        var expression = declaration switch
        {
            PropertyDeclarationSyntax { ExpressionBody: { } body } => body.Expression,
            PropertyDeclarationSyntax { Initializer: { } init, AccessorList: { } accessors }
                when accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null) && !AssignedInStaticConstructor(member, cancellationToken)
                    => init.Value,
            PropertyDeclarationSyntax { AccessorList: { } accessors }
                => SingleExpression(accessors.Accessors.FirstOrDefault()?.Body, accessors.Accessors.FirstOrDefault()?.ExpressionBody),
            MethodDeclarationSyntax method => SingleExpression(method.Body, method.ExpressionBody),
            VariableDeclaratorSyntax { Initializer: { } init } when !AssignedInStaticConstructor(member, cancellationToken) => init.Value,
            _ => null,
        };
        if (expression is null) return null;

        // The member lives in another tree than the code being analyzed (read once per member, cached).
        return _models.For(expression.SyntaxTree).GetOperation(expression, cancellationToken);
    }

    /// <summary>
    /// The one declaration that holds the member's body. A partial member's defining part has none: its
    /// implementing part is read instead (found by syntax for a partial property, which older compilers cannot name).
    /// </summary>
    private static SyntaxNode? Declaration(ISymbol member, CancellationToken cancellationToken)
    {
        if (member is IMethodSymbol { PartialImplementationPart: { } implementation }) member = implementation;
        if (member.DeclaringSyntaxReferences.Length != 1) return null;
        var declaration = member.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        if (declaration is not PropertyDeclarationSyntax { ExpressionBody: null, Initializer: null } property
            || !property.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword))
            || property.AccessorList?.Accessors.Any(a => a.Body is not null || a.ExpressionBody is not null) != false)
            return declaration;
        var parts = member.ContainingType.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>()
            .SelectMany(t => t.Members.OfType<PropertyDeclarationSyntax>())
            .Where(p => p != property && p.Identifier.ValueText == member.Name && p.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword)))
            .ToList();
        return parts.Count == 1 ? parts[0] : null;
    }

    private static ExpressionSyntax? SingleExpression(BlockSyntax? body, ArrowExpressionClauseSyntax? expressionBody) =>
        expressionBody?.Expression ?? (body?.Statements.Count == 1 && body.Statements[0] is ReturnStatementSyntax { Expression: { } value } ? value : null);

    /// <summary>A static constructor that writes the member makes its initializer only half the story.</summary>
    private static bool AssignedInStaticConstructor(ISymbol member, CancellationToken cancellationToken) =>
        member.ContainingType.StaticConstructors.SelectMany(c => c.DeclaringSyntaxReferences)
            .Any(r => r.GetSyntax(cancellationToken).DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == member.Name));
}
