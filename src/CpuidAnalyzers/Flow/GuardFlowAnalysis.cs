using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Flow;

/// <summary>
/// The guard analysis: a forward data-flow over a body's <see cref="ControlFlowGraph"/> computing,
/// for every use of an ISA class member, the <see cref="GuardState"/> that holds on all paths to it.
/// Lambdas start from the state where they are created (IsSupported never changes in a process).
/// A local function is inferred like a helper when the requirement source does it (<see cref="ILocalFunctionInference"/>):
/// it starts from what its body needs beyond its own checks, and each call or conversion of it is a use of
/// that need (see <see cref="RunInferringLocalFunctions"/>). Otherwise, and for <see cref="AnalyzeSites"/>, it
/// starts from the join of the states at all its call and conversion sites.
/// <see cref="AnalyzeSites"/> runs the same analysis for other kinds of sites (see <see cref="IFlowSiteSource"/>).
/// The engine computes states; what is kept of a replay is its <see cref="FlowRecorder"/>'s business.
/// </summary>
internal sealed class GuardFlowAnalysis
{
    private const int MaxBlockVisits = 32;
    private const int MaxFunctionRuns = 8;
    private const int MaxLocalFunctionRounds = 4;

    private readonly IsaModel _model;
    private readonly IRequirementSource _requirements;
    private readonly BodyVariables _variables;
    private readonly ConditionReader _reader;
    private readonly CancellationToken _cancellationToken;
    private readonly FlowRecorder _recorder;
    private readonly Dictionary<object, FunctionUnit> _units = new();
    private readonly Dictionary<IMethodSymbol, ControlFlowGraph> _localFunctionParents = new(SymbolEqualityComparer.Default);
    private readonly Queue<FunctionUnit> _queue = new();
    private readonly ILocalFunctionInference? _localInference;
    private readonly Dictionary<IMethodSymbol, InferredLocalFunction> _inferredLocals = new(SymbolEqualityComparer.Default);
    private GuardState _rootEntry = GuardState.Unknown;
    private BasicBlock? _recordingBlock;

    private GuardFlowAnalysis(IOperation root, IsaModel model, IRequirementSource requirements, GuardMembers guardMembers, FlowRecorder recorder,
        CancellationToken cancellationToken, BodyVariables? variables = null)
    {
        _model = model;
        _requirements = requirements;
        _variables = variables ?? new BodyVariables(root, model);
        _reader = new ConditionReader(model, _variables, guardMembers, cancellationToken, readVectorWidth: recorder.ReadsVectorWidth);
        _cancellationToken = cancellationToken;
        _recorder = recorder;
        _localInference = recorder.LocalFunctionInference;
        recorder.Start(_variables, _reader, model);
    }

    /// <summary>Every ISA use in the body of <paramref name="root"/> (a CFG root), with its guard state.</summary>
    /// <param name="variables">The body's variables when a caller already scanned them (<see cref="DominatingChecks"/>).</param>
    public static IReadOnlyList<IsaUseSite> Analyze(IOperation root, GuardFlowInputs flow, GuardState entry, CancellationToken cancellationToken,
        BodyVariables? variables = null)
    {
        var (model, requirements, guardMembers) = (flow.Model, flow.Requirements, flow.GuardMembers);
        // A body without branches sees its entry state everywhere: no graph needed.
        if (StraightLineBody.Uses(root, model, requirements, entry, cancellationToken) is { } straight) return straight;
        var analysis = new GuardFlowAnalysis(root, model, requirements, guardMembers, new IsaUseRecorder(model, requirements, cancellationToken),
            cancellationToken, variables);
        var graph = CreateGraph(root, cancellationToken);
        if (graph is null) return new List<IsaUseSite>();
        analysis.RunInferringLocalFunctions(graph, entry);
        return analysis._units.Values.SelectMany(u => u.Uses).ToList();
    }

    /// <summary>
    /// The sites <paramref name="sites"/> picks in the body of <paramref name="root"/>, each with the state on all
    /// paths to it, by the same flow as <see cref="Analyze"/> (lambdas, local functions, early exits, cached bools).
    /// ISA member uses are not recorded: the shared ISA analysis reports those.
    /// </summary>
    public static IReadOnlyList<FlowSite> AnalyzeSites(IOperation root, GuardFlowInputs flow, GuardState entry, IFlowSiteSource sites,
        CancellationToken cancellationToken)
    {
        var analysis = new GuardFlowAnalysis(root, flow.Model, flow.Requirements, flow.GuardMembers, new SiteRecorder(sites), cancellationToken);
        var graph = CreateGraph(root, cancellationToken);
        if (graph is null) return new List<FlowSite>();
        analysis.Run(new FunctionUnit(graph, entry, owner: null));
        return analysis._units.Values.SelectMany(u => u.Sites).ToList();
    }

    /// <summary>The roots a ControlFlowGraph can be built for; anything else has no body to analyze.</summary>
    public static bool IsGraphRoot(IOperation operation) => operation.Parent is null && operation is
        IMethodBodyOperation or IConstructorBodyOperation or IFieldInitializerOperation or IPropertyInitializerOperation
        or IParameterInitializerOperation or IBlockOperation;

    // A body's root operation is the semantic model's cached one: a body that inference reads and its report reads
    // again (with another entry state) gets one graph, not two.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IOperation, ControlFlowGraph> Graphs = new();

    private static ControlFlowGraph? CreateGraph(IOperation root, CancellationToken cancellationToken)
    {
        if (Graphs.TryGetValue(root, out var cached)) return cached;
        if (NewGraph(root, cancellationToken) is not { } graph) return null;
        return Graphs.GetValue(root, _ => graph);
    }

    private static ControlFlowGraph? NewGraph(IOperation root, CancellationToken cancellationToken) => root switch
    {
        IMethodBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
        IConstructorBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
        IFieldInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellationToken),
        IPropertyInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellationToken),
        IParameterInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellationToken),
        IBlockOperation block => ControlFlowGraph.Create(block, cancellationToken),
        _ => null,
    };

    /// <summary>
    /// Runs the body until the inferred local functions' requirements are stable. Each round starts every
    /// inferred local function from the body's entry and what it is known to need so far, and turns each of
    /// its calls into a use of that need; what its body (and the lambdas it creates) still needs beyond it is
    /// added for the next round. A body whose local functions need nothing runs once; one whose local
    /// functions use an ISA class, twice (once to learn the need, once to check from it); recursion may take more.
    /// </summary>
    private void RunInferringLocalFunctions(ControlFlowGraph graph, GuardState entry)
    {
        _rootEntry = entry.Project(_variables.StableMask, _model);
        for (var round = 0; ; round++)
        {
            _units.Clear();
            _queue.Clear();
            Run(new FunctionUnit(graph, entry, owner: null));
            AddLocalFunctionCallUses();
            if (round == MaxLocalFunctionRounds || !LearnLocalFunctionNeeds()) break;
        }
    }

    /// <summary>Adds to each inferred local function what its units still need; false when none needs more.</summary>
    private bool LearnLocalFunctionNeeds()
    {
        var grown = false;
        foreach (var units in _units.Values.Where(u => u.Owner is not null).GroupBy(u => u.Owner!, SymbolEqualityComparer.Default))
        {
            var function = (IMethodSymbol)units.Key!;
            var need = new EntryNeed(_model, _variables.StableLocalsAround(function));
            foreach (var use in units.SelectMany(u => u.Uses)) need.Add(use);
            if (need.IsEmpty) continue;
            var known = _inferredLocals.TryGetValue(function, out var inferred) ? inferred : null;
            var needed = need.AsFormula();
            // A Debug.Assert is a need every round: only a need the known one does not cover is news.
            if (known is not null && GuardState.Unknown.Assume(known.Formula, true, _model).Implies(needed, _model)) continue;
            _inferredLocals[function] = new InferredLocalFunction(
                IsaRequirement.Combine(known?.Requirement, need.Requirement(), _model)!,
                known is null ? needed : Formula.And(known.Formula, needed));
            grown = true;
        }
        return grown;
    }

    /// <summary>Each call or conversion of an inferred local function is a use of its need, on the paths that lack it.</summary>
    private void AddLocalFunctionCallUses()
    {
        foreach (var unit in _units.Values)
        {
            foreach (var call in unit.LocalFunctionSites)
            {
                if (!_inferredLocals.TryGetValue(call.Function, out var inferred) || call.State.IsUnreachable) continue;
                var lacking = call.State.Where(a => !GuardState.Implies(a, inferred.Formula, _model), _model);
                if (lacking.IsUnreachable) continue;
                unit.Uses.Add(new IsaUseSite(call.Site, call.Function, inferred.Requirement, isContract: true, lacking, _variables.Markers, call.CaughtAs));
            }
        }
    }

    private bool InfersRequirement(IMethodSymbol localFunction) =>
        _localInference is not null && ContractEntry(localFunction) is null && _localInference.InfersRequirement(localFunction);

    /// <summary>An inferred local function starts from what holds everywhere in the body, and what it needs.</summary>
    private GuardState InferredEntry(IMethodSymbol localFunction) =>
        _inferredLocals.TryGetValue(localFunction, out var inferred) ? _rootEntry.Assume(inferred.Formula, true, _model) : _rootEntry;

    private void Run(FunctionUnit body)
    {
        _units[body] = body;
        Enqueue(body);
        while (true)
        {
            while (_queue.Count > 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var unit = _queue.Dequeue();
                unit.Queued = false;
                Analyze(unit);
                PropagateToNestedFunctions(unit);
            }

            // A local function that nothing calls (or only dead code does) is analyzed on its own.
            var uncalled = _localFunctionParents.Where(p => !_units.ContainsKey(p.Key)).ToList();
            if (uncalled.Count == 0) break;
            foreach (var (function, parent) in uncalled.Select(p => (p.Key, p.Value)))
            {
                var unit = _units[function] = new FunctionUnit(parent.GetLocalFunctionControlFlowGraph(function, _cancellationToken),
                    ContractEntry(function) ?? GuardState.Unknown, owner: null);
                Enqueue(unit);
            }
        }
    }

    private void Enqueue(FunctionUnit unit)
    {
        if (unit.Queued) return;
        if (unit.Runs >= MaxFunctionRuns)
        {
            // Widen: a fixed point not reached by now is replaced by "nothing known", which is stable.
            if (unit.Runs > MaxFunctionRuns || unit.Entry.SameAs(GuardState.Unknown)) return;
            unit.Entry = GuardState.Unknown;
        }
        unit.Queued = true;
        _queue.Enqueue(unit);
    }

    private void PropagateToNestedFunctions(FunctionUnit unit)
    {
        foreach (var lambda in unit.Lambdas)
        {
            if (!_units.TryGetValue(lambda.Key, out var nested))
                nested = _units[lambda.Key] = new FunctionUnit(unit.Graph.GetAnonymousFunctionControlFlowGraph(lambda.Key, _cancellationToken), lambda.Value,
                    unit.Owner);
            else if (nested.Runs > 0 && nested.Entry.SameAs(lambda.Value))
                continue;
            nested.Entry = lambda.Value;
            Enqueue(nested);
        }

        foreach (var function in unit.LocalFunctionCalls.Keys)
        {
            if (!_localFunctionParents.TryGetValue(function, out var parent)) continue;
            // A local function with a contract starts from it, an inferred one from its need; their call sites are checked against it instead.
            var inferred = InfersRequirement(function);
            var entry = ContractEntry(function) ?? (inferred ? InferredEntry(function) : _units.Values.Aggregate(GuardState.Unreachable,
                (state, caller) => caller.LocalFunctionCalls.TryGetValue(function, out var call) ? state.Join(call, _model) : state));
            if (!_units.TryGetValue(function, out var nested))
                nested = _units[function] = new FunctionUnit(parent.GetLocalFunctionControlFlowGraph(function, _cancellationToken), entry,
                    inferred ? function : null);
            else if (nested.Runs > 0 && nested.Entry.SameAs(entry))
                continue;
            nested.Entry = entry;
            Enqueue(nested);
        }
    }

    private void Analyze(FunctionUnit unit)
    {
        unit.Runs++;
        foreach (var function in unit.Graph.LocalFunctions)
            if (!_localFunctionParents.ContainsKey(function)) _localFunctionParents[function] = unit.Graph;

        var entries = SolveEntries(unit);

        // Replay each reachable block once with its final entry state, recording what uses see.
        unit.Uses.Clear();
        unit.Sites.Clear();
        _recorder.BeginReplay(unit.Graph);
        unit.Lambdas.Clear();
        unit.LocalFunctionCalls.Clear();
        unit.LocalFunctionSites.Clear();
        var blocks = unit.Graph.Blocks;
        for (var i = 0; i < blocks.Length; i++)
        {
            if (entries[i] is not { } state) continue;
            _recordingBlock = blocks[i];
            foreach (var operation in blocks[i].Operations) state = Transfer(unit, operation, state, record: true);
            if (blocks[i].BranchValue is { } branchValue) Transfer(unit, branchValue, state, record: true);
        }
    }

    private GuardState?[] SolveEntries(FunctionUnit unit)
    {
        var blocks = unit.Graph.Blocks;
        var entries = new GuardState?[blocks.Length];
        var exits = new GuardState?[blocks.Length];
        var visits = new int[blocks.Length];
        // Lowest ordinal first: blocks are in reverse post-order, so a block runs once its predecessors
        // settled, not each time one of them changes (a FIFO re-ran large bodies' blocks ~15 times each).
        var pending = new SortedSet<int>();
        var queued = new bool[blocks.Length];

        void Update(BasicBlock source, BasicBlock? destination, GuardState state)
        {
            if (destination is null || !destination.IsReachable || state.IsUnreachable) return;
            state = state.Forget(DeadOnEdge(unit.Graph, source, destination), _model);
            var ordinal = destination.Ordinal;
            var old = entries[ordinal];
            var joined = old is null ? state : old.Join(state, _model);
            if (old is not null && joined.SameAs(old)) return;
            entries[ordinal] = ++visits[ordinal] > MaxBlockVisits ? GuardState.Unknown : joined;
            if (!queued[ordinal]) { queued[ordinal] = true; pending.Add(ordinal); }
        }

        Update(blocks[0], blocks[0], unit.Entry);
        var handlers = HandlerEntries(unit.Graph);
        do
        {
            while (pending.Count > 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var next = pending.Min;
                pending.Remove(next);
                var block = blocks[next];
                queued[block.Ordinal] = false;
                var state = entries[block.Ordinal]!;
                foreach (var operation in block.Operations) state = Transfer(unit, operation, state, record: false);
                exits[block.Ordinal] = state;

                if (block.BranchValue is not { } branchValue)
                {
                    Update(block, block.FallThroughSuccessor?.Destination, state);
                    continue;
                }
                var condition = _reader.Read(branchValue, unit.Graph);
                state = Transfer(unit, branchValue, state, record: false);
                if (block.ConditionKind == ControlFlowConditionKind.None)
                {
                    Update(block, block.FallThroughSuccessor?.Destination, state);
                    continue;
                }
                var jumpsWhen = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
                Update(block, block.ConditionalSuccessor?.Destination, state.Assume(condition, jumpsWhen, _model));
                Update(block, block.FallThroughSuccessor?.Destination, state.Assume(condition, !jumpsWhen, _model));
            }

            // catch, filter and finally blocks have no ordinary predecessor: they can start from any point of their try.
            foreach (var (handler, first, last) in handlers)
            {
                var state = GuardState.Unreachable;
                for (var i = first; i <= last; i++)
                {
                    if (entries[i] is { } entry) state = state.Join(entry, _model);
                    if (exits[i] is { } exit) state = state.Join(exit, _model);
                }
                Update(blocks[handler], blocks[handler], state);
            }
        }
        while (pending.Count > 0);
        return entries;
    }

    /// <summary>
    /// The locals and captures whose region an edge leaves: dead from there on. Forgetting them keeps the facts
    /// (and their bit sets) as small as what is live, instead of growing with every condition of a long body.
    /// </summary>
    private AtomSet DeadOnEdge(ControlFlowGraph graph, BasicBlock source, BasicBlock destination)
    {
        var dead = AtomSet.Empty;
        for (var region = source.EnclosingRegion;
             region is not null && (destination.Ordinal < region.FirstBlockOrdinal || destination.Ordinal > region.LastBlockOrdinal);
             region = region.EnclosingRegion)
        {
            foreach (var id in region.CaptureIds)
                if (_variables.TryGetNumbered(graph, id, out var atom)) dead = dead.With(atom);
            foreach (var local in region.Locals)
                if (_variables.TryGetNumbered(local, out var atom)) dead = dead.With(atom);
        }
        return dead;
    }

    /// <summary>Applies one operation: records its uses (when replaying) and what it changes in the state.</summary>
    private GuardState Transfer(FunctionUnit unit, IOperation operation, GuardState state, bool record)
    {
        var top = operation is IExpressionStatementOperation statement ? statement.Operation : operation;
        List<int>? overwritten = null;
        foreach (var node in operation.DescendantsAndSelf())
        {
            if (record) Record(unit, node, state);
            if (node != top && node is IAssignmentOperation { Target: ILocalReferenceOperation target } && _variables.TryGetLocal(target.Local, out var atom))
                (overwritten ??= new List<int>()).Add(atom);
        }

        switch (top)
        {
            case IFlowCaptureOperation { Value.Type.SpecialType: SpecialType.System_Boolean } capture:
                state = state.Assign(_variables.Capture(unit.Graph, capture.Id), _reader.Read(capture.Value, unit.Graph), _model);
                break;
            case IFlowCaptureOperation capture:
                _variables.SetCaptureSource(unit.Graph, capture.Id, capture.Value);
                break;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when _variables.TryGetLocal(target.Local, out var local):
                state = state.Assign(local, _reader.Read(assignment.Value, unit.Graph), _model);
                break;
            case ICompoundAssignmentOperation { Target: ILocalReferenceOperation target } compound when _variables.TryGetLocal(target.Local, out var local):
                var value = _reader.Read(compound.Value, unit.Graph);
                state = state.Assign(local, compound.OperatorKind switch
                {
                    BinaryOperatorKind.And => Formula.And(Formula.Atom(local), value),
                    BinaryOperatorKind.Or => Formula.Or(Formula.Atom(local), value),
                    BinaryOperatorKind.ExclusiveOr => Formula.Not(Formula.Iff(Formula.Atom(local), value)),
                    _ => Formula.Unknown,
                }, _model);
                break;
        }

        if (overwritten is not null)
            foreach (var atom in overwritten) state = state.Forget(atom, _model);

        // Debug.Assert(X.IsSupported) states a precondition: after it, X counts as supported.
        if (top is IInvocationOperation { TargetMethod: { Name: "Assert", ContainingType: { Name: "Debug", ContainingNamespace.Name: "Diagnostics" } } } assert
            && assert.Arguments.Length > 0)
        {
            var asserted = _reader.Read(assert.Arguments[0].Value, unit.Graph);
            if (record) _recorder.RecordAssertion(unit, assert, asserted, state);
            state = state.Assume(asserted, true, _model);
        }

        return state;
    }

    private void Record(FunctionUnit unit, IOperation node, GuardState state)
    {
        switch (node)
        {
            case IFlowAnonymousFunctionOperation lambda:
                unit.Lambdas[lambda] = Join(unit.Lambdas, lambda, state.Project(_variables.StableMask, _model));
                return;
            case IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction } call:
                AddLocalFunctionCall(unit, node, call.TargetMethod, state);
                break;
            case IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } reference:
                AddLocalFunctionCall(unit, node, reference.Method, state);
                break;
        }

        _recorder.Record(unit, node, state, _recordingBlock!);
    }

    private GuardState? ContractEntry(IMethodSymbol localFunction) =>
        _requirements.OwnContract(localFunction) is { } requirement ? GuardState.Unknown.Assume(requirement.Formula, true, _model) : null;

    private void AddLocalFunctionCall(FunctionUnit unit, IOperation site, IMethodSymbol function, GuardState state)
    {
        var key = function.OriginalDefinition;
        unit.LocalFunctionCalls[key] = Join(unit.LocalFunctionCalls, key, state.Project(_variables.StableMask, _model));
        if (InfersRequirement(key)) unit.LocalFunctionSites.Add(new LocalFunctionSite(site, key, state, CatchingType(_recordingBlock)));
    }

    private GuardState Join<TKey>(Dictionary<TKey, GuardState> states, TKey key, GuardState state)
        where TKey : notnull =>
        states.TryGetValue(key, out var existing) ? existing.Join(state, _model) : state;

    /// <summary>
    /// The exception type of a catch that would swallow PlatformNotSupportedException thrown in the block
    /// (a try/catch used as a feature probe), or null.
    /// </summary>
    internal static ITypeSymbol? CatchingType(BasicBlock? block)
    {
        for (var region = block?.EnclosingRegion; region is not null; region = region.EnclosingRegion)
        {
            if (region.Kind != ControlFlowRegionKind.Try || region.EnclosingRegion is not { Kind: ControlFlowRegionKind.TryAndCatch } tryAndCatch)
                continue;
            foreach (var handler in tryAndCatch.NestedRegions)
                if (handler.ExceptionType is { } caught && CatchesPlatformNotSupported(caught)) return caught;
        }
        return null;
    }

    private static bool CatchesPlatformNotSupported(ITypeSymbol caught) =>
        caught.SpecialType == SpecialType.System_Object ||
        caught.ToDisplayString() is "System.PlatformNotSupportedException" or "System.NotSupportedException" or "System.SystemException" or "System.Exception";

    private static List<(int Handler, int First, int Last)> HandlerEntries(ControlFlowGraph graph)
    {
        var result = new List<(int, int, int)>();
        var regions = new Stack<ControlFlowRegion>();
        regions.Push(graph.Root);
        while (regions.Count > 0)
        {
            var region = regions.Pop();
            foreach (var nested in region.NestedRegions) regions.Push(nested);
            if (region.Kind is not (ControlFlowRegionKind.Catch or ControlFlowRegionKind.Filter or ControlFlowRegionKind.FilterAndHandler
                or ControlFlowRegionKind.Finally)
                || !graph.Blocks[region.FirstBlockOrdinal].Predecessors.IsEmpty)
                continue;
            var tryAnd = region.EnclosingRegion;
            while (tryAnd is not null && tryAnd.Kind is not (ControlFlowRegionKind.TryAndCatch or ControlFlowRegionKind.TryAndFinally))
                tryAnd = tryAnd.EnclosingRegion;
            if (tryAnd is null || tryAnd.NestedRegions.IsEmpty) continue;
            var tryRegion = tryAnd.NestedRegions[0];
            result.Add((region.FirstBlockOrdinal, tryRegion.FirstBlockOrdinal, tryRegion.LastBlockOrdinal));
        }
        return result;
    }

    /// <summary>The main body, one lambda, or one local function: each has its own graph and entry state.</summary>
    internal sealed class FunctionUnit
    {
        public FunctionUnit(ControlFlowGraph graph, GuardState entry, IMethodSymbol? owner) => (Graph, Entry, Owner) = (graph, entry, owner);

        public ControlFlowGraph Graph { get; }

        /// <summary>The inferred local function whose need this unit's uses make up: itself, or the one that creates this lambda.</summary>
        public IMethodSymbol? Owner { get; }

        public GuardState Entry { get; set; }

        public int Runs { get; set; }

        public bool Queued { get; set; }

        public List<IsaUseSite> Uses { get; } = new();

        public List<FlowSite> Sites { get; } = new();

        public Dictionary<IFlowAnonymousFunctionOperation, GuardState> Lambdas { get; } = new();

        public Dictionary<IMethodSymbol, GuardState> LocalFunctionCalls { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>Each call or conversion of an inferred local function, with the state there.</summary>
        public List<LocalFunctionSite> LocalFunctionSites { get; } = new();
    }

    internal sealed class LocalFunctionSite
    {
        public LocalFunctionSite(IOperation site, IMethodSymbol function, GuardState state, ITypeSymbol? caughtAs) =>
            (Site, Function, State, CaughtAs) = (site, function, state, caughtAs);

        public IOperation Site { get; }

        public IMethodSymbol Function { get; }

        public GuardState State { get; }

        public ITypeSymbol? CaughtAs { get; }
    }

    /// <summary>An inferred local function's need: as a requirement of ISA classes for messages, and as the formula calls must imply.</summary>
    private sealed class InferredLocalFunction
    {
        public InferredLocalFunction(IsaRequirement requirement, Formula formula) => (Requirement, Formula) = (requirement, formula);

        public IsaRequirement Requirement { get; }

        public Formula Formula { get; }
    }
}
