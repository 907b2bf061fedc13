using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Inference;

/// <summary>
/// Which members and types inference may apply to: those whose every caller (or creator) is in this
/// compilation, and whose calls reach this body and no other. Whether they have call sites is
/// <see cref="CallSites"/>' question; what they require is <see cref="RequirementInference"/>'s.
/// </summary>
internal sealed class InferenceEligibility
{
    private readonly Compilation _compilation;
    private readonly IsaContracts _contracts;
    private readonly AnalyzerOptions _options;
    private readonly DerivedTypes _derivedTypes;
    /// <summary>
    /// The <c>[InternalsVisibleTo]</c> friends that are not test friends by name (null for one whose name could not be
    /// read); empty when the assembly has none, or only test friends.
    /// </summary>
    private readonly IReadOnlyList<string?> _otherFriends;
    private readonly ConcurrentDictionary<SyntaxTree, bool> _internalsInferredByTree = new();

    public InferenceEligibility(Compilation compilation, IsaContracts contracts, AnalyzerOptions options)
    {
        _compilation = compilation;
        _contracts = contracts;
        _options = options;
        _derivedTypes = new DerivedTypes(compilation);
        _otherFriends = compilation.Assembly.GetAttributes()
            .Where(a => AttributeArguments.ClassName(a) == "System.Runtime.CompilerServices.InternalsVisibleToAttribute")
            .Select(TestFriends.AssemblyName)
            .Where(name => !TestFriends.IsTestFriendByName(name))
            .ToList();
    }

    /// <summary>
    /// A method, constructor or property accessor no other assembly can call, that a call reaches directly
    /// (not virtual, abstract, an override or an interface implementation), with no contract of its own.
    /// An accessor counts when its property is hidden: a public property's private setter is not followed,
    /// since the syntax filter only follows the names of hidden members.
    /// </summary>
    /// <remarks>
    /// A static member implementing static abstract or virtual members of an interface of this compilation that no other
    /// assembly sees (a strategy struct's <c>Combine</c>) is inferred too: its callers are the generic code that calls it
    /// through a type parameter, judged where that code is instantiated (<see cref="TypeParameterCalls"/>).
    /// </remarks>
    public bool IsInferable(IMethodSymbol method) =>
        (method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor or MethodKind.PropertyGet or MethodKind.PropertySet
            && method.ExplicitInterfaceImplementations.IsEmpty
            || method.MethodKind == MethodKind.ExplicitInterfaceImplementation && method.IsStatic)
        && !method.IsVirtual && !method.IsAbstract && !method.IsOverride && !method.IsExtern
        && InThisCompilation(method)
        && !method.DeclaringSyntaxReferences.IsEmpty
        && _contracts.Own(method) is null
        && IsHiddenFromOtherAssemblies(method.AssociatedSymbol ?? method)
        && (!ImplementsInterfaceMember(method) || IsStaticStrategyMember(method));

    /// <summary>
    /// A static method whose every implemented interface member is static (abstract or virtual) and declared in this
    /// compilation, in an interface no other assembly sees: only generic code of this compilation can call it through them.
    /// </summary>
    public bool IsStaticStrategyMember(IMethodSymbol method)
    {
        if (method is not { IsStatic: true, MethodKind: MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation }) return false;
        var implemented = ImplementedInterfaceMembers(method).ToList();
        return implemented.Count > 0 && implemented.All(m => m.IsStatic && InThisCompilation(m) && IsHiddenFromOtherAssemblies(m.ContainingType));
    }

    /// <summary>
    /// A class no other assembly can instantiate or derive from: every constructor of it, and of every
    /// class of this compilation below it, is hidden. Its instances then all come from a <c>new</c> in this
    /// compilation, of it or of a class below it, and those are what is checked.
    /// </summary>
    /// <remarks>
    /// Structs are never followed: a struct value exists without any constructor call (<c>default</c>,
    /// which often names no type; array elements; an unassigned field; generic code's <c>default(T)</c> or
    /// <c>new T[n]</c>, the framework's included, for a T it only inferred), so "every instance was created
    /// under the check" cannot be proven from the <c>new</c>s, and its members are analyzed on their own.
    /// </remarks>
    public bool IsInferableType(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (type is not { TypeKind: TypeKind.Class, IsStatic: false } || !InThisCompilation(type)
            || _contracts.GetRequirement(type.InstanceConstructors.FirstOrDefault() ?? (ISymbol)type) is not null
            || !type.InstanceConstructors.All(IsHiddenFromOtherAssemblies))
            return false;
        if (type.IsSealed) return true;
        var derived = DerivedTypes(type, cancellationToken);
        return derived.All(d => d.InstanceConstructors.All(IsHiddenFromOtherAssemblies)) && (!type.IsAbstract || derived.Count > 0);
    }

    /// <summary>The classes of this compilation below <paramref name="type"/> (none for a sealed class).</summary>
    public System.Collections.Generic.IReadOnlyList<INamedTypeSymbol> DerivedTypes(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.IsSealed ? System.Array.Empty<INamedTypeSymbol>() : _derivedTypes.Of(type, cancellationToken);

    public bool InThisCompilation(ISymbol symbol) => SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, _compilation.Assembly);

    public bool IsHiddenFromOtherAssemblies(ISymbol symbol)
    {
        var hiddenByInternal = false;
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingType)
        {
            switch (current.DeclaredAccessibility)
            {
                case Accessibility.Private:
                    return true;
                case Accessibility.Internal or Accessibility.ProtectedAndInternal:
                    hiddenByInternal = true;
                    break;
            }
        }
        return hiddenByInternal && InternalsInferred(symbol);
    }

    /// <summary>
    /// Whether what is hidden only by <c>internal</c> counts as hidden, for a symbol declared in a given file: when every
    /// <c>[InternalsVisibleTo]</c> friend is a test friend (by name, or listed in <c>cpuid_analyzers.test_friends</c>
    /// for that file), or <c>cpuid_analyzers.infer_internal_with_internals_visible_to = true</c> says so. Calls from a
    /// test friend are not checked: a test calling an internal helper directly fails in the test run.
    /// </summary>
    private bool InternalsInferred(ISymbol symbol)
    {
        if (_otherFriends.Count == 0) return true;
        var tree = symbol.DeclaringSyntaxReferences.FirstOrDefault()?.SyntaxTree;
        if (tree is null) return false;
        return _internalsInferredByTree.TryGetValue(tree, out var inferred) ? inferred : _internalsInferredByTree.GetOrAdd(tree, t =>
        {
            var options = _options.AnalyzerConfigOptionsProvider.GetOptions(t);
            if (options.TryGetValue(RequirementInference.InferInternalOption, out var forced)
                && string.Equals(forced.Trim(), "true", System.StringComparison.OrdinalIgnoreCase))
                return true;
            if (!options.TryGetValue(RequirementInference.TestFriendsOption, out var listed)) return false;
            var named = TestFriends.ParseList(listed);
            return _otherFriends.All(friend => friend is not null && named.Contains(friend));
        });
    }

    /// <summary>Private itself: its call sites are all in its type's declarations.</summary>
    public static bool IsPrivate(ISymbol symbol) => symbol.DeclaredAccessibility == Accessibility.Private;

    public bool Enabled(ISymbol symbol) => !OptionIs(symbol, RequirementInference.InferOption, "false");

    private static bool ImplementsInterfaceMember(IMethodSymbol method) => ImplementedInterfaceMembers(method).Any();

    private static System.Collections.Generic.IEnumerable<ISymbol> ImplementedInterfaceMembers(IMethodSymbol method) =>
        method.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers())
            .Where(m => SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(m), method));

    private bool OptionIs(ISymbol symbol, string key, string value)
    {
        var tree = symbol.DeclaringSyntaxReferences.FirstOrDefault()?.SyntaxTree;
        return tree is not null
            && _options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(key, out var configured)
            && string.Equals(configured.Trim(), value, System.StringComparison.OrdinalIgnoreCase);
    }
}
