using System.Collections.Immutable;
using System.Linq;
using CpuidAnalyzers.Flow;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Rules.VectorWidth;

/// <summary>
/// The sites of CPUID014: operations on <c>Vector512&lt;T&gt;</c> (methods of <c>Vector512</c> and
/// <c>Vector512&lt;T&gt;</c>, their operators and indexer), each requiring that 512-bit vectors are known
/// to run in hardware: <c>Vector512.IsHardwareAccelerated</c> (the Acceleration marker the condition
/// reader gives it), <c>Avx512F</c> or any class that implies it (<c>Avx512BW</c>, <c>Avx10v1.V512</c>, ...),
/// or a <c>V512</c> class (<c>Gfni.V512</c>, ...).
/// </summary>
internal sealed class Vector512Sites : IFlowSiteSource
{
    public const string AccelerationCheck = "Vector512.IsHardwareAccelerated";

    private readonly ImmutableArray<int> _acceleratingClasses;

    public Vector512Sites(IsaModel model) =>
        _acceleratingClasses = Enumerable.Range(0, model.Count)
            .Where(atom => model.Classes[atom] is { Name: "Avx512F", ContainingType: null } or { Name: "V512" })
            .ToImmutableArray();

    public bool ReadsVectorWidth => false;

    public Formula? Requirement(IOperation operation, FlowSiteContext context)
    {
        if (!IsVector512Operation(operation)) return null;
        var formula = Formula.Atom(context.Marker(GuardMarkerKind.Acceleration, AccelerationCheck));
        foreach (var atom in _acceleratingClasses) formula = Formula.Or(formula, Formula.Atom(atom));
        return formula;
    }

    /// <summary>An operation on 512-bit vectors: what runs in software where they are not accelerated.</summary>
    public static bool IsVector512Operation(IOperation operation) => operation switch
    {
        IInvocationOperation invocation => IsVector512Class(invocation.TargetMethod.ContainingType)
            && invocation.TargetMethod.Name is not ("Equals" or "GetHashCode" or "ToString"),
        IBinaryOperation { OperatorMethod: { } method } => IsVector512Class(method.ContainingType),
        IUnaryOperation { OperatorMethod: { } method } => IsVector512Class(method.ContainingType),
        ICompoundAssignmentOperation { OperatorMethod: { } method } => IsVector512Class(method.ContainingType),
        IPropertyReferenceOperation { Property: { IsIndexer: true } property } => IsVector512Class(property.ContainingType),
        _ => false,
    };

    /// <summary>
    /// Whether the body also has a narrower vector path: it uses Vector64/128/256 or Vector&lt;T&gt; (values,
    /// methods, operators or their IsHardwareAccelerated). Without one, Vector512 is used on purpose.
    /// </summary>
    public static bool HasNarrowerPath(IOperation root) =>
        root.DescendantsAndSelf().Any(operation =>
            IsNarrowerVector(operation.Type)
            || operation switch
            {
                IInvocationOperation invocation => IsNarrowerVector(invocation.TargetMethod.ContainingType),
                IPropertyReferenceOperation property => IsNarrowerVector(property.Property.ContainingType),
                _ => false,
            });

    /// <summary>Where to report: the method name (<c>Vector512.Add</c>) or the operator token.</summary>
    public static Location ReportLocation(IOperation operation) => operation.Syntax switch
    {
        InvocationExpressionSyntax invocation => invocation.Expression.GetLocation(),
        BinaryExpressionSyntax binary => binary.OperatorToken.GetLocation(),
        AssignmentExpressionSyntax assignment => assignment.OperatorToken.GetLocation(),
        PrefixUnaryExpressionSyntax unary => unary.OperatorToken.GetLocation(),
        _ => operation.Syntax.GetLocation(),
    };

    /// <summary><c>'Vector512.Add'</c>, <c>the '*' operator of Vector512&lt;float&gt;</c>, for messages.</summary>
    public static string DisplayName(IOperation operation) => operation switch
    {
        IInvocationOperation invocation => "'" + invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name + "'",
        IPropertyReferenceOperation property => "the indexer of "
            + property.Property.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
        _ => OperatorText(operation) is { } text
            ? "the '" + text + "' operator of " + operation.Type?.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)
            : "this Vector512 operation",
    };

    private static string? OperatorText(IOperation operation) => operation.Syntax switch
    {
        BinaryExpressionSyntax binary => binary.OperatorToken.Text,
        AssignmentExpressionSyntax assignment => assignment.OperatorToken.Text,
        PrefixUnaryExpressionSyntax unary => unary.OperatorToken.Text,
        _ => null,
    };

    private static bool IsVector512Class(INamedTypeSymbol? type) => type is { Name: "Vector512" } && IsIntrinsicsNamespace(type.ContainingNamespace);

    private static bool IsNarrowerVector(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Vector64" or "Vector128" or "Vector256" } named && IsIntrinsicsNamespace(named.ContainingNamespace)
        || type is INamedTypeSymbol { Name: "Vector",
            ContainingNamespace: { Name: "Numerics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    private static bool IsIntrinsicsNamespace(INamespaceSymbol? ns) =>
        ns is { Name: "Intrinsics", ContainingNamespace: { Name: "Runtime",
            ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };
}
