using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.CodeFixes.IsaUse;

/// <summary>Element types a mapping is exact for.</summary>
[System.Flags]
internal enum VectorElements
{
    None = 0,
    SByte = 1 << 0,
    Byte = 1 << 1,
    Int16 = 1 << 2,
    UInt16 = 1 << 3,
    Int32 = 1 << 4,
    UInt32 = 1 << 5,
    Int64 = 1 << 6,
    UInt64 = 1 << 7,
    Single = 1 << 8,
    Double = 1 << 9,

    /// <summary>8- to 32-bit integers (the element sizes SSE and AVX2 min/max cover).</summary>
    SmallIntegers = SByte | Byte | Int16 | UInt16 | Int32 | UInt32,
    Integers = SmallIntegers | Int64 | UInt64,
    SignedIntegers = SByte | Int16 | Int32 | Int64,
    FloatingPoint = Single | Double,
    All = Integers | FloatingPoint,
}

/// <summary>One ISA member and the portable <c>Vector64/128/256/512</c> method with exactly its semantics.</summary>
internal sealed class CrossPlatformMapping
{
    public CrossPlatformMapping(string isaClass, string method, string portableMethod, VectorElements elements, string why)
    {
        IsaClass = isaClass;
        Method = method;
        PortableMethod = portableMethod;
        Elements = elements;
        Why = why;
    }

    /// <summary>Metadata name of the ISA class, e.g. <c>System.Runtime.Intrinsics.X86.Avx2</c>.</summary>
    public string IsaClass { get; }

    public string Method { get; }

    /// <summary>The method on the <c>VectorNNN</c> class of the call's vector width, e.g. <c>Add</c> → <c>Vector256.Add</c>.</summary>
    public string PortableMethod { get; }

    /// <summary>Element types for which the two agree bit for bit; other overloads are left alone.</summary>
    public VectorElements Elements { get; }

    /// <summary>Why the results are identical (documented in docs/code-fixes.md).</summary>
    public string Why { get; }

    public string IsaDisplay => IsaClass.Substring(IsaClass.LastIndexOf('.') + 1).Replace('+', '.') + "." + Method;

    /// <summary><c>Vector256.Add</c>: the class follows the vector width of the call (AdvSimd has 64- and 128-bit overloads).</summary>
    public string PortableDisplay
    {
        get
        {
            var isa = IsaDisplay;
            if (isa.StartsWith("AdvSimd", System.StringComparison.Ordinal)) return "Vector64." + PortableMethod + " / Vector128." + PortableMethod;
            if (isa.StartsWith("Avx512", System.StringComparison.Ordinal)) return "Vector512." + PortableMethod;
            if (isa.StartsWith("Avx", System.StringComparison.Ordinal)) return "Vector256." + PortableMethod;
            return "Vector128." + PortableMethod;
        }
    }

    /// <summary><c>sbyte, byte, short</c>…: the element types, as C# spells them.</summary>
    public string ElementDisplay => string.Join(", ", new[]
    {
        (VectorElements.SByte, "sbyte"), (VectorElements.Byte, "byte"), (VectorElements.Int16, "short"), (VectorElements.UInt16, "ushort"),
        (VectorElements.Int32, "int"), (VectorElements.UInt32, "uint"), (VectorElements.Int64, "long"), (VectorElements.UInt64, "ulong"),
        (VectorElements.Single, "float"), (VectorElements.Double, "double"),
    }.Where(e => (Elements & e.Item1) != 0).Select(e => e.Item2));
}

/// <summary>
/// The one table behind "Use the cross-platform API" (docs/code-fixes.md lists it row by row). A call is
/// replaced only when its overload takes and returns <c>VectorNNN&lt;T&gt;</c> of one T (or, for loads, a
/// <c>T*</c>) and T is one of the row's element types. Left out on purpose, because the semantics differ:
/// floating-point Min/Max (minps returns the second operand for NaN and ±0, Vector128.Min follows
/// IEEE 754:2019 minimum), AndNot (Sse2.AndNot(a, b) is ~a &amp; b, Vector128.AndNot(a, b) is a &amp; ~b),
/// shifts (SSE saturates counts ≥ the element width to zero, Vector128.ShiftLeft masks the count),
/// Sse2.Multiply on uint (a widening 32×32→64 multiply), Abs (returns an unsigned vector), floating-point
/// comparisons, aligned and non-temporal loads, and stores (argument order differs).
/// </summary>
internal static class CrossPlatformApiMap
{
    private const string X86 = "System.Runtime.Intrinsics.X86.";
    private const string Arm = "System.Runtime.Intrinsics.Arm.";

    private const string Wraps = "integer: wrapping two's-complement arithmetic in both";
    private const string Ieee = "IEEE 754 arithmetic, correctly rounded, in both";
    private const string Bitwise = "bitwise on the raw bits, whatever the element type";
    private const string IntegerOrder = "integer compare: no NaN or signed zero to disagree on; all bits set where true";
    private const string UnalignedLoad = "unaligned load of one vector from a T*";

    public static ImmutableArray<CrossPlatformMapping> Table { get; } = ImmutableArray.Create(
        new CrossPlatformMapping(X86 + "Sse", "Add", "Add", VectorElements.Single, Ieee),
        new CrossPlatformMapping(X86 + "Sse2", "Add", "Add", VectorElements.Integers | VectorElements.Double, Wraps + "; double: " + Ieee),
        new CrossPlatformMapping(X86 + "Avx", "Add", "Add", VectorElements.FloatingPoint, Ieee),
        new CrossPlatformMapping(X86 + "Avx2", "Add", "Add", VectorElements.Integers, Wraps),
        new CrossPlatformMapping(Arm + "AdvSimd", "Add", "Add", VectorElements.Integers | VectorElements.Single, Wraps + "; float: " + Ieee),
        new CrossPlatformMapping(X86 + "Sse", "Subtract", "Subtract", VectorElements.Single, Ieee),
        new CrossPlatformMapping(X86 + "Sse2", "Subtract", "Subtract", VectorElements.Integers | VectorElements.Double, Wraps + "; double: " + Ieee),
        new CrossPlatformMapping(X86 + "Avx", "Subtract", "Subtract", VectorElements.FloatingPoint, Ieee),
        new CrossPlatformMapping(X86 + "Avx2", "Subtract", "Subtract", VectorElements.Integers, Wraps),
        new CrossPlatformMapping(Arm + "AdvSimd", "Subtract", "Subtract", VectorElements.Integers | VectorElements.Single, Wraps + "; float: " + Ieee),
        new CrossPlatformMapping(X86 + "Sse", "Multiply", "Multiply", VectorElements.Single, Ieee),
        new CrossPlatformMapping(X86 + "Sse2", "Multiply", "Multiply", VectorElements.Double, Ieee + " (the uint overload multiplies into ulong: not mapped)"),
        new CrossPlatformMapping(X86 + "Avx", "Multiply", "Multiply", VectorElements.FloatingPoint, Ieee),
        new CrossPlatformMapping(X86 + "Sse2", "MultiplyLow", "Multiply", VectorElements.Int16 | VectorElements.UInt16,
            "the low half of each product is the wrapping product"),
        new CrossPlatformMapping(X86 + "Sse41", "MultiplyLow", "Multiply", VectorElements.Int32 | VectorElements.UInt32,
            "the low half of each product is the wrapping product"),
        new CrossPlatformMapping(X86 + "Avx2", "MultiplyLow", "Multiply",
            VectorElements.Int16 | VectorElements.UInt16 | VectorElements.Int32 | VectorElements.UInt32,
            "the low half of each product is the wrapping product"),
        new CrossPlatformMapping(X86 + "Sse", "Divide", "Divide", VectorElements.Single, Ieee),
        new CrossPlatformMapping(X86 + "Sse2", "Divide", "Divide", VectorElements.Double, Ieee),
        new CrossPlatformMapping(X86 + "Avx", "Divide", "Divide", VectorElements.FloatingPoint, Ieee),
        new CrossPlatformMapping(X86 + "Sse", "And", "BitwiseAnd", VectorElements.Single, Bitwise),
        new CrossPlatformMapping(X86 + "Sse2", "And", "BitwiseAnd", VectorElements.Integers | VectorElements.Double, Bitwise),
        new CrossPlatformMapping(X86 + "Avx", "And", "BitwiseAnd", VectorElements.FloatingPoint, Bitwise),
        new CrossPlatformMapping(X86 + "Avx2", "And", "BitwiseAnd", VectorElements.Integers, Bitwise),
        new CrossPlatformMapping(Arm + "AdvSimd", "And", "BitwiseAnd", VectorElements.All, Bitwise),
        new CrossPlatformMapping(X86 + "Sse", "Or", "BitwiseOr", VectorElements.Single, Bitwise),
        new CrossPlatformMapping(X86 + "Sse2", "Or", "BitwiseOr", VectorElements.Integers | VectorElements.Double, Bitwise),
        new CrossPlatformMapping(X86 + "Avx", "Or", "BitwiseOr", VectorElements.FloatingPoint, Bitwise),
        new CrossPlatformMapping(X86 + "Avx2", "Or", "BitwiseOr", VectorElements.Integers, Bitwise),
        new CrossPlatformMapping(Arm + "AdvSimd", "Or", "BitwiseOr", VectorElements.All, Bitwise),
        new CrossPlatformMapping(X86 + "Sse", "Xor", "Xor", VectorElements.Single, Bitwise),
        new CrossPlatformMapping(X86 + "Sse2", "Xor", "Xor", VectorElements.Integers | VectorElements.Double, Bitwise),
        new CrossPlatformMapping(X86 + "Avx", "Xor", "Xor", VectorElements.FloatingPoint, Bitwise),
        new CrossPlatformMapping(X86 + "Avx2", "Xor", "Xor", VectorElements.Integers, Bitwise),
        new CrossPlatformMapping(Arm + "AdvSimd", "Xor", "Xor", VectorElements.All, Bitwise),
        new CrossPlatformMapping(X86 + "Sse2", "Min", "Min", VectorElements.Byte | VectorElements.Int16, IntegerOrder),
        new CrossPlatformMapping(X86 + "Sse41", "Min", "Min", VectorElements.SByte | VectorElements.UInt16 | VectorElements.Int32 | VectorElements.UInt32,
            IntegerOrder),
        new CrossPlatformMapping(X86 + "Avx2", "Min", "Min", VectorElements.SmallIntegers, IntegerOrder),
        new CrossPlatformMapping(Arm + "AdvSimd", "Min", "Min", VectorElements.SmallIntegers, IntegerOrder),
        new CrossPlatformMapping(X86 + "Sse2", "Max", "Max", VectorElements.Byte | VectorElements.Int16, IntegerOrder),
        new CrossPlatformMapping(X86 + "Sse41", "Max", "Max", VectorElements.SByte | VectorElements.UInt16 | VectorElements.Int32 | VectorElements.UInt32,
            IntegerOrder),
        new CrossPlatformMapping(X86 + "Avx2", "Max", "Max", VectorElements.SmallIntegers, IntegerOrder),
        new CrossPlatformMapping(Arm + "AdvSimd", "Max", "Max", VectorElements.SmallIntegers, IntegerOrder),
        new CrossPlatformMapping(X86 + "Sse2", "CompareEqual", "Equals", VectorElements.SmallIntegers, IntegerOrder),
        new CrossPlatformMapping(X86 + "Sse41", "CompareEqual", "Equals", VectorElements.Int64 | VectorElements.UInt64, IntegerOrder),
        new CrossPlatformMapping(X86 + "Avx2", "CompareEqual", "Equals", VectorElements.Integers, IntegerOrder),
        new CrossPlatformMapping(X86 + "Sse2", "CompareGreaterThan", "GreaterThan", VectorElements.SByte | VectorElements.Int16 | VectorElements.Int32,
            IntegerOrder + " (signed compare)"),
        new CrossPlatformMapping(X86 + "Sse42", "CompareGreaterThan", "GreaterThan", VectorElements.Int64, IntegerOrder + " (signed compare)"),
        new CrossPlatformMapping(X86 + "Avx2", "CompareGreaterThan", "GreaterThan", VectorElements.SignedIntegers, IntegerOrder + " (signed compare)"),
        new CrossPlatformMapping(X86 + "Sse", "LoadVector128", "Load", VectorElements.Single, UnalignedLoad),
        new CrossPlatformMapping(X86 + "Sse2", "LoadVector128", "Load", VectorElements.Integers | VectorElements.Double, UnalignedLoad),
        new CrossPlatformMapping(X86 + "Avx", "LoadVector256", "Load", VectorElements.All, UnalignedLoad),
        new CrossPlatformMapping(Arm + "AdvSimd", "LoadVector128", "Load", VectorElements.All, UnalignedLoad));

    /// <summary>The mapping for a call to <paramref name="method"/>, when its overload is one the table covers exactly.</summary>
    public static CrossPlatformMapping? Find(IMethodSymbol method)
    {
        var type = method.ContainingType;
        var name = Metadata(type);
        var mapping = Table.FirstOrDefault(m => m.IsaClass == name && m.Method == method.Name);
        if (mapping is null || PortableClassName(method.ReturnType) is null) return null;

        var element = ((INamedTypeSymbol)method.ReturnType).TypeArguments[0];
        if ((ElementOf(element) & mapping.Elements) == VectorElements.None) return null;
        // Every parameter is the same vector type as the result, or (a load) a pointer to its element type.
        var sameShape = method.Parameters.Length > 0 && method.Parameters.All(p =>
            SymbolEqualityComparer.Default.Equals(p.Type, method.ReturnType)
            || (p.Type is IPointerTypeSymbol pointer && SymbolEqualityComparer.Default.Equals(pointer.PointedAtType, element)
                && method.Parameters.Length == 1));
        return sameShape ? mapping : null;
    }

    /// <summary><c>System.Runtime.Intrinsics.Vector256</c> for a <c>Vector256&lt;T&gt;</c>, else null.</summary>
    public static string? PortableClassName(ITypeSymbol type) =>
        type is INamedTypeSymbol { Arity: 1, Name: "Vector64" or "Vector128" or "Vector256" or "Vector512" } vector
        && vector.ContainingNamespace.ToDisplayString() == "System.Runtime.Intrinsics"
            ? "System.Runtime.Intrinsics." + vector.Name
            : null;

    private static VectorElements ElementOf(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_SByte => VectorElements.SByte,
        SpecialType.System_Byte => VectorElements.Byte,
        SpecialType.System_Int16 => VectorElements.Int16,
        SpecialType.System_UInt16 => VectorElements.UInt16,
        SpecialType.System_Int32 => VectorElements.Int32,
        SpecialType.System_UInt32 => VectorElements.UInt32,
        SpecialType.System_Int64 => VectorElements.Int64,
        SpecialType.System_UInt64 => VectorElements.UInt64,
        SpecialType.System_Single => VectorElements.Single,
        SpecialType.System_Double => VectorElements.Double,
        _ => VectorElements.None,
    };

    private static string Metadata(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType) name = outer.MetadataName + "+" + name;
        return type.ContainingNamespace.ToDisplayString() + "." + name;
    }
}
