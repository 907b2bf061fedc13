using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Flow;

/// <summary>
/// Which accessors a property or indexer reference runs: a read runs <c>get</c>, a write runs <c>set</c>
/// (or <c>init</c>), and <c>+=</c>, <c>++</c> and <c>??=</c> run both. A use of the property is a call of
/// exactly those, so each is checked against what they require, and each counts as their call site.
/// </summary>
internal static class PropertyAccess
{
    public static IEnumerable<IMethodSymbol> Accessors(IPropertyReferenceOperation reference)
    {
        var (reads, writes) = Kind(reference);
        var property = reference.Property;
        if (reads && property.GetMethod is { } getter) yield return getter;
        if (writes && property.SetMethod is { } setter) yield return setter;
    }

    /// <summary>"property read", "indexer write", "property read and write", for messages.</summary>
    public static string Noun(IPropertyReferenceOperation reference)
    {
        var (reads, writes) = Kind(reference);
        var what = reference.Property.IsIndexer ? "indexer " : "property ";
        return what + (reads && writes ? "read and write" : writes ? "write" : "read");
    }

    /// <summary>Whether the reference is inside <c>nameof(...)</c>: named, not run.</summary>
    public static bool IsNameOnly(IOperation reference)
    {
        for (var parent = reference.Parent; parent is not null; parent = parent.Parent)
            if (parent is INameOfOperation) return true;
        return false;
    }

    private static (bool Reads, bool Writes) Kind(IPropertyReferenceOperation reference)
    {
        // A ref-returning property is only ever read: a write goes through the reference its getter returns.
        if (reference.Property.ReturnsByRef || reference.Property.ReturnsByRefReadonly) return (true, false);

        // (a.X, b) = ... and foreach ((a.X, b) in ...) write through the tuple they are an element of.
        IOperation target = reference;
        while (target.Parent is ITupleOperation tuple) target = tuple;

        return target.Parent switch
        {
            ISimpleAssignmentOperation assignment when assignment.Target == target => (false, true),
            IDeconstructionAssignmentOperation deconstruction when deconstruction.Target == target => (false, true),
            IForEachLoopOperation loop when loop.LoopControlVariable == target => (false, true),
            ICompoundAssignmentOperation compound when compound.Target == target => (true, true),
            ICoalesceAssignmentOperation coalesce when coalesce.Target == target => (true, true),
            IIncrementOrDecrementOperation increment when increment.Target == target => (true, true),
            _ => (true, false),
        };
    }
}
