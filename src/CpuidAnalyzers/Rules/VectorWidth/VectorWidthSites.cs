using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CpuidAnalyzers.Flow;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Rules.VectorWidth;

/// <summary>What a CPUID013 site assumes about the width of Vector&lt;T&gt;.</summary>
internal enum WidthSiteKind
{
    /// <summary>A Vector&lt;T&gt; load or store on a buffer of constant size smaller than the largest vector.</summary>
    Buffer,

    /// <summary>A Vector&lt;T&gt; load or store at an index that a loop moves by a constant.</summary>
    Stride,

    /// <summary><c>Debug.Assert(Vector&lt;int&gt;.Count == 8)</c>: a stated width that some CPU does not have.</summary>
    Assertion,
}

/// <summary>One place that assumes a width, found in the original tree before the flow runs.</summary>
internal sealed class WidthSite
{
    public WidthSite(WidthSiteKind kind, IOperation operation, int elementSize, string vectorType, string subject, string assumption, Func<int,
        bool> holdsForCount, Location location)
    {
        Kind = kind;
        OperationKind = operation.Kind;
        ElementSize = elementSize;
        VectorType = vectorType;
        Subject = subject;
        Assumption = assumption;
        HoldsForCount = holdsForCount;
        Location = location;
    }

    public WidthSiteKind Kind { get; }

    /// <summary>The kind of the operation, to match the control flow graph's operation of the same syntax.</summary>
    public OperationKind OperationKind { get; }

    /// <summary>sizeof(T) of the Vector&lt;T&gt;.</summary>
    public int ElementSize { get; }

    /// <summary><c>Vector&lt;int&gt;</c>.</summary>
    public string VectorType { get; }

    /// <summary>What the message says assumes the width: <c>'new Vector&lt;int&gt;' on a buffer of 8 ints</c>.</summary>
    public string Subject { get; }

    /// <summary><c>Vector&lt;int&gt;.Count == 8</c>.</summary>
    public string Assumption { get; }

    /// <summary>Whether the code is right when Vector&lt;T&gt;.Count is the given value.</summary>
    public Func<int, bool> HoldsForCount { get; }

    /// <summary>Where to report: the load or store, or, for a stride, the step (<c>i += 8</c>).</summary>
    public Location Location { get; }

    /// <summary>Buffer: the most elements of T that fit; stride: the step in elements of T.</summary>
    public int AssumedCount { get; set; }

    /// <summary>Stride: the step in bytes, and the type whose Vector&lt;U&gt;.Count is that step when it is one vector (for the code fix).</summary>
    public int StrideBytes { get; set; }

    public string? StrideUnit { get; set; }

    /// <summary>Assertion: the asserted condition, read again in the control flow graph at the site.</summary>
    public bool IsAssertion => Kind == WidthSiteKind.Assertion;
}

/// <summary>
/// The sites of CPUID013 in one body, and their requirements for <see cref="GuardFlowAnalysis.AnalyzeSites"/>:
/// a buffer site is safe where a length was checked against <c>Vector&lt;T&gt;.Count</c> or the width is
/// known to fit; a stride site only where the width is known to be the stride; an assertion only where
/// what it asserts is already known. Sites are found in the original operation tree (where loops,
/// locals and their initializers are visible) and matched to the graph's operations by syntax and kind.
/// </summary>
internal sealed class VectorWidthSites : IFlowSiteSource
{
    private readonly Dictionary<SyntaxNode, WidthSite> _sites;

    private VectorWidthSites(Dictionary<SyntaxNode, WidthSite> sites) => _sites = sites;

    public IReadOnlyCollection<WidthSite> Sites => _sites.Values;

    public bool ReadsVectorWidth => true;

    /// <summary>The sites of a body, or null when it has none (the flow then need not run).</summary>
    public static VectorWidthSites? Find(IOperation root, CancellationToken cancellationToken)
    {
        var locals = new LocalWrites(root);
        var bounds = new BufferBounds(locals, cancellationToken);
        var sites = new Dictionary<SyntaxNode, WidthSite>();
        var accesses = new List<VectorAccess>();
        foreach (var operation in root.DescendantsAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (VectorAccess.TryGet(operation, locals) is { } access) accesses.Add(access);
            else if (AssertionSite(operation) is { } assertion) sites[operation.Syntax] = assertion;
        }
        foreach (var access in accesses)
        {
            // An unrolled loop (`a[i]`, `a[i + 8]`, `i += 16`) assumes the offsets' common step, not the whole stride.
            // An offset of unknown size (its bytes overflow a long) leaves the common step unknown: no stride site.
            var offsets = accesses.Where(a => a.IndexLocal is not null && SymbolEqualityComparer.Default.Equals(a.IndexLocal, access.IndexLocal))
                .Select(a => VectorWidths.Multiply(a.IndexOffset, a.IndexUnitSize) is long bytes ? VectorWidths.Magnitude(bytes) : null)
                .Where(o => o != 0).ToList();
            var stride = offsets.Contains(null) ? null : StrideSite(access, locals, offsets.Select(o => o!.Value).ToList());
            if ((stride ?? BufferSite(access, bounds)) is { } site) sites[access.Operation.Syntax] = site;
        }
        return sites.Count == 0 ? null : new VectorWidthSites(sites);
    }

    public WidthSite? SiteOf(IOperation operation) =>
        _sites.TryGetValue(operation.Syntax, out var site) && site.OperationKind == operation.Kind ? site : null;

    public Formula? Requirement(IOperation operation, FlowSiteContext context)
    {
        if (SiteOf(operation) is not { } site) return null;
        switch (site.Kind)
        {
            case WidthSiteKind.Buffer:
                // Safe where some length was checked against the count, or the width is known to fit the buffer.
                var formula = Widths(context, VectorWidths.Bytes.Where(b => b / site.ElementSize <= site.AssumedCount));
                foreach (var marker in context.Markers.Where(m => m.Value is { Kind: GuardMarkerKind.VectorWidth, WidthBytes: 0 }).ToList())
                    formula = Formula.Or(formula, Formula.Atom(marker.Key));
                return formula;
            case WidthSiteKind.Stride:
                return Widths(context, new[] { site.StrideBytes });
            default:
                return operation is IInvocationOperation { Arguments.Length: > 0 } assert ? context.Read(assert.Arguments[0].Value) : null;
        }
    }

    /// <summary>"4 without AVX2 (and on Arm64) and 16 with DOTNET_MaxVectorTBitWidth=512 on an AVX-512 CPU": the counts that break the assumption.</summary>
    public static string BreakingWidths(WidthSite site)
    {
        var parts = VectorWidths.Bytes.Where(b => !site.HoldsForCount(b / site.ElementSize))
            .Select(b => (b / site.ElementSize) + " " + Where(b)).ToList();
        return parts.Count switch
        {
            0 => "the same on every CPU",
            1 => parts[0],
            _ => string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[parts.Count - 1],
        };
    }

    private static string Where(int bytes) => bytes switch
    {
        16 => "without AVX2 (and on Arm64)",
        32 => "with AVX2",
        _ => "with DOTNET_MaxVectorTBitWidth=512 on an AVX-512 CPU",
    };

    private static Formula Widths(FlowSiteContext context, IEnumerable<int> widths) =>
        VectorWidths.Of(widths, (description, bytes) => context.Marker(GuardMarkerKind.VectorWidth, description, bytes));

    private static WidthSite? BufferSite(VectorAccess access, BufferBounds bounds)
    {
        if (bounds.Bytes(access.Buffer, access.BufferIsReference) is not long bytes) return null;
        // MemoryMarshal.Cast<int, Vector<int>>(buffer)[j] needs j + 1 vectors in the buffer.
        var fits = (int)Math.Min(int.MaxValue, bytes / ((access.CastIndex + 1) * (long)access.ElementSize));
        if (fits < 1 || (long)fits * access.ElementSize >= VectorWidths.MaxBytes) return null;
        var element = access.ElementName;
        return new WidthSite(
            WidthSiteKind.Buffer,
            access.Operation,
            access.ElementSize,
            access.VectorType,
            access.Member + (access.IsStore ? " into" : " on") + " a buffer of " + fits + " " + element + "s",
            access.VectorType + ".Count == " + fits,
            count => count == fits,
            Location(access.Operation))
        {
            AssumedCount = fits,
        };
    }

    /// <summary>
    /// The access's index is a local that the innermost loop moving it steps by one constant (<c>i += 8</c>),
    /// other than 1: the loop then assumes that many elements make a vector. <paramref name="offsetBytes"/> are
    /// the sizes (positive) of the constant offsets the index is used with.
    /// </summary>
    private static WidthSite? StrideSite(VectorAccess access, LocalWrites locals, List<long> offsetBytes)
    {
        if (access.IndexLocal is not { } index || access.IndexUnitSize == 0) return null;
        var writes = locals.Writes(index);
        if (writes is null) return null;
        for (var parent = access.Operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is not ILoopOperation loop) continue;
            var inLoop = writes.Where(w => loop.Syntax.Span.Contains(w.Syntax.Span) && w.Syntax.SyntaxTree == loop.Syntax.SyntaxTree).ToList();
            if (inLoop.Count == 0) continue;

            long? stride = null;
            IOperation? step = null;
            foreach (var write in inLoop)
            {
                var moved = Step(write, index);
                if (moved is null) return null; // a step that is not constant (`i += Vector<int>.Count`): not a width assumption
                if (moved == 0) continue;         // a reset (`i = 0`)
                if (stride is not null && stride != moved) return null;
                (stride, step) = (moved, write);
            }
            if (stride is not long elements || elements <= 1 || step is null) return null;
            if (VectorWidths.Multiply(elements, access.IndexUnitSize) is not long strideBytes) return null;
            var assumedBytes = offsetBytes.Aggregate(strideBytes, Gcd);
            if (assumedBytes % access.ElementSize != 0 || assumedBytes > int.MaxValue) return null;
            var count = (int)(assumedBytes / access.ElementSize);
            return new WidthSite(
                WidthSiteKind.Stride,
                access.Operation,
                access.ElementSize,
                access.VectorType,
                "The step '" + step.Syntax + "' of this " + access.VectorType + " loop",
                access.VectorType + ".Count == " + count,
                c => c == count,
                step.Syntax.GetLocation())
            {
                AssumedCount = count,
                StrideBytes = (int)assumedBytes,
                // The fix replaces the step by one vector: only when that is all the loop does per step.
                StrideUnit = offsetBytes.Count == 0 && VectorWidths.Bytes.Contains((int)strideBytes) ? access.IndexUnit : null,
            };
        }
        return null;
    }

    /// <summary>Of two non-negative numbers.</summary>
    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);

    /// <summary>
    /// How far one write moves the index: a positive constant, 0 for a reset, null when not constant, or when
    /// its size is no long (<c>i += long.MinValue</c>: an unknown step, not an overflow).
    /// </summary>
    private static long? Step(IOperation write, ISymbol index)
    {
        switch (write)
        {
            case IIncrementOrDecrementOperation:
                return 1;
            case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } compound:
                return Constant(compound.Value) is long moved ? VectorWidths.Magnitude(moved) : null;
            case ISimpleAssignmentOperation assignment:
                var assigned = VectorWidths.StripConversions(assignment.Value);
                if (assigned is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } binary)
                {
                    var other = IsLocal(binary.LeftOperand, index) ? binary.RightOperand
                        : IsLocal(binary.RightOperand, index) && binary.OperatorKind == BinaryOperatorKind.Add ? binary.LeftOperand
                        : null;
                    if (other is not null) return Constant(other) is long step ? VectorWidths.Magnitude(step) : null;
                }
                return assigned is not null && assigned.DescendantsAndSelf().Any(o => IsLocal(o, index)) ? null : 0;
            case IVariableDeclaratorOperation:
                return 0;
            default:
                return null;
        }
    }

    private static long? Constant(IOperation operation) =>
        operation.ConstantValue is { HasValue: true } constant ? VectorWidths.ToInt64(constant.Value) : null;

    private static bool IsLocal(IOperation operation, ISymbol variable) =>
        VectorWidths.StripConversions(operation) is { } stripped && SymbolEqualityComparer.Default.Equals(LocalWrites.Variable(stripped), variable);

    /// <summary><c>Debug.Assert(Vector&lt;int&gt;.Count == 8)</c>, or <c>Trace.Assert</c>, of a width some CPU does not have.</summary>
    private static WidthSite? AssertionSite(IOperation operation)
    {
        if (operation is not IInvocationOperation { TargetMethod: { Name: "Assert",
            ContainingType: { Name: "Debug" or "Trace", ContainingNamespace: { Name: "Diagnostics", ContainingNamespace.Name: "System" } } } } assert
            || assert.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value is not { } condition)
            return null;
        foreach (var node in condition.DescendantsAndSelf())
        {
            if (VectorWidthReader.ReadConstantComparison(node) is not { } comparison) continue;
            if (VectorWidths.Bytes.All(b => comparison.Holds(b / comparison.ElementSize))) continue;
            return new WidthSite(
                WidthSiteKind.Assertion,
                operation,
                comparison.ElementSize,
                comparison.VectorType,
                "'" + assert.TargetMethod.ContainingType.Name + ".Assert'",
                comparison.Text,
                comparison.Holds,
                Location(operation));
        }
        return null;
    }

    private static Location Location(IOperation operation) => IsaMemberUse.ReportLocation(operation);
}
