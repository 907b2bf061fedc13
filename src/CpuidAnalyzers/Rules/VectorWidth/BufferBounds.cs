using System.Linq;
using System.Threading;
using CpuidAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Rules.VectorWidth;

/// <summary>
/// How many bytes a buffer operand can reach at most, when that is a compile-time constant: arrays
/// created with a constant size or initializer (<c>new int[8]</c>, <c>new[] { 1, 2 }</c>, <c>[1, 2]</c>),
/// <c>stackalloc int[8]</c>, slices with constant bounds (<c>AsSpan</c>, <c>Slice</c>, <c>new Span&lt;T&gt;</c>),
/// pointers and references into them (<c>fixed</c>, <c>&amp;a[2]</c>, <c>ref a[0]</c>, <c>p + 4</c>,
/// <c>Unsafe.Add</c>, <c>MemoryMarshal.GetReference</c>, <c>Unsafe.As</c>, <c>MemoryMarshal.Cast</c>), followed
/// through locals written once, <c>readonly</c> fields and expression-bodied properties of the same
/// file. An offset that is not constant only lowers the bound, so the bound stays. Anything else is
/// unknown (null): a parameter, a field that can change, a call.
/// </summary>
internal sealed class BufferBounds
{
    private const int MaxDepth = 8;

    private readonly LocalWrites _locals;
    private readonly CancellationToken _cancellationToken;

    public BufferBounds(LocalWrites locals, CancellationToken cancellationToken) => (_locals, _cancellationToken) = (locals, cancellationToken);

    /// <summary>
    /// The bound in bytes of an array, span or pointer <em>value</em>, or, with <paramref name="isReference"/>,
    /// of a location passed by <c>ref</c> (<c>ref a[2]</c> reaches the rest of <c>a</c>; <c>ref x</c> of an
    /// <c>int</c> local reaches 4 bytes).
    /// </summary>
    public long? Bytes(IOperation? operation, bool isReference, int depth = 0)
    {
        if (operation is null || depth > MaxDepth) return null;

        switch (operation.Syntax)
        {
            case CollectionExpressionSyntax collection when operation.Type is { } type:
                return collection.Elements.All(e => e is ExpressionElementSyntax) ? Times(collection.Elements.Count, ElementOf(type)) : null;
            case StackAllocArrayCreationExpressionSyntax stackAlloc when operation.SemanticModel is { } model:
                return StackAlloc(stackAlloc, model);
            case ImplicitStackAllocArrayCreationExpressionSyntax implicitStackalloc when operation.Type is { } type:
                return Times(implicitStackalloc.Initializer.Expressions.Count, ElementOf(type));
        }

        operation = StripBufferConversions(operation);
        switch (operation)
        {
            case IArrayCreationOperation { DimensionSizes.Length: 1, Type: IArrayTypeSymbol array } creation:
                return VectorWidths.ToInt64(creation.DimensionSizes[0].ConstantValue.HasValue ? creation.DimensionSizes[0].ConstantValue.Value
                    : null) is long length
                    ? Times(length, array.ElementType)
                    : null;
            case IArrayInitializerOperation { Parent: IArrayCreationOperation creation }:
                // `static readonly int[] T = { 1, 2 };`: the model gives the initializer; its array has the size.
                return Bytes(creation, false, depth + 1);
            case ILocalReferenceOperation local when isReference && !local.Local.IsRef:
                // The location of a local itself: `ref x` of an int reaches 4 bytes.
                return VectorWidths.ElementSize(local.Local.Type) is > 0 and var size ? size : null;
            case ILocalReferenceOperation local:
                return Bytes(_locals.SingleValue(local.Local), isReference, depth + 1);
            case IFieldReferenceOperation field when !isReference:
                return Bytes(FieldInitializer(field), false, depth + 1);
            case IPropertyReferenceOperation { Property.IsIndexer: false } property when !isReference:
                return Bytes(PropertyBody(property), false, depth + 1);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } span, Arguments.Length: 1 } indexer when IsSpan(span.Type):
                return Minus(Bytes(span, false, depth + 1), indexer.Arguments[0].Value, ElementOf(span.Type!));
            case IArrayElementReferenceOperation { Indices.Length: 1 } element when element.ArrayReference.Type is IArrayTypeSymbol array:
                return Minus(Bytes(element.ArrayReference, false, depth + 1), element.Indices[0], array.ElementType);
            case IAddressOfOperation address:
                return Bytes(address.Reference, true, depth + 1);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type: IPointerTypeSymbol pointer } add:
                return add.LeftOperand.Type is IPointerTypeSymbol
                    ? Minus(Bytes(add.LeftOperand, false, depth + 1), add.RightOperand, pointer.PointedAtType)
                    : Minus(Bytes(add.RightOperand, false, depth + 1), add.LeftOperand, pointer.PointedAtType);
            case IInvocationOperation invocation:
                return Invocation(invocation, depth);
            case IObjectCreationOperation { Constructor: { } constructor } creation when IsSpan(creation.Type):
                return SpanConstructor(creation, constructor, depth);
            case { Kind: OperationKind.None } pinned when pinned.ChildOperations.Count == 1:
                // `fixed (int* p = array)`: the pinned array (or span) behind the pointer.
                var child = pinned.ChildOperations.First();
                return child.Type is IArrayTypeSymbol || IsSpan(child.Type) ? Bytes(child, false, depth + 1) : null;
            default:
                return null;
        }
    }

    /// <summary>The element type of an array, span or pointer.</summary>
    public static ITypeSymbol? ElementOf(ITypeSymbol? type) => type switch
    {
        IArrayTypeSymbol array => array.ElementType,
        IPointerTypeSymbol pointer => pointer.PointedAtType,
        INamedTypeSymbol named when IsSpan(named) => named.TypeArguments[0],
        _ => null,
    };

    public static bool IsSpan(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", Arity: 1,
            ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>Looks through conversions between buffers: array to span, span to read-only span, pointer to pointer.</summary>
    public static IOperation StripBufferConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion
            && (conversion.OperatorMethod is null || IsSpan(conversion.OperatorMethod.ContainingType)))
            operation = conversion.Operand;
        return operation;
    }

    private long? Invocation(IInvocationOperation invocation, int depth)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        IOperation? Argument(int ordinal) => invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal)?.Value;
        bool ByReference(int ordinal) => method.Parameters.Length > ordinal && method.Parameters[ordinal].RefKind != RefKind.None;

        switch (type.Name, method.Name)
        {
            case ("MemoryExtensions", "AsSpan") when method.Parameters.Length >= 1 && method.Parameters[0].Type is IArrayTypeSymbol:
                return Slice(Bytes(Argument(0), false, depth + 1), method, Argument(1), Argument(2), ElementOf(method.Parameters[0].Type));
            case ("Span" or "ReadOnlySpan", "Slice") when IsSpan(type) && invocation.Instance is { } instance:
                return Slice(Bytes(instance, false, depth + 1), method, Argument(0), Argument(1), ElementOf(type));
            case ("MemoryMarshal", "AsBytes" or "Cast" or "GetReference" or "GetArrayDataReference"):
                return Bytes(Argument(0), ByReference(0), depth + 1);
            case ("MemoryMarshal", "CreateSpan" or "CreateReadOnlySpan") when method.TypeArguments.Length == 1:
                return Argument(1)?.ConstantValue is { HasValue: true } length && VectorWidths.ToInt64(length.Value) is long count
                    ? Times(count, method.TypeArguments[0])
                    : Bytes(Argument(0), true, depth + 1);
            case ("Unsafe", "Add") when method.TypeArguments.Length == 1:
                return Minus(Bytes(Argument(0), ByReference(0), depth + 1), Argument(1), method.TypeArguments[0]);
            case ("Unsafe", "AddByteOffset"):
                return Minus(Bytes(Argument(0), ByReference(0), depth + 1), Argument(1), elementSize: 1);
            case ("Unsafe", "As") when method.Parameters.Length == 1 && ByReference(0):
            case ("Unsafe", "AsRef" or "AsPointer") when method.Parameters.Length == 1:
                return Bytes(Argument(0), ByReference(0), depth + 1);
            default:
                return null;
        }
    }

    private long? SpanConstructor(IObjectCreationOperation creation, IMethodSymbol constructor, int depth)
    {
        IOperation? Argument(int ordinal) => creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal)?.Value;
        var element = ElementOf(creation.Type);
        var parameters = constructor.Parameters;
        if (parameters.Length == 0) return null;
        if (parameters[0].RefKind != RefKind.None) return parameters.Length == 1 ? Times(1, element) : null; // new Span<T>(ref x): one element
        var source = Bytes(Argument(0), false, depth + 1);
        return parameters.Length switch
        {
            1 => source,
            2 when parameters[0].Type is IPointerTypeSymbol => Constant(Argument(1)) is long length ? Times(length, element) : source,
            3 => Constant(Argument(2)) is long length ? Times(length, element) : Minus(source, Argument(1), element),
            _ => null,
        };
    }

    /// <summary><c>AsSpan(start[, length])</c> and <c>Slice(start[, length])</c> with int arguments.</summary>
    private static long? Slice(long? source, IMethodSymbol method, IOperation? start, IOperation? length, ITypeSymbol? element)
    {
        var startIsIndex = method.Parameters.Any(p => p.Type.SpecialType == SpecialType.System_Int32);
        if (!startIsIndex || start is null) return source;
        if (length is not null && Constant(length) is long count) return Times(count, element) is long bytes && (source is null || bytes <= source) ? bytes
            : source;
        return Minus(source, start, element);
    }

    private static long? StackAlloc(StackAllocArrayCreationExpressionSyntax stackAlloc, SemanticModel model)
    {
        if (stackAlloc.Type is not ArrayTypeSyntax { RankSpecifiers.Count: 1 } arrayType) return null;
        var element = model.GetTypeInfo(arrayType.ElementType).Type;
        var size = arrayType.RankSpecifiers[0].Sizes.FirstOrDefault();
        if (size is not null and not OmittedArraySizeExpressionSyntax)
            return model.GetConstantValue(size) is { HasValue: true } constant && VectorWidths.ToInt64(constant.Value) is long length
                ? Times(length, element) : null;
        return stackAlloc.Initializer is { } initializer ? Times(initializer.Expressions.Count, element) : null;
    }

    /// <summary>
    /// The initializer of a <c>readonly</c> field declared in the same file, when no constructor of its type
    /// assigns it; else null.
    /// </summary>
    private IOperation? FieldInitializer(IFieldReferenceOperation reference)
    {
        var field = reference.Field;
        if (!field.IsReadOnly || field.DeclaringSyntaxReferences.Length != 1 || reference.SemanticModel is not { } model) return null;
        if (field.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } value } declarator
            || declarator.SyntaxTree != model.SyntaxTree)
            return null;
        var constructors = field.IsStatic ? field.ContainingType.StaticConstructors : field.ContainingType.InstanceConstructors;
        foreach (var syntaxReference in constructors.SelectMany(c => c.DeclaringSyntaxReferences))
        {
            var constructor = syntaxReference.GetSyntax(_cancellationToken);
            if (constructor.SyntaxTree != model.SyntaxTree) return null;
            if (constructor.DescendantNodes().OfType<AssignmentExpressionSyntax>()
                .Any(a => SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(a.Left, _cancellationToken).Symbol, field)))
                return null;
        }
        return model.GetOperation(value, _cancellationToken);
    }

    /// <summary>The expression of a non-virtual, get-only, expression-bodied property in the same file (<c>static ReadOnlySpan&lt;byte&gt; Table =&gt;
    /// [...]</c>).</summary>
    private IOperation? PropertyBody(IPropertyReferenceOperation reference)
    {
        var property = reference.Property;
        if (property.SetMethod is not null || property.IsVirtual || property.IsAbstract || property.IsOverride
            || property.DeclaringSyntaxReferences.Length != 1 || reference.SemanticModel is not { } model)
            return null;
        return property.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken)
                is PropertyDeclarationSyntax { ExpressionBody.Expression: { } body } declaration
            && declaration.SyntaxTree == model.SyntaxTree
            ? model.GetOperation(body, _cancellationToken)
            : null;
    }

    private static long? Constant(IOperation? operation) =>
        operation?.ConstantValue is { HasValue: true } constant ? VectorWidths.ToInt64(constant.Value) : null;

    /// <summary>The bound after an offset of <paramref name="offset"/> elements: lower by a constant; unchanged otherwise.</summary>
    private static long? Minus(long? bound, IOperation? offset, ITypeSymbol? element) =>
        Minus(bound, offset, VectorWidths.ElementSize(element));

    private static long? Minus(long? bound, IOperation? offset, int elementSize)
    {
        if (bound is not long bytes) return null;
        if (Constant(offset) is not long count) return bytes;
        if (elementSize == 0) return null;
        // An offset whose size is no long is as unknown as one that is not constant.
        if (VectorWidths.Multiply(count, elementSize) is not long offsetBytes || VectorWidths.Subtract(bytes, offsetBytes) is not long rest) return bytes;
        return System.Math.Max(0, rest);
    }

    /// <summary>The bytes of <paramref name="count"/> elements; null when unknown, negative, or beyond a long.</summary>
    private static long? Times(long count, ITypeSymbol? element) =>
        VectorWidths.ElementSize(element) is > 0 and var size && count >= 0 ? VectorWidths.Multiply(count, size) : null;
}
