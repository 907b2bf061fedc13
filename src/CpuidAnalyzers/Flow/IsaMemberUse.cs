using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Flow;

/// <summary>
/// Which operations use an ISA class: invocations, method groups (a delegate can be called later,
/// anywhere) and any other member reference except <c>IsSupported</c> itself.
/// </summary>
internal static class IsaMemberUse
{
    public static bool TryGet(IOperation operation, IsaModel model, out ISymbol member, out int isa)
    {
        member = operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IMethodReferenceOperation reference => reference.Method,
            IPropertyReferenceOperation { Property.Name: not "IsSupported" } property => property.Property,
            IFieldReferenceOperation field => field.Field,
            IEventReferenceOperation @event => @event.Event,
            _ => null!,
        };
        isa = -1;
        return member is not null && model.TryGetAtom(member.ContainingType, out isa);
    }

    /// <summary>Where to report: <c>Avx2.Add</c> in <c>Avx2.Add(x, y)</c>, not the whole call.</summary>
    public static Location ReportLocation(IOperation operation) =>
        operation.Syntax is InvocationExpressionSyntax invocation
            ? invocation.Expression.GetLocation()
            : operation.Syntax.GetLocation();

    /// <summary><c>Avx2.Add</c>, <c>Sse41.X64.Extract</c>: the member as users spell it.</summary>
    public static string DisplayName(ISymbol member) =>
        IsaModel.DisplayName(member.ContainingType) + "." + member.Name;

    /// <summary>"call", "method group" or "reference", for messages.</summary>
    public static string Noun(IOperation operation) => operation switch
    {
        IInvocationOperation => "call",
        IMethodReferenceOperation => "method group",
        _ => "reference",
    };
}
