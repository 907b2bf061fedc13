using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Flow;

/// <summary>
/// The arguments every call site passes for a <c>bool</c> parameter of a private helper, such as
/// <c>Min(a, b, useSse41: Sse41.IsSupported)</c>, so that <c>if (useSse41)</c> in the helper reads as the check
/// when all of them read to the same formula (<see cref="ConditionReader"/> compares them). Null, and the
/// parameter Unknown, when the helper is not a private ordinary method of this compilation, when the
/// parameter is written in it (assigned, incremented, passed by <c>ref</c>/<c>out</c>), when the helper is
/// referred to otherwise than by a direct call (a method group, a delegate, <c>nameof</c>), or when it has no call.
/// </summary>
internal sealed class ParameterArguments
{
    private readonly Compilation _compilation;
    private readonly SemanticModels _models;
    private readonly ConcurrentDictionary<IParameterSymbol, ImmutableArray<IOperation>?> _arguments = new(SymbolEqualityComparer.Default);

    public ParameterArguments(Compilation compilation, SemanticModels models) => (_compilation, _models) = (compilation, models);

    public ImmutableArray<IOperation>? GetArguments(IParameterSymbol parameter, CancellationToken cancellationToken) =>
        _arguments.GetOrAdd(parameter, p => Collect(p, cancellationToken));

    private ImmutableArray<IOperation>? Collect(IParameterSymbol parameter, CancellationToken cancellationToken)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Private } method
            || method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern || method.IsPartialDefinition
                || method.PartialDefinitionPart is not null
            || parameter.RefKind != RefKind.None || parameter.IsParams || parameter.Type.SpecialType != SpecialType.System_Boolean
            || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly)
            || method.DeclaringSyntaxReferences.Length != 1
            || Written(method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken), parameter.Name))
            return null;

        // A private method is named only inside its type's declarations.
        var arguments = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var declaration in method.ContainingType.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)))
        {
            var model = _models.For(declaration.SyntaxTree);
            // The tree's names are indexed once (shared with the call-site search), not walked per parameter.
            foreach (var name in Prefilter.SyntaxNameIndex.Of(declaration.SyntaxTree, cancellationToken).Named(method.Name).OfType<SimpleNameSyntax>())
            {
                if (!declaration.FullSpan.Contains(name.Span)) continue;
                var bound = model.GetSymbolInfo(name, cancellationToken);
                var symbols = bound.Symbol is { } symbol ? new[] { symbol } : bound.CandidateSymbols.AsEnumerable();
                if (!symbols.Any(s => SymbolEqualityComparer.Default.Equals(s.OriginalDefinition, method))) continue;

                // Only a direct call: C.Min(...), this.Min(...), Min(...).
                SyntaxNode callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                if (callee.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != callee
                    || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation call
                    || call.Arguments.FirstOrDefault(a
                        => SymbolEqualityComparer.Default.Equals(a.Parameter?.OriginalDefinition, parameter.OriginalDefinition)) is not { } argument)
                    return null;
                arguments.Add(argument.Value);
            }
        }
        return arguments.Count == 0 ? null : arguments.ToImmutable();
    }

    /// <summary>Whether a name is written (assigned, incremented, passed by ref or out) in the method's declaration.</summary>
    private static bool Written(SyntaxNode declaration, string name) =>
        declaration.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(n => n.Identifier.ValueText == name)
            .Any(n => n.Parent switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left == n,
                PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => true,
                ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
                _ => false,
            });
}
