using System.Threading;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Flow;

/// <summary>
/// Which operations use an ISA class: invocations, method groups (a delegate can be called later,
/// anywhere) and any other member reference except <c>IsSupported</c> itself; and which use a member
/// with an ISA contract: calls, method groups, object creations and property accesses. A property or
/// indexer access needs what the accessors it runs need (<see cref="PropertyAccess"/>).
/// </summary>
internal static class IsaMemberUse
{
    public static bool TryGet(IOperation operation, IsaModel model, IRequirementSource requirements, CancellationToken cancellationToken, out ISymbol member,
        out IsaRequirement requirement, out bool isContract)
    {
        member = operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IMethodReferenceOperation reference => reference.Method,
            IObjectCreationOperation { Constructor: { } constructor } => constructor,
            IPropertyReferenceOperation { Property.Name: not "IsSupported" } property => property.Property,
            IFieldReferenceOperation field => field.Field,
            IEventReferenceOperation @event => @event.Event,
            _ => null!,
        };
        requirement = null!;
        isContract = false;
        if (member is null) return false;
        if (model.TryGetAtom(member.ContainingType, out var isa))
        {
            requirement = requirements.ForClass(isa);
            return true;
        }
        if (member is IFieldSymbol or IEventSymbol) return false;
        var contract = operation switch
        {
            IPropertyReferenceOperation access => AccessorsRequirement(access, model, requirements, cancellationToken),
            // TOps.Combine(a, b): the type argument picks the implementation.
            IInvocationOperation { ConstrainedToType: ITypeParameterSymbol through } => requirements.ForConstrainedCall(member, through, cancellationToken),
            IMethodReferenceOperation { ConstrainedToType: ITypeParameterSymbol through }
                => requirements.ForConstrainedCall(member, through, cancellationToken),
            _ => requirements.ForCall(member, cancellationToken),
        };
        if (contract is null) return false;
        (requirement, isContract) = (contract, true);
        return true;
    }

    /// <summary>
    /// The uses under <paramref name="root"/> (lambdas and local functions included) and whether the body holds
    /// a <c>Debug.Assert</c>, the only operations the guard flow records: a body the syntax filter let through
    /// on a name it merely shares (a <c>List.Add</c> next to a followed <c>Add</c>) is settled here, before its
    /// graph is built, and one whose uses all sit under a covering check may be settled by <see cref="DominatingChecks"/>.
    /// </summary>
    public static BodyUses Find(IOperation root, IsaModel model, IRequirementSource requirements, CancellationToken cancellationToken)
    {
        var found = new BodyUses();
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInvocationOperation { TargetMethod: { Name: "Assert", ContainingType.Name: "Debug" } }:
                    found.HasAssertion = true;
                    continue;
                case ILabeledOperation or ILocalFunctionOperation:
                    found.HasJumpTargets = true;
                    break;
            }
            if (TryGet(operation, model, requirements, cancellationToken, out _, out var requirement, out var isContract))
                found.Add(operation, requirement, isContract);
        }
        return found;
    }

    private static IsaRequirement? AccessorsRequirement(IPropertyReferenceOperation access, IsaModel model, IRequirementSource requirements,
        CancellationToken cancellationToken)
    {
        if (PropertyAccess.IsNameOnly(access)) return null;
        IsaRequirement? result = null;
        var any = false;
        foreach (var accessor in PropertyAccess.Accessors(access))
        {
            any = true;
            result = IsaRequirement.Combine(result, requirements.ForCall(accessor, cancellationToken), model);
        }
        // An accessor the property lacks (invalid code) leaves only the property's own contract.
        return any ? result : requirements.ForCall(access.Property, cancellationToken);
    }

    /// <summary>Where to report: <c>Avx2.Add</c> in <c>Avx2.Add(x, y)</c>, not the whole call.</summary>
    public static Location ReportLocation(IOperation operation) =>
        operation.Syntax is InvocationExpressionSyntax invocation
            ? invocation.Expression.GetLocation()
            : operation.Syntax.GetLocation();

    /// <summary><c>Avx2.Add</c>, <c>Sse41.X64.Extract</c>: the member as users spell it.</summary>
    public static string DisplayName(ISymbol member) => member switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor } constructor => "new " + IsaModel.DisplayName(constructor.ContainingType),
        IMethodSymbol { MethodKind: MethodKind.LocalFunction } local => local.Name,
        _ => IsaModel.DisplayName(member.ContainingType) + "." + member.Name,
    };

    /// <summary>"call", "method group", "property read" or "reference", for messages.</summary>
    public static string Noun(IOperation operation) => operation switch
    {
        IInvocationOperation => "call",
        IMethodReferenceOperation => "method group",
        IObjectCreationOperation => "object creation",
        IPropertyReferenceOperation property => PropertyAccess.Noun(property),
        _ => "reference",
    };
}
