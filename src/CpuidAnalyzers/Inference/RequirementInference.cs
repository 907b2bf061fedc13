using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CpuidAnalyzers.Flow;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Inference;

/// <summary>
/// Requirements of code no other assembly can call, inferred from its body: a private (or, without
/// InternalsVisibleTo to anything but test assemblies, internal) non-virtual method, constructor or property accessor with call sites
/// needs what its body needs and its own guards do not establish, and its callers are checked as if it
/// were annotated. A class no other assembly can instantiate or derive from needs what its instance
/// members need, checked where it, or a class below it, is created. Declared contracts always win.
/// Transitive through calls: the members and types reached from a question are solved together, as one
/// fixed point over the call graph (<see cref="RequirementSolver"/>), and cached for the compilation.
/// Local functions are inferred inside the flow analysis of their body.
/// </summary>
internal sealed class RequirementInference : IRequirementSource, ILocalFunctionInference
{
    public const string InferOption = "cpuid_analyzers.infer_requirements";
    public const string InferInternalOption = "cpuid_analyzers.infer_internal_with_internals_visible_to";
    public const string TestFriendsOption = "cpuid_analyzers.test_friends";

    private readonly IsaModel _model;
    private readonly IsaContracts _contracts;
    private readonly GuardMembers _guardMembers;
    private readonly CallSites _callSites;
    private readonly SemanticModels _models;
    private readonly BaselineProvider _baseline;
    private readonly InferenceEligibility _eligibility;
    private readonly TypeParameterCalls _typeParameterCalls;
    private readonly HelperCalls _helperCalls;
    private readonly GuardFlowInputs _flow;
    private readonly System.Func<SyntaxNode, CancellationToken, bool> _mayUseIsa;
    private readonly object _gate = new();
    // Written under the lock, read without it: a solved requirement never changes, and every call asks.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ISymbol, IsaRequirement?> _final = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, bool> _eligible = new(SymbolEqualityComparer.Default);
    private RequirementSolver? _solver;

    /// <param name="mayUseIsa">The syntax filter: a declaration it rejects names nothing that can need an ISA class, and is never bound.</param>
    public RequirementInference(Compilation compilation, IsaModel model, IsaContracts contracts, GuardMembers guardMembers, BaselineProvider baseline,
        SemanticModels models, AnalyzerOptions options,
        System.Func<SyntaxNode, CancellationToken, bool> mayUseIsa)
    {
        _mayUseIsa = mayUseIsa;
        _models = models;
        _baseline = baseline;
        _model = model;
        _contracts = contracts;
        _guardMembers = guardMembers;
        _callSites = new CallSites(compilation, models);
        _eligibility = new InferenceEligibility(compilation, contracts, options);
        _flow = new GuardFlowInputs(model, this, guardMembers);
        _helperCalls = new HelperCalls(_callSites, models, (owner, tree, ct) => EntryFor(owner, tree, judgeOwnGuards: false, ct),
            (root, entry, ct) => GuardFlowAnalysis.Analyze(root, _flow, entry, ct), model);
        _typeParameterCalls = new TypeParameterCalls(compilation, models, mayUseIsa, _eligibility.IsHiddenFromOtherAssemblies);
    }

    public IsaRequirement ForClass(int atom) => _contracts.ForClass(atom);

    public IsaRequirement? OwnContract(IMethodSymbol localFunction) => _contracts.Own(localFunction);

    public bool InfersRequirement(IMethodSymbol localFunction) => _eligibility.Enabled(localFunction);

    public IsaRequirement? ForCall(ISymbol member, CancellationToken cancellationToken)
    {
        var called = member;
        member = member.OriginalDefinition;
        // Most calls are to other assemblies (the framework): only a declared contract can apply, so no
        // lock and no inference bookkeeping for them.
        if (!_eligibility.InThisCompilation(member)) return _contracts.GetRequirement(member);
        var own = OwnRequirement(member, cancellationToken);
        // Sum<Vector256<int>, Ops, DontNegate>(d): what Ops' and DontNegate's implementations need, where Sum calls them through its type parameters.
        if (called is IMethodSymbol { IsGenericMethod: true } generic)
            own = IsaRequirement.Combine(own, ThroughTypeArguments(generic, cancellationToken), _model);
        // A creation of a class is a creation of the classes above it: their instance members run on it too.
        return member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
            ? IsaRequirement.Combine(own, CreationRequirement(constructor.ContainingType.BaseType, cancellationToken), _model)
            : own;
    }

    public IsaRequirement? ForConstrainedCall(ISymbol member, ITypeParameterSymbol typeParameter, CancellationToken cancellationToken)
    {
        var own = ForCall(member, cancellationToken);
        // Through a type parameter of a generic method of ours, the call is judged where that method is called, with its
        // type arguments; through any other (a generic type's), it needs one of the implementations in the compilation.
        if (member is not IMethodSymbol method || !_typeParameterCalls.IsStaticInterfaceMember(method)
            || _typeParameterCalls.IsJudgedAtInstantiation(typeParameter))
            return own;
        return IsaRequirement.Combine(own, AnyOf(_typeParameterCalls.AllImplementations(method, cancellationToken), cancellationToken), _model);
    }

    private IsaRequirement? ThroughTypeArguments(IMethodSymbol generic, CancellationToken cancellationToken)
    {
        IsaRequirement? result = null;
        foreach (var (implementations, anyOf) in _typeParameterCalls.ReachedThrough(generic, cancellationToken))
        {
            if (anyOf)
            {
                result = IsaRequirement.Combine(result, AnyOf(implementations, cancellationToken), _model);
                continue;
            }
            foreach (var implementation in implementations)
                result = IsaRequirement.Combine(result, ForCall(implementation, cancellationToken), _model);
        }
        return result;
    }

    /// <summary>One of the implementations' requirements: nothing when one of them needs nothing.</summary>
    private IsaRequirement? AnyOf(IEnumerable<IMethodSymbol> implementations, CancellationToken cancellationToken)
    {
        Formula? any = null;
        foreach (var implementation in implementations)
        {
            if (ForCall(implementation, cancellationToken) is not { } requirement) return null;
            any = any is null ? requirement.Formula : Formula.Or(any, requirement.Formula);
        }
        return any is null ? null : IsaRequirement.FromFormula(any, _model);
    }

    /// <summary>What holds on entry to a body in <paramref name="tree"/>: the build's baseline, its contracts, its inferred requirement, its type's.</summary>
    /// <remarks>
    /// A helper with a wrong check of its own (<see cref="IsaRequirement.HasOwnGuardedPart"/>) starts from all it needs
    /// only when every call establishes that; otherwise from what its other uses need, so the wrong check is reported
    /// where it is (and fixed there, keeping the helper's fallback), while its callers are held to the rest.
    /// </remarks>
    public GuardState EntryFor(ISymbol owner, SyntaxTree tree, CancellationToken cancellationToken) =>
        EntryFor(owner, tree, judgeOwnGuards: true, cancellationToken);

    private GuardState EntryFor(ISymbol owner, SyntaxTree tree, bool judgeOwnGuards, CancellationToken cancellationToken)
    {
        var baseline = _baseline.EntryState(tree);
        // An expression-bodied property is its getter's body (its code block is owned by the property).
        if (owner is IPropertySymbol { GetMethod: { } getter } && IsExpressionBodied(getter, cancellationToken)) owner = getter;
        // In strict mode a runtime-style list is read as declared (the family rule), like a metadata one.
        var requirement = owner is IMethodSymbol runtimeStyle && IsRuntimeStyleInSource(runtimeStyle) && _eligibility.Enabled(owner)
            ? null
            : _contracts.GetRequirement(owner);
        if (owner is IMethodSymbol method)
        {
            var inferred = Inferred(method.OriginalDefinition, cancellationToken);
            if (judgeOwnGuards && inferred is { HasOwnGuardedPart: true } && !_helperCalls.AllEstablish(method.OriginalDefinition, inferred, cancellationToken))
                inferred = inferred.Unguarded;
            requirement = IsaRequirement.Combine(requirement, inferred, _model);
        }
        if (owner is { IsStatic: false, ContainingType: { } type } && owner is not INamedTypeSymbol)
            requirement = IsaRequirement.Combine(requirement, CreationRequirement(type, cancellationToken), _model);
        return requirement is null ? baseline : baseline.Assume(requirement.Formula, true, _model);
    }

    /// <summary>
    /// dotnet/runtime's <c>[CompExactlyDependsOn]</c> list means "all of" on one method and "any of" on the
    /// next; where the body is in source, what it needs is read from the body instead, and the list only
    /// says which classes it may rely on (<see cref="AllowedByRuntimeStyleList"/>).
    /// </summary>
    public bool IsRuntimeStyleInSource(IMethodSymbol method)
    {
        method = method.OriginalDefinition;
        if (!_eligibility.InThisCompilation(method) || method.DeclaringSyntaxReferences.IsEmpty)
            return false;
        var names = method.GetAttributes().Select(AttributeArguments.ClassName).ToList();
        return names.Contains(IsaContracts.CompExactlyDependsOnAttribute)
            && !names.Contains(IsaContracts.RequiresIsaAttribute) && !names.Contains(IsaContracts.RequiresAnyIsaAttribute);
    }

    /// <summary>The classes a runtime-style list lets the body rely on: the listed ones and all they imply.</summary>
    public AtomSet AllowedByRuntimeStyleList(IMethodSymbol method) =>
        method.GetAttributes().Where(a => AttributeArguments.ClassName(a) == IsaContracts.CompExactlyDependsOnAttribute)
            .SelectMany(a => AttributeArguments.Atoms(a, _model))
            .Aggregate(AtomSet.Empty, (set, atom) => set.Union(_model.WhenTrue(atom)));

    private IsaRequirement? OwnRequirement(ISymbol member, CancellationToken cancellationToken)
    {
        if (member is IMethodSymbol runtimeStyle && IsRuntimeStyleInSource(runtimeStyle) && _eligibility.Enabled(member))
            return Inferred(runtimeStyle, cancellationToken);
        if (_contracts.GetRequirement(member) is { } declared) return declared;
        return member switch
        {
            IMethodSymbol { MethodKind: MethodKind.Constructor } constructor =>
                IsaRequirement.Combine(TypeRequirement(constructor.ContainingType, cancellationToken), Inferred(constructor, cancellationToken), _model),
            IMethodSymbol method => Inferred(method, cancellationToken),
            _ => null,
        };
    }

    /// <summary>What a member needs beyond what holds on its entry: for an instance member, what its class's creation requires.</summary>
    private IsaRequirement? Inferred(IMethodSymbol method, CancellationToken cancellationToken) => Solved(method, cancellationToken);

    /// <summary>
    /// What this class's own instance members need, when it is followed (created somewhere, by itself or as a
    /// class below it), beyond what the classes above it require: those hold wherever one of its instances runs,
    /// so a chained <c>: base(...)</c> and the inherited members it calls need nothing more here.
    /// </summary>
    private IsaRequirement? TypeRequirement(INamedTypeSymbol type, CancellationToken cancellationToken) => Solved(type, cancellationToken);

    /// <summary>What creating an instance of <paramref name="type"/> needs: its requirement and those of the classes above it.</summary>
    private IsaRequirement? CreationRequirement(INamedTypeSymbol? type, CancellationToken cancellationToken)
    {
        IsaRequirement? result = null;
        for (var current = type?.OriginalDefinition;
             current is not null && _eligibility.InThisCompilation(current);
             current = current.BaseType?.OriginalDefinition)
            result = IsaRequirement.Combine(result, TypeRequirement(current, cancellationToken), _model);
        return result;
    }

    private bool IsCreated(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        new[] { type }.Concat(_eligibility.DerivedTypes(type, cancellationToken)).Any(t => !t.IsAbstract
            && t.InstanceConstructors.Any(c => _callSites.Exist(c, InferenceEligibility.IsPrivate(c), cancellationToken)));

    /// <summary>
    /// The requirement of a member or type of this compilation (a key): solved once, with every key it reaches.
    /// Inside the solver's work a read is its current value (or, while it discovers, an edge of the call graph).
    /// </summary>
    private IsaRequirement? Solved(ISymbol key, CancellationToken cancellationToken)
    {
        key = key.OriginalDefinition;
        if (!_eligibility.InThisCompilation(key)) return null;
        if (_final.TryGetValue(key, out var solved)) return solved;
        lock (_gate)
        {
            if (_final.TryGetValue(key, out var done)) return done;
            if (!_eligible.TryGetValue(key, out var eligible)) _eligible[key] = eligible = IsEligible(key, cancellationToken);
            if (!eligible)
            {
                _final[key] = null;
                return null;
            }
            if (_solver is { } active)
            {
                var value = active.Read(key, out var known);
                if (known) return value;
                // A key only an evaluation met: solved apart, unless that nests too deep (then not inferred).
                if (active.Nesting >= RequirementSolver.MaxNesting)
                {
                    _final[key] = null;
                    return null;
                }
            }
            var outer = _solver;
            var solver = _solver = new RequirementSolver(
                k => Need(k, discoverOnly: false, cancellationToken), k => Need(k, discoverOnly: true, cancellationToken), cancellationToken, outer);
            try
            {
                foreach (var (solvedKey, value) in solver.Solve(key)) _final[solvedKey] = value;
            }
            finally
            {
                _solver = outer;
            }
            return _final[key];
        }
    }

    /// <summary>Whether inference applies to the key at all: an inferable member with a call site, or a followed class that is created.</summary>
    /// <remarks>A key whose bodies the syntax filter rejects needs nothing: settled before anything is bound.</remarks>
    private bool IsEligible(ISymbol key, CancellationToken cancellationToken) => _eligibility.Enabled(key) && MayNeed(key, cancellationToken) && key switch
    {
        IMethodSymbol method => IsRuntimeStyleInSource(method) || _eligibility.IsInferable(method)
            && (_eligibility.IsStaticStrategyMember(method) || _callSites.Exist(method, InferenceEligibility.IsPrivate(method), cancellationToken)),
        INamedTypeSymbol type => _eligibility.IsInferableType(type, cancellationToken) && IsCreated(type, cancellationToken),
        _ => false,
    };

    private bool MayNeed(ISymbol key, CancellationToken cancellationToken) =>
        key is IMethodSymbol method && IsRuntimeStyleInSource(method)
        || Bodies(key).Any(member => member.DeclaringSyntaxReferences.Any(r => _mayUseIsa(r.GetSyntax(cancellationToken), cancellationToken)));

    /// <summary>A key's bodies: a member's own; a class's instance members, fields included, which run on each of its instances.</summary>
    private IsaRequirement? Need(ISymbol key, bool discoverOnly, CancellationToken cancellationToken) =>
        Need(Bodies(key),
            key is IMethodSymbol { IsStatic: true } ? null : key as INamedTypeSymbol is { } type ? type.BaseType : key.ContainingType, discoverOnly,
            splitOwnGuarded: key is IMethodSymbol { MethodKind: MethodKind.Ordinary }, cancellationToken);

    private static IEnumerable<ISymbol> Bodies(ISymbol key) => key is INamedTypeSymbol type
        ? type.GetMembers().Where(m => !m.IsStatic && m is IMethodSymbol { MethodKind: not MethodKind.LocalFunction } && !m.IsImplicitlyDeclared
            || m is IFieldSymbol { IsStatic: false, IsImplicitlyDeclared: false })
        : new[] { key };

    /// <summary>
    /// What the bodies of <paramref name="members"/> need on entry (see <see cref="EntryNeed"/>), beyond what
    /// creating an instance of <paramref name="createdAs"/> requires (null: a static member's body).
    /// </summary>
    /// <remarks>With <paramref name="discoverOnly"/>, no flow: only every requirement the flow may ask for is asked, so the solver learns the edges.</remarks>
    /// <param name="splitOwnGuarded">Keep apart what uses under wrong checks of the body's own need (<see cref="IsaRequirement.Unguarded"/>).</param>
    private IsaRequirement? Need(IEnumerable<ISymbol> members, INamedTypeSymbol? createdAs, bool discoverOnly, bool splitOwnGuarded,
        CancellationToken cancellationToken)
    {
        var need = new EntryNeed(_model);
        foreach (var member in members)
        {
            foreach (var declaration in member.DeclaringSyntaxReferences)
            {
                var syntax = declaration.GetSyntax(cancellationToken);
                if (!_mayUseIsa(syntax, cancellationToken)) continue;
                var semanticModel = _models.For(syntax.SyntaxTree);
                var entry = EntryForType(createdAs, syntax.SyntaxTree, cancellationToken);
                foreach (var root in CodeBlocks.GraphRoots(syntax, semanticModel, cancellationToken))
                {
                    if (discoverOnly)
                    {
                        IsaMemberUse.Find(root, _model, this, cancellationToken);
                        continue;
                    }
                    var entryTrue = KnownTrue(entry);
                    foreach (var site in GuardFlowAnalysis.Analyze(root, _flow, entry, cancellationToken))
                    {
                        if (splitOwnGuarded) need.Add(site, entryTrue);
                        else need.Add(site);
                    }
                }
            }
        }
        return need.Requirement();
    }

    private static AtomSet KnownTrue(GuardState state) =>
        state.IsUnreachable ? AtomSet.Empty : state.Alternatives.Skip(1).Aggregate(state.Alternatives[0].True, (known, a) => known.Intersect(a.True));

    private GuardState EntryForType(INamedTypeSymbol? type, SyntaxTree tree, CancellationToken cancellationToken) =>
        CreationRequirement(type, cancellationToken) is { } requirement
            ? _baseline.EntryState(tree).Assume(requirement.Formula, true, _model)
            : _baseline.EntryState(tree);

    private static bool IsExpressionBodied(IMethodSymbol getter, CancellationToken cancellationToken) =>
        getter.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is ArrowExpressionClauseSyntax);
}
