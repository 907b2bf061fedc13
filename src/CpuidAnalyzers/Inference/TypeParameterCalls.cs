using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CpuidAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Inference;

/// <summary>
/// Static abstract (and static virtual) interface members called through a type parameter: <c>TOps.Combine(a, b)</c>
/// in a generic method runs the implementation of whatever type the method is instantiated with. Per generic method
/// of this compilation and per type parameter, the interface members its body calls through that parameter, directly
/// or by passing it on to another generic method (<c>Sum&lt;TVec, Ops, TNegator&gt;</c> in <c>Count&lt;TNegator&gt;</c>);
/// each call of the method is then a use of what the type arguments' implementations of those members require.
/// </summary>
/// <remarks>
/// Each method's body is read once, without flow (a walk of its operations); the transitive answer is a walk of
/// those summaries, so cycles (a generic method instantiating itself) cost nothing more.
/// </remarks>
internal sealed class TypeParameterCalls
{
    private readonly Compilation _compilation;
    private readonly SemanticModels _models;
    private readonly System.Func<SyntaxNode, CancellationToken, bool> _mayUseIsa;
    private readonly System.Func<ISymbol, bool> _hidden;
    private readonly ConcurrentDictionary<IMethodSymbol, Summary> _summaries = new(SymbolEqualityComparer.Default);
    private readonly object _gate = new();
    private List<INamedTypeSymbol>? _implementingTypes;

    /// <param name="hidden">Whether no other assembly can call a member: only such a generic method has all its instantiations in front of us.</param>
    public TypeParameterCalls(Compilation compilation, SemanticModels models, System.Func<SyntaxNode, CancellationToken, bool> mayUseIsa,
        System.Func<ISymbol, bool> hidden) =>
        (_compilation, _models, _mayUseIsa, _hidden) = (compilation, models, mayUseIsa, hidden);

    /// <summary>
    /// A static abstract or virtual member of an interface of this compilation: a call through a type parameter
    /// reaches an implementation that the type argument chooses, and the interface's code is all in front of us.
    /// </summary>
    public bool IsStaticInterfaceMember(ISymbol member) =>
        member is IMethodSymbol { IsStatic: true, ContainingType.TypeKind: TypeKind.Interface } method
        && (method.IsAbstract || method.IsVirtual)
        && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly);

    /// <summary>
    /// Whether a call through <paramref name="typeParameter"/> is judged where the method declaring it is called,
    /// with its type arguments: a type parameter of an ordinary method of this compilation that no other assembly can call,
    /// and that every call reaches directly (not virtual, abstract, an override or an interface implementation: a call
    /// through the base member would name the base's type parameters, and read the base's body).
    /// </summary>
    public bool IsJudgedAtInstantiation(ITypeParameterSymbol typeParameter) =>
        typeParameter.DeclaringMethod?.OriginalDefinition is { MethodKind: MethodKind.Ordinary, IsVirtual: false, IsAbstract: false, IsOverride: false } method
        && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly)
        && !method.DeclaringSyntaxReferences.IsEmpty
        && _hidden(method)
        && !ImplementsInterfaceMember(method);

    private static bool ImplementsInterfaceMember(IMethodSymbol method) =>
        method.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers(method.Name))
            .Any(m => SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(m)?.OriginalDefinition, method));

    /// <summary>
    /// The implementations that a call of <paramref name="method"/> (constructed, with its type arguments) runs through
    /// its type parameters; for an argument that is itself a type parameter judged at instantiation, none (that method's
    /// callers are judged instead); for any other type parameter, every implementation in the compilation (<paramref name="anyOf"/>).
    /// </summary>
    public IEnumerable<(IEnumerable<IMethodSymbol> Implementations, bool AnyOf)> ReachedThrough(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var definition = method.OriginalDefinition;
        if (!method.IsGenericMethod || !SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, _compilation.Assembly)) yield break;
        for (var k = 0; k < method.TypeArguments.Length; k++)
        {
            var argument = method.TypeArguments[k];
            if (argument is ITypeParameterSymbol parameter
                && (IsJudgedAtInstantiation(parameter) || SymbolEqualityComparer.Default.Equals(parameter, definition.TypeParameters[k])))
                continue;
            foreach (var member in MembersThrough(definition, k, cancellationToken))
            {
                yield return argument is ITypeParameterSymbol
                    ? (AllImplementations(member, cancellationToken), true)
                    : (ImplementationsIn(argument, member), false);
            }
        }
    }

    /// <summary>Every implementation in this compilation of a static interface member (the any-of of a call whose type argument is unknown).</summary>
    public IReadOnlyList<IMethodSymbol> AllImplementations(IMethodSymbol interfaceMember, CancellationToken cancellationToken) =>
        ImplementingTypes(cancellationToken).SelectMany(type
            => ImplementationsIn(type, interfaceMember.OriginalDefinition)).Distinct<IMethodSymbol>(SymbolEqualityComparer.Default).ToList();

    /// <summary>The interface members called through the method's <paramref name="ordinal"/>-th type parameter, transitively.</summary>
    private IEnumerable<IMethodSymbol> MembersThrough(IMethodSymbol definition, int ordinal, CancellationToken cancellationToken)
    {
        var members = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var seen = new HashSet<(IMethodSymbol, int)>();
        var pending = new Stack<(IMethodSymbol Method, int Ordinal)>();
        pending.Push((definition, ordinal));
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!seen.Add(node)) continue;
            var summary = SummaryOf(node.Method, cancellationToken);
            if (summary.Members.TryGetValue(node.Ordinal, out var direct)) members.UnionWith(direct);
            if (summary.PassedOn.TryGetValue(node.Ordinal, out var edges))
                foreach (var edge in edges) pending.Push(edge);
        }
        return members;
    }

    /// <summary>The implementations of <paramref name="interfaceMember"/> (an original definition) in <paramref name="type"/>, one per constructed interface it
    /// implements.</summary>
    private static IEnumerable<IMethodSymbol> ImplementationsIn(ITypeSymbol type, IMethodSymbol interfaceMember)
    {
        foreach (var @interface in type.AllInterfaces)
        {
            if (!SymbolEqualityComparer.Default.Equals(@interface.OriginalDefinition, interfaceMember.ContainingType.OriginalDefinition)) continue;
            foreach (var member in @interface.GetMembers(interfaceMember.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(member.OriginalDefinition, interfaceMember)
                    && type.FindImplementationForInterfaceMember(member) is IMethodSymbol implementation)
                    yield return implementation;
            }
        }
    }

    private Summary SummaryOf(IMethodSymbol definition, CancellationToken cancellationToken) =>
        _summaries.TryGetValue(definition, out var known) ? known : _summaries.GetOrAdd(definition, Read(definition, cancellationToken));

    private Summary Read(IMethodSymbol definition, CancellationToken cancellationToken)
    {
        var summary = new Summary();
        foreach (var reference in definition.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            // A body that names nothing leading to an ISA class calls no implementation that needs one.
            if (!_mayUseIsa(syntax, cancellationToken)) continue;
            var semanticModel = _models.For(syntax.SyntaxTree);
            foreach (var root in CodeBlocks.GraphRoots(syntax, semanticModel, cancellationToken))
            {
                foreach (var operation in root.DescendantsAndSelf())
                {
                    var (target, constrainedTo) = operation switch
                    {
                        IInvocationOperation invocation => (invocation.TargetMethod, invocation.ConstrainedToType),
                        IMethodReferenceOperation reference2 => (reference2.Method, reference2.ConstrainedToType),
                        _ => (null, null),
                    };
                    if (target is null) continue;
                    if (constrainedTo is ITypeParameterSymbol through && Declares(definition, through) && IsStaticInterfaceMember(target))
                        summary.Add(summary.Members, through.Ordinal, target.OriginalDefinition);
                    if (!target.IsGenericMethod) continue;
                    for (var k = 0; k < target.TypeArguments.Length; k++)
                    {
                        if (target.TypeArguments[k] is ITypeParameterSymbol passed && Declares(definition, passed))
                            summary.Add(summary.PassedOn, passed.Ordinal, (target.OriginalDefinition, k));
                    }
                }
            }
        }
        return summary;
    }

    private static bool Declares(IMethodSymbol definition, ITypeParameterSymbol parameter) =>
        SymbolEqualityComparer.Default.Equals(parameter.DeclaringMethod?.OriginalDefinition, definition);

    private List<INamedTypeSymbol> ImplementingTypes(CancellationToken cancellationToken)
    {
        if (_implementingTypes is { } built) return built;
        lock (_gate)
        {
            if (_implementingTypes is { } raced) return raced;
            return _implementingTypes = SourceTypes.Of(_compilation, cancellationToken)
                .Where(type => type.TypeKind is TypeKind.Struct or TypeKind.Class && !type.AllInterfaces.IsEmpty).ToList();
        }
    }

    private sealed class Summary
    {
        public Dictionary<int, HashSet<IMethodSymbol>> Members { get; } = new();

        public Dictionary<int, HashSet<(IMethodSymbol, int)>> PassedOn { get; } = new();

        public void Add<T>(Dictionary<int, HashSet<T>> map, int ordinal, T value)
        {
            if (!map.TryGetValue(ordinal, out var set)) map[ordinal] = set = new HashSet<T>();
            set.Add(value);
        }
    }
}
