using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Flow;

/// <summary>
/// The sizes <c>System.Numerics.Vector&lt;T&gt;</c> can have. The runtime picks one at startup from the CPU:
/// 16 bytes on x64 without AVX2, on Arm64 and without hardware intrinsics; 32 bytes on an AVX2 CPU
/// (also on an AVX-512 CPU, by default); 64 bytes with <c>DOTNET_MaxVectorTBitWidth=512</c> on an AVX-512 CPU.
/// </summary>
internal static class VectorWidths
{
    public static readonly ImmutableArray<int> Bytes = ImmutableArray.Create(16, 32, 64);

    /// <summary>The largest <c>Vector&lt;T&gt;</c> any supported CPU gives, in bytes.</summary>
    public const int MaxBytes = 64;

    /// <summary>
    /// "The width is one of <paramref name="widths"/>" as a formula. The three widths are encoded in two
    /// marker atoms, W32 = "at least 32 bytes" and W64 = "64 bytes": 16 = ¬W32∧¬W64, 32 = W32∧¬W64,
    /// 64 = W32∧W64. The fourth combination, ¬W32∧W64, is impossible, but the flow does not know that;
    /// it is made true in every formula, so an impossible path satisfies every requirement and
    /// exhausts no check (<c>if (Vector&lt;int&gt;.Count != 8) throw</c> leaves exactly W32∧¬W64). With one
    /// atom per width, "not 16 and not 64" would never give "32".
    /// </summary>
    public static Formula Of(IEnumerable<int> widths, Func<string, int, int> marker)
    {
        var set = widths.Distinct().Where(Bytes.Contains).ToList();
        if (set.Count == 0) return Formula.False;
        if (set.Count == Bytes.Length) return Formula.True;
        var w32 = Formula.Atom(marker("Vector<T> is at least 32 bytes wide", 32));
        var w64 = Formula.Atom(marker("Vector<T> is 64 bytes wide", 64));
        var impossible = Formula.And(Formula.Not(w32), w64);
        return set.Select(bytes => bytes switch
        {
            16 => Formula.And(Formula.Not(w32), Formula.Not(w64)),
            32 => Formula.And(w32, Formula.Not(w64)),
            _ => Formula.And(w32, w64),
        }).Aggregate(impossible, Formula.Or);
    }

    /// <summary><c>System.Numerics.Vector&lt;T&gt;</c>, and its T.</summary>
    public static bool IsVectorOfT(ITypeSymbol? type, out ITypeSymbol element)
    {
        element = null!;
        if (type is not INamedTypeSymbol { Name: "Vector", Arity: 1 } named || !IsSystemNumerics(named.ContainingNamespace)) return false;
        element = named.TypeArguments[0];
        return true;
    }

    /// <summary>sizeof of a primitive element type; 0 when unknown (type parameters, nint, structs).</summary>
    public static int ElementSize(ITypeSymbol? type) => type?.SpecialType switch
    {
        SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Boolean => 1,
        SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Char => 2,
        SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Single => 4,
        SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Double => 8,
        _ => 0,
    };

    /// <summary>A read of <c>Vector&lt;T&gt;.Count</c>; <paramref name="elementSize"/> is 0 when T's size is unknown.</summary>
    public static bool IsCountRead(IOperation? operation, out int elementSize)
    {
        elementSize = 0;
        if (StripConversions(operation) is not IPropertyReferenceOperation { Property: { Name: "Count", IsStatic: true } property }
            || !IsVectorOfT(property.ContainingType, out var element))
            return false;
        elementSize = ElementSize(element);
        return true;
    }

    /// <summary>An integral constant as a long; null for anything else.</summary>
    public static long? ToInt64(object? constant) => constant switch
    {
        sbyte or byte or short or ushort or int or uint or long or char => Convert.ToInt64(constant),
        ulong big when big <= long.MaxValue => (long)big,
        _ => null,
    };

    // Sizes, offsets and steps come from the user's constants (`i += long.MinValue` compiles): arithmetic on
    // them says "unknown" instead of overflowing or throwing.

    /// <summary><paramref name="a"/> + <paramref name="b"/>; null when it does not fit a long.</summary>
    public static long? Add(long a, long b)
    {
        var sum = unchecked(a + b);
        return ((a ^ sum) & (b ^ sum)) < 0 ? null : sum;
    }

    /// <summary><paramref name="a"/> − <paramref name="b"/>; null when it does not fit a long.</summary>
    public static long? Subtract(long a, long b)
    {
        var difference = unchecked(a - b);
        return ((a ^ b) & (a ^ difference)) < 0 ? null : difference;
    }

    /// <summary><paramref name="a"/> × <paramref name="b"/>; null when it does not fit a long.</summary>
    public static long? Multiply(long a, long b)
    {
        if (a == 0 || b == 0) return 0;
        if (a == -1) return b == long.MinValue ? null : -b;
        if (b == -1) return a == long.MinValue ? null : -a;
        var product = unchecked(a * b);
        return product / b == a ? product : null;
    }

    /// <summary>|<paramref name="value"/>|; null for <see cref="long.MinValue"/>, whose magnitude is no long.</summary>
    public static long? Magnitude(long value) => value == long.MinValue ? null : Math.Abs(value);

    public static IOperation? StripConversions(IOperation? operation)
    {
        while (operation is IConversionOperation { OperatorMethod: null } conversion) operation = conversion.Operand;
        return operation;
    }

    private static bool IsSystemNumerics(INamespaceSymbol? ns) =>
        ns is { Name: "Numerics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
}

/// <summary>
/// Reads conditions on <c>Vector&lt;T&gt;.Count</c> as <see cref="GuardMarkerKind.VectorWidth"/> markers:
/// <list type="bullet">
/// <item><c>Vector&lt;int&gt;.Count == 8</c>, <c>&lt;= 8</c>, <c>is 4 or 8</c> (the count against a constant) is exact:
/// the widths it holds for (<see cref="VectorWidths.Of"/>; constant true or false when it holds for all
/// widths or none);</item>
/// <item>a length compared with the count (<c>span.Length &gt;= Vector&lt;int&gt;.Count</c>,
/// <c>i &lt;= n - Vector&lt;int&gt;.Count</c>, <c>Vector&lt;byte&gt;.Count &lt;= len</c>) is a "length check" marker
/// that holds on the side where the vector fits: the true side of the first three, the false side of
/// <c>len &lt; Vector&lt;int&gt;.Count</c>. Which side fits follows the sign the count has in the comparison
/// (through <c>+</c>, <c>-</c>, multiplication by a positive constant, conversions, and locals written once).</item>
/// </list>
/// A condition that uses the count any other way is Unknown. Which length was checked is not
/// tracked: any check that the vector fits counts for every load after it.
/// </summary>
internal sealed class VectorWidthReader
{
    private const int MaxDepth = 6;

    private readonly BodyVariables _variables;

    public VectorWidthReader(BodyVariables variables) => _variables = variables;

    /// <summary>The formula of a condition on Vector&lt;T&gt;.Count, Unknown for one it cannot read, null when it is not about the count.</summary>
    public Formula? Read(IOperation operation, ControlFlowGraph? graph)
    {
        switch (operation)
        {
            case IBinaryOperation { OperatorMethod: null } comparison when IsComparison(comparison.OperatorKind):
            {
                var left = new Terms();
                var right = new Terms();
                Visit(comparison.LeftOperand, 1, whole: true, graph, 0, left);
                Visit(comparison.RightOperand, 1, whole: true, graph, 0, right);
                var total = left.Counts.Count + right.Counts.Count;
                if (total == 0 && !left.Unclear && !right.Unclear) return null;
                if (total != 1 || left.Unclear || right.Unclear) return Formula.Unknown;

                var countLeft = left.Counts.Count == 1;
                var (sign, size) = countLeft ? left.Counts[0] : right.Counts[0];
                var bare = countLeft ? left.Bare : right.Bare;
                var kind = countLeft ? comparison.OperatorKind : Flip(comparison.OperatorKind);
                if (bare && size > 0 && ConstantOf(countLeft ? comparison.RightOperand : comparison.LeftOperand) is long constant)
                    return Widths(size, count => Compare(count, kind, constant));
                return LengthCheck(comparison, kind, sign);
            }
            case IIsPatternOperation isPattern:
            {
                var value = new Terms();
                Visit(isPattern.Value, 1, whole: true, graph, 0, value);
                if (value.Counts.Count == 0 && !value.Unclear) return null;
                if (value.Counts.Count != 1 || value.Unclear || !value.Bare || value.Counts[0].Size == 0) return Formula.Unknown;
                var size = value.Counts[0].Size;
                return Bytes(size).All(count => Matches(isPattern.Pattern, count) is not null)
                    ? Widths(size, count => Matches(isPattern.Pattern, count) == true)
                    : Formula.Unknown;
            }
            default:
                return null;
        }
    }

    /// <summary>
    /// <c>Vector&lt;int&gt;.Count == 8</c>, <c>8 &lt; Vector&lt;int&gt;.Count</c>, <c>Vector&lt;int&gt;.Count is 4 or 8</c>: the count
    /// itself against a constant, evaluated for each count; null for anything else. Reads no locals.
    /// </summary>
    public static CountComparison? ReadConstantComparison(IOperation operation)
    {
        switch (operation)
        {
            case IBinaryOperation { OperatorMethod: null } comparison when IsComparison(comparison.OperatorKind):
            {
                var (count, other, kind) = VectorWidths.StripConversions(comparison.LeftOperand) is IPropertyReferenceOperation left
                    && VectorWidths.IsCountRead(left, out _)
                    ? (left, comparison.RightOperand, comparison.OperatorKind)
                    : VectorWidths.StripConversions(comparison.RightOperand) is IPropertyReferenceOperation right && VectorWidths.IsCountRead(right, out _)
                        ? (right, comparison.LeftOperand, Flip(comparison.OperatorKind))
                        : (null, null, default);
                if (count is null || !VectorWidths.IsCountRead(count, out var size) || size == 0 || ConstantOf(other) is not long constant) return null;
                var vectorType = count.Property.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
                return new CountComparison(size, vectorType, vectorType + ".Count " + OperatorText(kind) + " " + constant, c => Compare(c, kind, constant));
            }
            case IIsPatternOperation isPattern when VectorWidths.StripConversions(isPattern.Value) is IPropertyReferenceOperation count
                && VectorWidths.IsCountRead(count, out var size) && size > 0 && Bytes(size).All(c => Matches(isPattern.Pattern, c) is not null):
            {
                var vectorType = count.Property.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
                return new CountComparison(size, vectorType, vectorType + ".Count is " + isPattern.Pattern.Syntax, c => Matches(isPattern.Pattern, c) == true);
            }
            default:
                return null;
        }
    }

    private static string OperatorText(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Equals => "==",
        BinaryOperatorKind.NotEquals => "!=",
        BinaryOperatorKind.LessThan => "<",
        BinaryOperatorKind.LessThanOrEqual => "<=",
        BinaryOperatorKind.GreaterThan => ">",
        _ => ">=",
    };

    private static IEnumerable<int> Bytes(int elementSize) => VectorWidths.Bytes.Select(b => b / elementSize);

    /// <summary>The widths for which the count satisfies the predicate (see <see cref="VectorWidths.Of"/>).</summary>
    private Formula Widths(int elementSize, Func<int, bool> holds)
    {
        return VectorWidths.Of(VectorWidths.Bytes.Where(bytes => holds(bytes / elementSize)),
            (description, bytes) => _variables.Marker(GuardMarkerKind.VectorWidth, description, bytes));
    }

    /// <summary>
    /// A length compared with the count, as "count ⋈ length" (<paramref name="kind"/> has the count on the left).
    /// The vector fits when the count, with its sign, is on the small side: <c>count &lt;= len</c>, <c>i &lt;= n - count</c>.
    /// </summary>
    private Formula LengthCheck(IBinaryOperation comparison, BinaryOperatorKind kind, int sign)
    {
        var fitsWhenTrue = kind switch
        {
            BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual => sign > 0,
            BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual => sign < 0,
            BinaryOperatorKind.Equals => true,
            _ => false,
        };
        // One atom per written comparison and direction, so `len < count` on one path and `len >= count`
        // on another never contradict each other (they may compare different lengths).
        var text = comparison.Syntax.ToString();
        return fitsWhenTrue
            ? Formula.Atom(_variables.Marker(GuardMarkerKind.VectorWidth, "length check: " + text))
            : Formula.Not(Formula.Atom(_variables.Marker(GuardMarkerKind.VectorWidth, "length check: !(" + text + ")")));
    }

    /// <summary>Finds the count reads in one side of a comparison, with the sign each has there.</summary>
    private void Visit(IOperation? operation, int sign, bool whole, ControlFlowGraph? graph, int depth, Terms terms)
    {
        operation = VectorWidths.StripConversions(operation);
        if (operation is null) return;
        if (VectorWidths.IsCountRead(operation, out var size))
        {
            terms.Counts.Add((sign, size));
            terms.Bare |= whole;
            return;
        }
        if (depth < MaxDepth)
        {
            switch (operation)
            {
                case ILocalReferenceOperation local when _variables.SingleValue(local.Local) is { } value:
                    Visit(value, sign, whole, graph, depth + 1, terms);
                    return;
                case IFlowCaptureReferenceOperation capture when graph is not null && _variables.CaptureSource(graph, capture.Id) is { } source:
                    Visit(source, sign, whole, graph, depth + 1, terms);
                    return;
                case IBinaryOperation { OperatorMethod: null, OperatorKind: BinaryOperatorKind.Add } add:
                    Visit(add.LeftOperand, sign, false, graph, depth + 1, terms);
                    Visit(add.RightOperand, sign, false, graph, depth + 1, terms);
                    return;
                case IBinaryOperation { OperatorMethod: null, OperatorKind: BinaryOperatorKind.Subtract } subtract:
                    Visit(subtract.LeftOperand, sign, false, graph, depth + 1, terms);
                    Visit(subtract.RightOperand, -sign, false, graph, depth + 1, terms);
                    return;
                case IBinaryOperation { OperatorMethod: null, OperatorKind: BinaryOperatorKind.Multiply } multiply
                    when ConstantOf(multiply.LeftOperand) is > 0 || ConstantOf(multiply.RightOperand) is > 0:
                    Visit(ConstantOf(multiply.LeftOperand) is > 0 ? multiply.RightOperand : multiply.LeftOperand, sign, false, graph, depth + 1, terms);
                    return;
            }
        }
        if (operation.DescendantsAndSelf().Any(o => VectorWidths.IsCountRead(o, out _))) terms.Unclear = true;
    }

    private static long? ConstantOf(IOperation? operation) =>
        operation?.ConstantValue is { HasValue: true, Value: { } constant } ? VectorWidths.ToInt64(constant) : null;

    /// <summary>Whether the count satisfies the pattern; null for a pattern this reader does not evaluate.</summary>
    private static bool? Matches(IPatternOperation pattern, int count) => pattern switch
    {
        IConstantPatternOperation { Value: var value } => ConstantOf(value) is long constant ? count == constant : null,
        IRelationalPatternOperation relational => ConstantOf(relational.Value) is long constant ? Compare(count, relational.OperatorKind, constant) : null,
        INegatedPatternOperation negated => !Matches(negated.Pattern, count),
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or => Matches(or.LeftPattern, count) is bool l
            && Matches(or.RightPattern, count) is bool r ? l || r : null,
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } and => Matches(and.LeftPattern, count) is bool l
            && Matches(and.RightPattern, count) is bool r ? l && r : null,
        IDiscardPatternOperation => true,
        _ => null,
    };

    private static bool Compare(long count, BinaryOperatorKind kind, long constant) => kind switch
    {
        BinaryOperatorKind.Equals => count == constant,
        BinaryOperatorKind.NotEquals => count != constant,
        BinaryOperatorKind.LessThan => count < constant,
        BinaryOperatorKind.LessThanOrEqual => count <= constant,
        BinaryOperatorKind.GreaterThan => count > constant,
        BinaryOperatorKind.GreaterThanOrEqual => count >= constant,
        _ => false,
    };

    private static bool IsComparison(BinaryOperatorKind kind) => kind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals
        or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual;

    /// <summary><c>a &lt; b</c> is <c>b &gt; a</c>: the operator with its operands swapped.</summary>
    private static BinaryOperatorKind Flip(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
        BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
        BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
        _ => kind,
    };

    private sealed class Terms
    {
        public List<(int Sign, int Size)> Counts { get; } = new();

        /// <summary>The count is the whole side (after conversions and locals), as in <c>Vector&lt;int&gt;.Count == 8</c>.</summary>
        public bool Bare { get; set; }

        /// <summary>The count is used in a way whose direction is not known (<c>Math.Min(n, count)</c>).</summary>
        public bool Unclear { get; set; }
    }
}

/// <summary>The count of a Vector&lt;T&gt; compared with a constant: <see cref="Holds"/> says for which counts it is true.</summary>
internal sealed class CountComparison
{
    public CountComparison(int elementSize, string vectorType, string text, Func<int, bool> holds) =>
        (ElementSize, VectorType, Text, Holds) = (elementSize, vectorType, text, holds);

    /// <summary>sizeof(T).</summary>
    public int ElementSize { get; }

    /// <summary><c>Vector&lt;int&gt;</c>.</summary>
    public string VectorType { get; }

    /// <summary><c>Vector&lt;int&gt;.Count == 8</c>, with the count on the left.</summary>
    public string Text { get; }

    public Func<int, bool> Holds { get; }
}
