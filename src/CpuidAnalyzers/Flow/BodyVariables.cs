using System.Collections.Generic;
using System.Linq;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Flow;

/// <summary>
/// The bool locals and flow captures of one member body that may carry a condition, as atoms
/// numbered after the compilation's ISA classes. A local is tracked only when every write to it
/// is one the flow analysis sees (initializer, assignment statement); a local written by
/// <c>ref</c>/<c>out</c>, a pattern, a deconstruction or from inside a lambda is never trusted.
/// </summary>
internal sealed class BodyVariables
{
    private readonly Dictionary<ILocalSymbol, int> _locals = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<(ControlFlowGraph, CaptureId), int> _captures = new();
    private readonly HashSet<ILocalSymbol> _untrusted = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, int> _writeCounts = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<string, int> _markerAtoms = new();
    private readonly Dictionary<int, GuardMarker> _markers = new();
    private readonly Dictionary<(ControlFlowGraph, CaptureId), IOperation> _captureSources = new();
    private readonly HashSet<ILocalSymbol> _cpuidLocals = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, IOperation> _initialValues = new(SymbolEqualityComparer.Default);
    private int _next;
    private IOperation? _unscanned;

    public BodyVariables(IOperation root, IsaModel model)
    {
        _next = model.Count;
        StableMask = model.IsaMask;
        // The writes are scanned when a local is first asked about: most bodies' checks read no local.
        _unscanned = root;
    }

    /// <summary>ISA atoms plus locals written exactly once: facts a lambda may inherit from where it is created.</summary>
    public AtomSet StableMask { get; private set; }

    public bool TryGetLocal(ILocalSymbol local, out int atom)
    {
        atom = -1;
        EnsureScanned();
        if (local.Type.SpecialType != SpecialType.System_Boolean || local.IsRef || _untrusted.Contains(local))
            return false;
        if (!_locals.TryGetValue(local, out atom))
        {
            atom = _locals[local] = _next++;
            if (_writeCounts.TryGetValue(local, out var writes) && writes == 1) StableMask = StableMask.With(atom);
        }
        return true;
    }

    /// <summary>The atom of a local the flow has already numbered; false for one it has not met.</summary>
    public bool TryGetNumbered(ILocalSymbol local, out int atom) => _locals.TryGetValue(local, out atom);

    /// <summary>The atom of a capture the flow has already numbered; false for one it has not met.</summary>
    public bool TryGetNumbered(ControlFlowGraph graph, CaptureId id, out int atom) => _captures.TryGetValue((graph, id), out atom);

    /// <summary>
    /// The bool locals written once that <paramref name="function"/> reads from a body around it: every call
    /// of it sees the value they have there (a local function's callers and the function share them).
    /// </summary>
    public AtomSet StableLocalsAround(IMethodSymbol function)
    {
        var result = AtomSet.Empty;
        foreach (var (local, atom) in _locals.Select(p => (p.Key, p.Value)))
        {
            if (!StableMask.Contains(atom)) continue;
            for (var around = function.ContainingSymbol; around is IMethodSymbol; around = around.ContainingSymbol)
                if (SymbolEqualityComparer.Default.Equals(around, local.ContainingSymbol)) result = result.With(atom);
        }
        return result;
    }

    /// <summary>The markers allocated so far, by atom: what the rules name when only a marker guards a use.</summary>
    public IReadOnlyDictionary<int, GuardMarker> Markers => _markers;

    /// <summary>The atom of a marker; markers are process-wide facts, so lambdas inherit them.</summary>
    public int Marker(GuardMarkerKind kind, string description, int widthBytes = 0)
    {
        if (_markerAtoms.TryGetValue(description, out var atom)) return atom;
        atom = _markerAtoms[description] = _next++;
        _markers[atom] = new GuardMarker(kind, description, widthBytes);
        StableMask = StableMask.With(atom);
        return atom;
    }

    /// <summary>Remembers what a non-bool capture holds, so <c>switch (ProcessArchitecture)</c> reads like a comparison.</summary>
    public void SetCaptureSource(ControlFlowGraph graph, CaptureId id, IOperation value) => _captureSources[(graph, id)] = value;

    public IOperation? CaptureSource(ControlFlowGraph graph, CaptureId id) =>
        _captureSources.TryGetValue((graph, id), out var source) ? source : null;

    /// <summary>Whether the value is computed from <c>X86Base.CpuId</c> results (directly, or through locals or captures).</summary>
    public bool IsCpuidDerived(IOperation value, ControlFlowGraph? graph)
    {
        // A worklist, not recursion: captures of captures chain as long as the input (issue 19); each is looked at once.
        var pending = new Stack<IOperation>();
        var seen = new HashSet<CaptureId>();
        pending.Push(value);
        while (pending.Count > 0)
        {
            foreach (var node in pending.Pop().DescendantsAndSelf())
            {
                switch (node)
                {
                    case IInvocationOperation invocation when IsCpuidCall(invocation):
                    case ILocalReferenceOperation local when CpuidLocals().Contains(local.Local):
                        return true;
                    case IFlowCaptureReferenceOperation capture when graph is not null && seen.Add(capture.Id)
                        && CaptureSource(graph, capture.Id) is { } source:
                        pending.Push(source);
                        break;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// The value of a local (of any type) whose only write is its initializer, such as
    /// <c>int width = Vector&lt;int&gt;.Count;</c>; null for any other local.
    /// </summary>
    public IOperation? SingleValue(ILocalSymbol local) =>
        EnsureScanned() && !local.IsRef && !_untrusted.Contains(local) && _writeCounts.TryGetValue(local, out var writes) && writes == 1
            && _initialValues.TryGetValue(local, out var value) ? value : null;

    public int Capture(ControlFlowGraph graph, CaptureId id)
    {
        if (!_captures.TryGetValue((graph, id), out var atom)) atom = _captures[(graph, id)] = _next++;
        return atom;
    }

    private static bool IsCpuidCall(IInvocationOperation invocation) =>
        invocation.TargetMethod is { Name: "CpuId", ContainingType: { Name: "X86Base", ContainingNamespace.Name: "X86" } };

    private HashSet<ILocalSymbol> CpuidLocals()
    {
        EnsureScanned();
        return _cpuidLocals;
    }

    /// <summary>Scans the writes once, on first need (always true, for use in expressions).</summary>
    private bool EnsureScanned()
    {
        if (_unscanned is { } root)
        {
            _unscanned = null;
            ScanWrites(root);
        }
        return true;
    }

    private void ScanWrites(IOperation root)
    {
        var operations = root.DescendantsAndSelf().ToList();
        if (operations.Any(o => o is IInvocationOperation invocation && IsCpuidCall(invocation)))
            FindCpuidLocals(operations);

        foreach (var operation in operations)
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when declarator.GetVariableInitializer() is { } initializer:
                    CountWrite(declarator.Symbol, operation);
                    _initialValues[declarator.Symbol] = initializer.Value;
                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                    when assignment is ISimpleAssignmentOperation or ICompoundAssignmentOperation:
                    CountWrite(target.Local, operation);
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (var local in deconstruction.Target.DescendantsAndSelf().OfType<ILocalReferenceOperation>())
                        _untrusted.Add(local.Local);
                    break;
                case IDeclarationExpressionOperation declaration:
                    foreach (var local in declaration.DescendantsAndSelf().OfType<ILocalReferenceOperation>())
                        _untrusted.Add(local.Local);
                    break;
                case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol declared }:
                    _untrusted.Add(declared);
                    break;
                case IArgumentOperation { Parameter.RefKind: not RefKind.None, Value: ILocalReferenceOperation byRef }:
                    _untrusted.Add(byRef.Local);
                    break;
                case IAddressOfOperation { Reference: ILocalReferenceOperation addressed }:
                    _untrusted.Add(addressed.Local);
                    break;
                case IIncrementOrDecrementOperation { Target: ILocalReferenceOperation incremented }:
                    _untrusted.Add(incremented.Local);
                    break;
                case IVariableDeclaratorOperation { Symbol.IsRef: true } refLocal:
                    foreach (var local in refLocal.DescendantsAndSelf().OfType<ILocalReferenceOperation>())
                        _untrusted.Add(local.Local);
                    break;
            }
        }
    }

    /// <summary>Locals that hold CPUID results, or values computed from them (to a fixed point).</summary>
    private void FindCpuidLocals(List<IOperation> operations)
    {
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var operation in operations)
            {
                var (targets, value) = operation switch
                {
                    IVariableDeclaratorOperation declarator when declarator.GetVariableInitializer() is { } init =>
                        (new[] { declarator.Symbol }, init.Value),
                    IAssignmentOperation assignment
                        => (assignment.Target.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Select(l => l.Local).ToArray(), assignment.Value),
                    _ => (System.Array.Empty<ILocalSymbol>(), null),
                };
                if (value is null || !IsCpuidDerived(value, null)) continue;
                foreach (var target in targets) changed |= _cpuidLocals.Add(target);
                if (operation is IDeconstructionAssignmentOperation deconstruction)
                    foreach (var declared in deconstruction.Target.DescendantsAndSelf().OfType<IDeclarationExpressionOperation>()
                        .SelectMany(d => d.DescendantsAndSelf().OfType<ILocalReferenceOperation>()))
                        changed |= _cpuidLocals.Add(declared.Local);
            }
        }
    }

    private void CountWrite(ILocalSymbol local, IOperation write)
    {
        _writeCounts.TryGetValue(local, out var count);
        _writeCounts[local] = count + 1;
        // A lambda or local function may run at any time: its writes to an outer local are invisible to the flow.
        for (var parent = write.Parent; parent is not null; parent = parent.Parent)
        {
            var function = parent switch
            {
                IAnonymousFunctionOperation lambda => lambda.Symbol,
                ILocalFunctionOperation localFunction => localFunction.Symbol,
                _ => null,
            };
            if (function is null) continue;
            if (!SymbolEqualityComparer.Default.Equals(local.ContainingSymbol, function)) _untrusted.Add(local);
            break;
        }
    }
}
