using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.Isa;

/// <summary>
/// The ISA classes a compilation can see, numbered as atoms, with the implication closure the
/// runtime's own type hierarchy states: a class implies its base classes and, for a nested
/// <c>X64</c>/<c>VL</c>/<c>Arm64</c> class, its containing class. Built once per compilation.
/// </summary>
internal sealed class IsaModel
{
    private readonly Dictionary<INamedTypeSymbol, int> _index;
    private readonly AtomSet[] _implies;
    private readonly AtomSet[] _impliedBy;

    private IsaModel(ImmutableArray<INamedTypeSymbol> classes)
    {
        Classes = classes;
        _index = new Dictionary<INamedTypeSymbol, int>(SymbolEqualityComparer.Default);
        for (var i = 0; i < classes.Length; i++) _index[classes[i]] = i;

        _implies = new AtomSet[classes.Length];
        for (var i = 0; i < classes.Length; i++) ComputeImplies(i, new HashSet<int>());

        var impliedBy = new AtomSet[classes.Length];
        for (var i = 0; i < classes.Length; i++)
            foreach (var implied in _implies[i].Atoms)
                impliedBy[implied] = impliedBy[implied].With(i);
        _impliedBy = impliedBy;

        SimpleNames = ImmutableHashSet.CreateRange(classes.Select(c => c.Name));
        for (var i = 0; i < classes.Length; i++) IsaMask = IsaMask.With(i);
    }

    /// <summary>All ISA atoms: what holds for a whole process, unlike a body's variables.</summary>
    public AtomSet IsaMask { get; }

    /// <summary>Every ISA class; its position is its atom index.</summary>
    public ImmutableArray<INamedTypeSymbol> Classes { get; }

    public int Count => Classes.Length;

    /// <summary>Simple names of the ISA classes, for the cheap syntax pre-check.</summary>
    public ImmutableHashSet<string> SimpleNames { get; }

    /// <summary>Null when the compilation cannot see any ISA class (nothing to analyze).</summary>
    public static IsaModel? TryCreate(Compilation compilation)
    {
        var intrinsics = compilation.GlobalNamespace
            .GetNamespaceMembers().FirstOrDefault(n => n.Name == "System")?
            .GetNamespaceMembers().FirstOrDefault(n => n.Name == "Runtime")?
            .GetNamespaceMembers().FirstOrDefault(n => n.Name == "Intrinsics");
        if (intrinsics is null) return null;

        var classes = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        foreach (var platform in intrinsics.GetNamespaceMembers())
            CollectIsaClasses(platform, classes);
        return classes.Count == 0 ? null : new IsaModel(classes.ToImmutable());
    }

    public bool TryGetAtom(ITypeSymbol? type, out int atom)
    {
        atom = -1;
        return type is INamedTypeSymbol named && _index.TryGetValue(named.OriginalDefinition, out atom);
    }

    /// <summary>Atoms of classes in System.Runtime.Intrinsics.{platform} named like "Avx2" or "Avx512F+VL".</summary>
    public IEnumerable<int> FindByRelativeName(string platform, string relativeName)
    {
        for (var i = 0; i < Classes.Length; i++)
        {
            var type = Classes[i];
            var name = type.Name;
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType) name = outer.Name + "+" + name;
            var ns = type.ContainingNamespace;
            if (ns?.Name == platform && string.Equals(name, relativeName, System.StringComparison.OrdinalIgnoreCase)) yield return i;
        }
    }

    /// <summary>The atom of the class nested in <paramref name="atom"/>'s class with the given name (X64, Arm64), if any.</summary>
    public int? FindNested(int atom, string name)
    {
        var nested = Classes[atom].GetTypeMembers(name).FirstOrDefault();
        return nested is not null && TryGetAtom(nested, out var found) ? found : null;
    }

    /// <summary>What "atom is true" establishes: the atom and all it implies.</summary>
    public AtomSet WhenTrue(int atom) => atom < Count ? _implies[atom] : AtomSet.Of(atom);

    /// <summary>What "atom is false" establishes: the atom and all that implies it are false.</summary>
    public AtomSet WhenFalse(int atom) => atom < Count ? _impliedBy[atom] : AtomSet.Of(atom);

    /// <summary><c>Avx2</c>, <c>Sse41.X64</c>, <c>Avx10v1.V512.X64</c>: how users spell the class.</summary>
    public string DisplayName(int atom) => DisplayName(Classes[atom]);

    public static string DisplayName(INamedTypeSymbol type) =>
        type.ContainingType is { } outer ? DisplayName(outer) + "." + type.Name : type.Name;

    /// <summary>The metadata name a code fix can resolve with GetTypeByMetadataName.</summary>
    public string MetadataName(int atom)
    {
        var type = Classes[atom];
        var name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            name = outer.MetadataName + "+" + name;
        return type.ContainingNamespace.ToDisplayString() + "." + name;
    }

    /// <summary>
    /// The atoms of <paramref name="set"/> that nothing else in it implies: <c>Avx2</c> for the
    /// closure of Avx2, so messages name what was checked rather than all it implies.
    /// </summary>
    public IEnumerable<int> MostSpecific(AtomSet set)
    {
        // Only ISA atoms: a body's variable atoms may be hundreds, and this is quadratic in what it looks at.
        var classes = set.Intersect(IsaMask);
        return classes.Atoms.Where(a => !classes.Atoms.Any(b => b != a && _implies[b].Contains(a)));
    }

    /// <summary>The atoms of <paramref name="set"/> that imply nothing else in it (the roots of a false set).</summary>
    public IEnumerable<int> MostGeneral(AtomSet set)
    {
        var classes = set.Intersect(IsaMask);
        return classes.Atoms.Where(a => !classes.Atoms.Any(b => b != a && _implies[a].Contains(b)));
    }

    /// <summary>
    /// Whether class <paramref name="a"/> implies class <paramref name="b"/>, for code that has the classes but no
    /// model (the code fixes): the same rule as <see cref="WhenTrue"/>, see <see cref="DirectlyImplied"/>.
    /// </summary>
    public static bool Implies(INamedTypeSymbol a, INamedTypeSymbol b)
    {
        if (SymbolEqualityComparer.Default.Equals(a.OriginalDefinition, b.OriginalDefinition)) return true;
        foreach (var parent in DirectlyImplied(a))
            if (parent is not null && IsIsaClass(parent) && Implies(parent, b)) return true;
        return false;
    }

    /// <summary>A class under System.Runtime.Intrinsics with a static bool <c>IsSupported</c>: what the model holds.</summary>
    public static bool IsIsaClass(ITypeSymbol? type) =>
        type is INamedTypeSymbol named && IsUnderIntrinsics(named.ContainingNamespace) && HasIsSupported(named);

    /// <summary>What a class implies by itself: its base class and, for a nested <c>X64</c>/<c>VL</c>/<c>Arm64</c> class, its containing class.</summary>
    private static INamedTypeSymbol?[] DirectlyImplied(INamedTypeSymbol type) => new[] { type.BaseType, type.ContainingType };

    private static bool IsUnderIntrinsics(INamespaceSymbol? ns)
    {
        for (; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
            if (ns.ToDisplayString() == "System.Runtime.Intrinsics") return true;
        return false;
    }

    private AtomSet ComputeImplies(int atom, HashSet<int> visiting)
    {
        if (!_implies[atom].IsEmpty || !visiting.Add(atom)) return _implies[atom];
        var closure = AtomSet.Of(atom);
        foreach (var parent in DirectlyImplied(Classes[atom]))
            if (parent is not null && _index.TryGetValue(parent.OriginalDefinition, out var p))
                closure = closure.Union(ComputeImplies(p, visiting));
        _implies[atom] = closure;
        return closure;
    }

    private static void CollectIsaClasses(INamespaceOrTypeSymbol container, ImmutableArray<INamedTypeSymbol>.Builder classes)
    {
        foreach (var type in container.GetTypeMembers())
        {
            if (HasIsSupported(type)) classes.Add(type);
            CollectIsaClasses(type, classes);
        }
        if (container is INamespaceSymbol ns)
            foreach (var inner in ns.GetNamespaceMembers())
                CollectIsaClasses(inner, classes);
    }

    private static bool HasIsSupported(INamedTypeSymbol type) =>
        type.GetMembers("IsSupported").Any(m => m is IPropertySymbol { IsStatic: true, Type.SpecialType: SpecialType.System_Boolean });
}
