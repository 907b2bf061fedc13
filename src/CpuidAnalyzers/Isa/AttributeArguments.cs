using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.Isa;

/// <summary>
/// The one place attribute data is read (contracts, the runtime's list, CPUID009's report). An attribute
/// in a user's code can hold anything that compiles, and, while it is typed, things that do not: a
/// <c>null</c> params array, an array where one value was expected, an argument of the wrong type or
/// arity, <c>typeof</c> of a type that does not exist. None of it throws here; what is not a type is
/// skipped.
/// </summary>
internal static class AttributeArguments
{
    /// <summary>Nested arrays (<c>params object[]</c> holding a <c>Type[]</c>) are followed this deep.</summary>
    private const int MaxDepth = 4;

    /// <summary>The attribute's class by its full name (<c>CpuidAnalyzers.RequiresIsaAttribute</c>); null when it did not bind to a class.</summary>
    public static string? ClassName(AttributeData attribute) => attribute.AttributeClass?.ToDisplayString();

    /// <summary>
    /// The types an attribute's constructor arguments name, in order: <c>typeof(X)</c> arguments, and the
    /// elements of array arguments (a params array is flattened: <c>(typeof(A), typeof(B))</c> is A, B).
    /// A null array, a null element, a value that is not a type, and a type that did not bind are skipped,
    /// so <c>[RequiresIsa(null)]</c> names nothing. Named arguments are not read: contract attributes take
    /// their classes in the constructor.
    /// </summary>
    public static IEnumerable<ITypeSymbol> Types(AttributeData attribute)
    {
        var types = new List<ITypeSymbol>();
        foreach (var argument in attribute.ConstructorArguments)
            Collect(argument, types, 0);
        return types;
    }

    /// <summary>The ISA classes among <see cref="Types"/>, as atoms of <paramref name="model"/>, in order; other types are skipped.</summary>
    public static IEnumerable<int> Atoms(AttributeData attribute, IsaModel model)
    {
        foreach (var type in Types(attribute))
            if (model.TryGetAtom(type, out var atom))
                yield return atom;
    }

    private static void Collect(TypedConstant constant, List<ITypeSymbol> types, int depth)
    {
        // Value throws on an array and Values on anything else; a null array's Values is a default ImmutableArray.
        if (constant.IsNull || constant.Kind == TypedConstantKind.Error) return;
        if (constant.Kind == TypedConstantKind.Array)
        {
            if (depth >= MaxDepth || constant.Values.IsDefault) return;
            foreach (var element in constant.Values) Collect(element, types, depth + 1);
            return;
        }
        if (constant.Kind == TypedConstantKind.Type && constant.Value is ITypeSymbol { TypeKind: not TypeKind.Error } type)
            types.Add(type);
    }
}
