using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Flow;

/// <summary>
/// A capabilities value kept in a <c>static readonly</c> field of this compilation, such as
/// <c>static readonly Caps s_caps = new(Sse41.IsSupported, Avx2.IsSupported);</c>, whose bool properties
/// are set only from the constructor's parameters: a positional record (class or struct), or a type whose
/// constructor body only assigns parameters to auto-properties. <c>s_caps.HasAvx2</c> (or the property
/// pattern <c>s_caps is { HasAvx2: true }</c>) reads as the argument passed for that parameter. Anything
/// else stays Unknown: a field that is not static readonly or is written in a static constructor, a creation
/// with an object initializer, a property of a class that has a setter, a constructor that does more than
/// copy its parameters, a parameter written anywhere.
/// </summary>
internal sealed class CapabilityValues
{
    private readonly Compilation _compilation;
    private readonly SemanticModels _models;
    private readonly ConcurrentDictionary<(IFieldSymbol, IPropertySymbol), IOperation?> _arguments = new(new PairComparer());

    public CapabilityValues(Compilation compilation, SemanticModels models) => (_compilation, _models) = (compilation, models);

    /// <summary>The argument the field's initializer passes for the property, or null when that is not certainly its value.</summary>
    public IOperation? GetArgument(IFieldSymbol field, IPropertySymbol property, CancellationToken cancellationToken) =>
        _arguments.GetOrAdd((field, property), key => Bind(key.Item1, key.Item2, cancellationToken));

    private IOperation? Bind(IFieldSymbol field, IPropertySymbol property, CancellationToken cancellationToken)
    {
        if (!field.IsStatic || !field.IsReadOnly || field.IsConst || !InSource(field) || field.DeclaringSyntaxReferences.Length != 1) return null;
        if (property.IsStatic || property.IsVirtual || property.IsAbstract || property.IsOverride || !property.Parameters.IsEmpty
            || property.Type.SpecialType != SpecialType.System_Boolean || !InSource(property)
            || !SymbolEqualityComparer.Default.Equals(property.ContainingType, field.Type))
            return null;
        // A class's instance can be changed through the field: only get-only or init-only properties are fixed.
        if (!field.Type.IsValueType && property.SetMethod is { IsInitOnly: false }) return null;
        if (field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: { } init }
            || AssignedInStaticConstructor(field, cancellationToken))
            return null;

        var value = _models.For(init.SyntaxTree).GetOperation(init.Value, cancellationToken);
        while (value is IConversionOperation { OperatorMethod: null } conversion) value = conversion.Operand;
        if (value is not IObjectCreationOperation { Initializer: null, Constructor: { } constructor } creation
            || !SymbolEqualityComparer.Default.Equals(constructor.ContainingType, property.ContainingType))
            return null;

        var parameter = ParameterSetting(constructor, property, cancellationToken);
        return parameter is null ? null
            : creation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, parameter))?.Value;
    }

    /// <summary>The constructor parameter the property certainly holds after the constructor ran, or null.</summary>
    private IParameterSymbol? ParameterSetting(IMethodSymbol constructor, IPropertySymbol property, CancellationToken cancellationToken)
    {
        if (constructor.DeclaringSyntaxReferences.Length != 1 || property.DeclaringSyntaxReferences.Length != 1) return null;
        var constructorSyntax = constructor.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        var propertySyntax = property.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);

        // A positional record's property made from its parameter: set from it by the primary constructor.
        if (constructorSyntax is RecordDeclarationSyntax record && propertySyntax is ParameterSyntax positional
            && positional.Parent?.Parent == record)
        {
            var parameter = constructor.Parameters.FirstOrDefault(p => p.Name == property.Name);
            return parameter is not null && !WrittenIn(property.ContainingType, parameter.Name, cancellationToken) ? parameter : null;
        }

        // An auto-property without initializer, which the constructor body assigns once from a parameter.
        if (constructorSyntax is not ConstructorDeclarationSyntax { Initializer: null } declaration
            || propertySyntax is not PropertyDeclarationSyntax { Initializer: null, ExpressionBody: null, AccessorList: { } accessors }
            || accessors.Accessors.Any(a => a.Body is not null || a.ExpressionBody is not null))
            return null;
        if (_models.For(declaration.SyntaxTree).GetOperation(declaration, cancellationToken) is not IConstructorBodyOperation { BlockBody: { } body,
            ExpressionBody: null })
            return null;

        // Every statement copies a parameter into a member of this instance, and the property is assigned once.
        IParameterSymbol? source = null;
        foreach (var statement in body.Operations)
        {
            if (statement is not IExpressionStatementOperation
                {
                    Operation: ISimpleAssignmentOperation { Value: IParameterReferenceOperation { Parameter: var from } } assignment,
                })
                return null;
            switch (assignment.Target)
            {
                case IPropertyReferenceOperation { Instance: IInstanceReferenceOperation } target when SymbolEqualityComparer.Default.Equals(target.Property,
                    property):
                    if (source is not null) return null;
                    source = from;
                    break;
                case IPropertyReferenceOperation { Instance: IInstanceReferenceOperation }:
                case IFieldReferenceOperation { Instance: IInstanceReferenceOperation }:
                    break;
                default:
                    return null;
            }
        }
        return source;
    }

    /// <summary>Whether a name is written (assigned, incremented, passed by ref or out) anywhere in the type's declarations.</summary>
    private static bool WrittenIn(INamedTypeSymbol type, string name, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.SelectMany(r => r.GetSyntax(cancellationToken).DescendantNodes().OfType<IdentifierNameSyntax>())
            .Where(n => n.Identifier.ValueText == name)
            .Any(n => n.Parent switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left == n,
                PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => true,
                ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.None),
                _ => false,
            });

    private bool InSource(ISymbol symbol) => SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, _compilation.Assembly);

    private static bool AssignedInStaticConstructor(ISymbol member, CancellationToken cancellationToken) =>
        member.ContainingType.StaticConstructors.SelectMany(c => c.DeclaringSyntaxReferences)
            .Any(r => r.GetSyntax(cancellationToken).DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == member.Name));

    private sealed class PairComparer : System.Collections.Generic.IEqualityComparer<(IFieldSymbol, IPropertySymbol)>
    {
        public bool Equals((IFieldSymbol, IPropertySymbol) x, (IFieldSymbol, IPropertySymbol) y) =>
            SymbolEqualityComparer.Default.Equals(x.Item1, y.Item1) && SymbolEqualityComparer.Default.Equals(x.Item2, y.Item2);

        public int GetHashCode((IFieldSymbol, IPropertySymbol) pair) =>
            SymbolEqualityComparer.Default.GetHashCode(pair.Item1) * 31 + SymbolEqualityComparer.Default.GetHashCode(pair.Item2);
    }
}
