using System.Linq;
using CpuidAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Rules.VectorWidth;

/// <summary>
/// An operation that reads or writes <c>Vector&lt;T&gt;.Count</c> elements of a buffer: <c>new Vector&lt;T&gt;(array/span[, index])</c>,
/// <c>Vector.Create(span)</c>, <c>Vector.Load*</c>/<c>LoadUnsafe</c>, <c>Vector.Store*</c>/<c>StoreUnsafe</c>,
/// <c>vector.CopyTo(array/span[, index])</c>, <c>Unsafe.Read*</c>/<c>Write*</c>/<c>As</c>/<c>AsRef</c> to a
/// Vector&lt;T&gt;, <c>MemoryMarshal.Read</c>/<c>Write</c>/<c>AsRef</c> of one, and indexing the span
/// <c>MemoryMarshal.Cast&lt;T, Vector&lt;T&gt;&gt;</c> returns with a constant. All recognized by symbol.
/// </summary>
internal sealed class VectorAccess
{
    private VectorAccess(IOperation operation, ITypeSymbol vector, ITypeSymbol element, string member, IOperation buffer, bool bufferIsReference, bool isStore)
    {
        Operation = operation;
        Element = element;
        ElementSize = VectorWidths.ElementSize(element);
        ElementName = element.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        VectorType = vector.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        Member = member;
        Buffer = buffer;
        BufferIsReference = bufferIsReference;
        IsStore = isStore;
    }

    public IOperation Operation { get; }

    /// <summary>The T of Vector&lt;T&gt;, its size and its C# name.</summary>
    public ITypeSymbol Element { get; }

    public int ElementSize { get; }

    public string ElementName { get; }

    /// <summary><c>Vector&lt;int&gt;</c>.</summary>
    public string VectorType { get; }

    /// <summary><c>'new Vector&lt;int&gt;'</c>, <c>'Vector.LoadUnsafe'</c>, for messages.</summary>
    public string Member { get; }

    /// <summary>The array, span or pointer (or, with <see cref="BufferIsReference"/>, the location) read or written.</summary>
    public IOperation Buffer { get; }

    public bool BufferIsReference { get; }

    public bool IsStore { get; }

    /// <summary>For <c>MemoryMarshal.Cast&lt;T, Vector&lt;T&gt;&gt;(buffer)[j]</c>: j; otherwise 0.</summary>
    public int CastIndex { get; private set; }

    /// <summary>The local or parameter the access's position moves with (<c>i</c> in <c>new Vector&lt;int&gt;(a, i)</c>, <c>ref a[i]</c>, <c>p + i</c>, or a
    /// pointer <c>p</c>).</summary>
    public ISymbol? IndexLocal { get; private set; }

    /// <summary>The constant added to <see cref="IndexLocal"/> (8 in <c>new Vector&lt;int&gt;(a, i + 8)</c>), in units.</summary>
    public long IndexOffset { get; private set; }

    /// <summary>What one step of <see cref="IndexLocal"/> moves by: its C# name and size.</summary>
    public string? IndexUnit { get; private set; }

    public int IndexUnitSize { get; private set; }

    public static VectorAccess? TryGet(IOperation operation, LocalWrites locals)
    {
        var access = operation switch
        {
            IObjectCreationOperation creation => Creation(creation),
            IInvocationOperation invocation => Invocation(invocation),
            IPropertyReferenceOperation { Property.IsIndexer: true } indexer => CastIndexing(indexer, locals),
            _ => null,
        };
        if (access is null || access.ElementSize == 0) return null;
        if (access.IndexLocal is null) access.SetIndex(IndexInBuffer(access.Buffer, out var unit, out var offset), unit, offset);
        return access;
    }

    private static VectorAccess? Creation(IObjectCreationOperation creation)
    {
        if (!VectorWidths.IsVectorOfT(creation.Type, out var element)
            || creation.Constructor is not { Parameters: { Length: >= 1 } parameters } constructor) return null;
        var first = parameters[0].Type;
        if (first is not IArrayTypeSymbol && !BufferBounds.IsSpan(first)) return null; // new Vector<T>(value) broadcasts
        var access = new VectorAccess(creation, creation.Type!, element,
            "'new " + creation.Type!.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "'", Argument(creation.Arguments, 0)!, false, false);
        if (parameters.Length == 2) access.SetIndex(IndexLocalOf(Argument(creation.Arguments, 1), out var offset), element, offset);
        return access;
    }

    private static VectorAccess? Invocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        var arguments = invocation.Arguments;
        var parameters = method.Parameters;
        bool ByReference(int ordinal) => parameters.Length > ordinal && parameters[ordinal].RefKind != RefKind.None;
        string Name() => "'" + type.Name + "." + method.Name + "'";
        string GenericName() => "'" + type.Name + "." + method.Name + "<"
            + string.Join(", ", method.TypeArguments.Select(t => t.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))) + ">'";

        if (type is { Name: "Vector", Arity: 0 } && IsNamespace(type.ContainingNamespace, "System", "Numerics"))
        {
            switch (method.Name)
            {
                case "Create" when parameters.Length == 1 && BufferBounds.IsSpan(parameters[0].Type)
                    && VectorWidths.IsVectorOfT(method.ReturnType, out var created):
                    return new VectorAccess(invocation, method.ReturnType, created, Name(), Argument(arguments, 0)!, false, false);
                case "Load" or "LoadAligned" or "LoadAlignedNonTemporal" or "LoadUnsafe" when parameters.Length >= 1
                    && VectorWidths.IsVectorOfT(method.ReturnType, out var loaded):
                {
                    var access = new VectorAccess(invocation, method.ReturnType, loaded, Name(), Argument(arguments, 0)!, ByReference(0), false);
                    if (parameters.Length == 2) access.SetIndex(IndexLocalOf(Argument(arguments, 1), out var offset), loaded, offset);
                    return access;
                }
                case "Store" or "StoreAligned" or "StoreAlignedNonTemporal" or "StoreUnsafe" when parameters.Length >= 2
                    && VectorWidths.IsVectorOfT(parameters[0].Type, out var stored):
                {
                    var access = new VectorAccess(invocation, parameters[0].Type, stored, Name(), Argument(arguments, 1)!, ByReference(1), true);
                    if (parameters.Length == 3) access.SetIndex(IndexLocalOf(Argument(arguments, 2), out var offset), stored, offset);
                    return access;
                }
            }
            return null;
        }

        if (VectorWidths.IsVectorOfT(type, out var copied))
        {
            if (method.Name != "CopyTo" || parameters.Length < 1 || invocation.Instance is null) return null;
            var access = new VectorAccess(invocation, type, copied, "'" + type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + ".CopyTo'",
                Argument(arguments, 0)!, false, true);
            if (parameters.Length == 2) access.SetIndex(IndexLocalOf(Argument(arguments, 1), out var offset), copied, offset);
            return access;
        }

        if (type.Name == "Unsafe" && IsNamespace(type.ContainingNamespace, "System", "Runtime", "CompilerServices"))
        {
            var (vector, isStore) = method.Name switch
            {
                "Read" or "ReadUnaligned" when method.TypeArguments.Length == 1 => (method.TypeArguments[0], false),
                "AsRef" when method.TypeArguments.Length == 1 && parameters.Length == 1 && parameters[0].Type is IPointerTypeSymbol
                    => (method.TypeArguments[0], false),
                "Write" or "WriteUnaligned" when method.TypeArguments.Length == 1 => (method.TypeArguments[0], true),
                "As" when method.TypeArguments.Length == 2 && ByReference(0) => (method.TypeArguments[1], false),
                _ => (null, false),
            };
            return VectorWidths.IsVectorOfT(vector, out var element) && parameters.Length >= 1
                ? new VectorAccess(invocation, vector!, element, GenericName(), Argument(arguments, 0)!, ByReference(0), isStore)
                : null;
        }

        if (type.Name == "MemoryMarshal" && IsNamespace(type.ContainingNamespace, "System", "Runtime", "InteropServices")
            && method.Name is "Read" or "Write" or "AsRef" && method.TypeArguments.Length == 1 && parameters.Length >= 1
                && BufferBounds.IsSpan(parameters[0].Type)
            && VectorWidths.IsVectorOfT(method.TypeArguments[0], out var marshalled))
            return new VectorAccess(invocation, method.TypeArguments[0], marshalled, GenericName(), Argument(arguments, 0)!, false, method.Name == "Write");

        return null;
    }

    /// <summary><c>MemoryMarshal.Cast&lt;int, Vector&lt;int&gt;&gt;(buffer)[0]</c>, directly or through a local written once.</summary>
    private static VectorAccess? CastIndexing(IPropertyReferenceOperation indexer, LocalWrites locals)
    {
        if (indexer.Instance is not { } instance || !BufferBounds.IsSpan(instance.Type) || indexer.Arguments.Length != 1
            || indexer.Arguments[0].Value.ConstantValue is not { HasValue: true } index || VectorWidths.ToInt64(index.Value) is not long j || j < 0 || j > 64)
            return null;
        var source = BufferBounds.StripBufferConversions(instance);
        if (source is ILocalReferenceOperation local && locals.SingleValue(local.Local) is { } value) source = BufferBounds.StripBufferConversions(value);
        if (source is not IInvocationOperation { TargetMethod: { Name: "Cast", ContainingType.Name: "MemoryMarshal", TypeArguments.Length: 2 } cast } invocation
            || !VectorWidths.IsVectorOfT(cast.TypeArguments[1], out var element))
            return null;
        var member = "'MemoryMarshal.Cast<" + string.Join(", ",
            cast.TypeArguments.Select(t => t.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))) + ">(…)[" + j + "]'";
        return new VectorAccess(indexer, cast.TypeArguments[1], element, member, Argument(invocation.Arguments, 0)!, false, false) { CastIndex = (int)j };
    }

    /// <summary>The index local inside a buffer expression: <c>ref a[i]</c>, <c>&amp;a[i]</c>, <c>p + i</c>, <c>Unsafe.Add(ref r, i)</c>, <c>AsSpan(i)</c>, or
    /// a pointer local itself.</summary>
    private static ISymbol? IndexInBuffer(IOperation? buffer, out ITypeSymbol? unit, out long offset)
    {
        unit = null;
        offset = 0;
        for (var depth = 0; buffer is not null && depth < 8; depth++)
        {
            buffer = BufferBounds.StripBufferConversions(buffer);
            switch (buffer)
            {
                case IArrayElementReferenceOperation { Indices.Length: 1 } element when element.ArrayReference.Type is IArrayTypeSymbol array:
                    unit = array.ElementType;
                    return IndexLocalOf(element.Indices[0], out offset);
                case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } span,
                    Arguments.Length: 1 } indexer when BufferBounds.IsSpan(span.Type):
                    unit = BufferBounds.ElementOf(span.Type);
                    return IndexLocalOf(indexer.Arguments[0].Value, out offset);
                case IAddressOfOperation address:
                    buffer = address.Reference;
                    continue;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type: IPointerTypeSymbol pointer } add:
                    unit = pointer.PointedAtType;
                    return IndexLocalOf(add.LeftOperand.Type is IPointerTypeSymbol ? add.RightOperand : add.LeftOperand, out offset);
                case ILocalReferenceOperation { Local.Type: IPointerTypeSymbol pointer } local:
                    unit = pointer.PointedAtType;
                    return local.Local;
                case IParameterReferenceOperation { Parameter.Type: IPointerTypeSymbol pointer } parameter:
                    unit = pointer.PointedAtType;
                    return parameter.Parameter;
                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod;
                    switch (method.ContainingType.Name, method.Name)
                    {
                        case ("Unsafe", "Add") when method.TypeArguments.Length == 1:
                            unit = method.TypeArguments[0];
                            return IndexLocalOf(Argument(invocation.Arguments, 1), out offset);
                        case ("Unsafe", "AddByteOffset"):
                            unit = null;
                            return null;
                        case ("Unsafe", "As" or "AsRef" or "AsPointer"):
                        case ("MemoryMarshal", "GetReference" or "GetArrayDataReference" or "AsBytes" or "Cast"):
                            buffer = Argument(invocation.Arguments, 0);
                            continue;
                        case ("MemoryExtensions", "AsSpan") when method.Parameters.Length >= 2
                            && method.Parameters[1].Type.SpecialType == SpecialType.System_Int32:
                            unit = BufferBounds.ElementOf(method.Parameters[0].Type);
                            return IndexLocalOf(Argument(invocation.Arguments, 1), out offset);
                        case ("Span" or "ReadOnlySpan", "Slice") when method.Parameters.Length >= 1
                            && method.Parameters[0].Type.SpecialType == SpecialType.System_Int32:
                            unit = BufferBounds.ElementOf(method.ContainingType);
                            return IndexLocalOf(Argument(invocation.Arguments, 0), out offset);
                    }
                    return null;
                default:
                    return null;
            }
        }
        return null;
    }

    /// <summary><c>i</c>, <c>(nuint)i</c>, <c>i + 8</c> (offset 8), <c>i + k</c> (one local): the local; otherwise null.</summary>
    private static ISymbol? IndexLocalOf(IOperation? index, out long offset)
    {
        offset = 0;
        index = VectorWidths.StripConversions(index);
        if (index is ILocalReferenceOperation { Local.IsRef: false } local) return local.Local;
        if (index is IParameterReferenceOperation { Parameter.RefKind: RefKind.None } parameter) return parameter.Parameter;
        if (index is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add)
        {
            var left = IndexLocalOf(add.LeftOperand, out var leftOffset);
            var right = IndexLocalOf(add.RightOperand, out var rightOffset);
            if (!(left is null ^ right is null)) return null;
            var other = left is null ? add.LeftOperand : add.RightOperand;
            // An offset beyond a long (`i + long.MaxValue + long.MaxValue`) is not one this reads.
            if (VectorWidths.Add(left is null ? rightOffset : leftOffset,
                    other.ConstantValue is { HasValue: true } constant && VectorWidths.ToInt64(constant.Value) is long k ? k : 0) is not long sum)
                return null;
            offset = sum;
            return left ?? right;
        }
        return null;
    }

    private void SetIndex(ISymbol? local, ITypeSymbol? unit, long offset)
    {
        if (local is null || VectorWidths.ElementSize(unit) == 0) return;
        IndexLocal = local;
        IndexOffset = offset;
        IndexUnit = unit!.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        IndexUnitSize = VectorWidths.ElementSize(unit);
    }

    private static IOperation? Argument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, int ordinal) =>
        arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal)?.Value;

    private static bool IsNamespace(INamespaceSymbol? ns, params string[] names)
    {
        for (var i = names.Length - 1; i >= 0; i--, ns = ns.ContainingNamespace)
            if (ns is null || ns.Name != names[i]) return false;
        return ns is { IsGlobalNamespace: true };
    }
}
