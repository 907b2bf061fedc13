using System.Threading;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Flow;

/// <summary>
/// What one run of <see cref="GuardFlowAnalysis"/> records while it replays a body with its final states: the
/// engine computes the states, a recorder decides what is kept (as CA1416 keeps <c>GlobalFlowStateAnalysis</c>
/// apart from its visitor). <see cref="IsaUseRecorder"/> keeps the ISA member uses (and infers local functions);
/// <see cref="SiteRecorder"/> keeps a rule's own kind of site.
/// </summary>
internal abstract class FlowRecorder
{
    /// <summary>Whether comparisons of <c>Vector&lt;T&gt;.Count</c> are read as width markers.</summary>
    public virtual bool ReadsVectorWidth => false;

    /// <summary>The inference of local functions, when their calls are to be checked as uses of what they need.</summary>
    public virtual ILocalFunctionInference? LocalFunctionInference => null;

    /// <summary>Called once the engine has its body's variables and condition reader, before anything is replayed.</summary>
    public virtual void Start(BodyVariables variables, ConditionReader reader, IsaModel model)
    {
    }

    /// <summary>Called before the blocks of <paramref name="graph"/> (the body, a lambda or a local function) are replayed.</summary>
    public virtual void BeginReplay(ControlFlowGraph graph)
    {
    }

    /// <summary>One operation being replayed, with the state on all paths to it; <paramref name="block"/> is the block it is in.</summary>
    public abstract void Record(GuardFlowAnalysis.FunctionUnit unit, IOperation node, GuardState state, BasicBlock block);

    /// <summary>A <c>Debug.Assert</c> of <paramref name="asserted"/> being replayed, with the state before it.</summary>
    public virtual void RecordAssertion(GuardFlowAnalysis.FunctionUnit unit, IInvocationOperation assert, Formula asserted, GuardState state)
    {
    }
}

/// <summary>Records every use of an ISA class member (or of a member with a requirement), and asserted preconditions.</summary>
internal sealed class IsaUseRecorder : FlowRecorder
{
    private readonly IsaModel _model;
    private readonly IRequirementSource _requirements;
    private readonly CancellationToken _cancellationToken;
    private BodyVariables _variables = null!;

    public IsaUseRecorder(IsaModel model, IRequirementSource requirements, CancellationToken cancellationToken) =>
        (_model, _requirements, _cancellationToken) = (model, requirements, cancellationToken);

    public override ILocalFunctionInference? LocalFunctionInference => _requirements as ILocalFunctionInference;

    public override void Start(BodyVariables variables, ConditionReader reader, IsaModel model) => _variables = variables;

    public override void Record(GuardFlowAnalysis.FunctionUnit unit, IOperation node, GuardState state, BasicBlock block)
    {
        if (IsaMemberUse.TryGet(node, _model, _requirements, _cancellationToken, out var member, out var requirement, out var isContract))
            unit.Uses.Add(new IsaUseSite(node, member, requirement, isContract, state, _variables.Markers, GuardFlowAnalysis.CatchingType(block)));
    }

    public override void RecordAssertion(GuardFlowAnalysis.FunctionUnit unit, IInvocationOperation assert, Formula asserted, GuardState state)
    {
        // Debug.Assert(X.IsSupported) states a precondition: a use of it, checked like a call to a member requiring X.
        if (IsaRequirement.FromFormula(asserted, _model) is { } precondition)
            unit.Uses.Add(new IsaUseSite(assert, assert.TargetMethod, precondition, isContract: true, state, _variables.Markers, caughtAs: null,
                isAssertion: true));
    }
}

/// <summary>
/// Records the sites an <see cref="IFlowSiteSource"/> picks. ISA member uses are not recorded: the shared ISA analysis
/// reports those.
/// </summary>
internal sealed class SiteRecorder : FlowRecorder
{
    private readonly IFlowSiteSource _sites;
    private BodyVariables _variables = null!;
    private FlowSiteContext _context = null!;

    public SiteRecorder(IFlowSiteSource sites) => _sites = sites;

    public override bool ReadsVectorWidth => _sites.ReadsVectorWidth;

    public override void Start(BodyVariables variables, ConditionReader reader, IsaModel model)
    {
        _variables = variables;
        _context = new FlowSiteContext(variables, reader, model);
    }

    public override void BeginReplay(ControlFlowGraph graph) => _context.Graph = graph;

    public override void Record(GuardFlowAnalysis.FunctionUnit unit, IOperation node, GuardState state, BasicBlock block)
    {
        if (_sites.Requirement(node, _context) is { } needed)
            unit.Sites.Add(new FlowSite(node, needed, state, _variables.Markers));
    }
}
