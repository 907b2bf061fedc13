using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CpuidAnalyzers.Flow;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Analysis;

/// <summary>
/// Requirements of code no other assembly can call, inferred from its body: a private (or, without
/// InternalsVisibleTo, internal) non-virtual method or constructor with call sites needs what its
/// body needs and its own guards do not establish, and its callers are checked as if it were
/// annotated. A sealed class no other assembly can instantiate needs what its instance members need,
/// checked where it is created. Declared contracts always win. Transitive through calls: a fixed
/// point, computed on demand and cached, with recursion converging on the way back.
/// </summary>
internal sealed class RequirementInference : IRequirementSource
{
    public const string InferOption = "cpuid_analyzers.infer_requirements";
    public const string InferInternalOption = "cpuid_analyzers.infer_internal_with_internals_visible_to";
    private const int MaxRounds = 6;

    private readonly Compilation _compilation;
    private readonly IsaModel _model;
    private readonly IsaContracts _contracts;
    private readonly GuardMembers _guardMembers;
    private readonly AnalyzerOptions _options;
    private readonly CallSites _callSites;
    private readonly SemanticModels _models;
    private readonly BaselineProvider _baseline;
    private readonly bool _internalsVisibleElsewhere;
    private readonly object _gate = new();
    private readonly Dictionary<ISymbol, IsaRequirement?> _final = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, IsaRequirement?> _inProgress = new(SymbolEqualityComparer.Default);
    private bool _sawCycle;

    public RequirementInference(Compilation compilation, IsaModel model, IsaContracts contracts, GuardMembers guardMembers, BaselineProvider baseline, SemanticModels models, AnalyzerOptions options)
    {
        _models = models;
        _baseline = baseline;
        _compilation = compilation;
        _model = model;
        _contracts = contracts;
        _guardMembers = guardMembers;
        _options = options;
        _callSites = new CallSites(compilation, models);
        _internalsVisibleElsewhere = compilation.Assembly.GetAttributes()
            .Any(a => a.AttributeClass?.ToDisplayString() == "System.Runtime.CompilerServices.InternalsVisibleToAttribute");
    }

    public IsaRequirement ForClass(int atom) => _contracts.ForClass(atom);

    public IsaRequirement? OwnContract(IMethodSymbol localFunction) => _contracts.Own(localFunction);

    public IsaRequirement? ForCall(ISymbol member, CancellationToken cancellationToken)
    {
        member = member.OriginalDefinition;
        if (member is IMethodSymbol runtimeStyle && IsRuntimeStyleInSource(runtimeStyle) && Enabled(member)) return Inferred(runtimeStyle, cancellationToken);
        if (_contracts.GetRequirement(member) is { } declared) return declared;
        return member switch
        {
            IMethodSymbol { MethodKind: MethodKind.Constructor } constructor =>
                IsaRequirement.Combine(TypeRequirement(constructor.ContainingType, cancellationToken), Inferred(constructor, cancellationToken), _model),
            IMethodSymbol method => Inferred(method, cancellationToken),
            _ => null,
        };
    }

    /// <summary>What holds on entry to a body in <paramref name="tree"/>: the build's baseline, its contracts, its inferred requirement, its type's.</summary>
    public GuardState EntryFor(ISymbol owner, SyntaxTree tree, CancellationToken cancellationToken)
    {
        var baseline = _baseline.EntryState(tree);
        // In strict mode a runtime-style list is read as declared (the family rule), like a metadata one.
        var requirement = owner is IMethodSymbol runtimeStyle && IsRuntimeStyleInSource(runtimeStyle) && Enabled(owner) ? null : _contracts.GetRequirement(owner);
        if (owner is IMethodSymbol method) requirement = IsaRequirement.Combine(requirement, Inferred(method.OriginalDefinition, cancellationToken), _model);
        if (owner is { IsStatic: false, ContainingType: { } type } && owner is not INamedTypeSymbol)
            requirement = IsaRequirement.Combine(requirement, TypeRequirement(type.OriginalDefinition, cancellationToken), _model);
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
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly) || method.DeclaringSyntaxReferences.IsEmpty)
            return false;
        var names = method.GetAttributes().Select(a => a.AttributeClass?.ToDisplayString()).ToList();
        return names.Contains(IsaContracts.CompExactlyDependsOnAttribute)
            && !names.Contains(IsaContracts.RequiresIsaAttribute) && !names.Contains(IsaContracts.RequiresAnyIsaAttribute);
    }

    /// <summary>The classes a runtime-style list lets the body rely on: the listed ones and all they imply.</summary>
    public AtomSet AllowedByRuntimeStyleList(IMethodSymbol method) =>
        method.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == IsaContracts.CompExactlyDependsOnAttribute)
            .SelectMany(a => a.ConstructorArguments).Select(c => c.Value).OfType<ITypeSymbol>()
            .Aggregate(AtomSet.Empty, (set, type) => _model.TryGetAtom(type, out var atom) ? set.Union(_model.WhenTrue(atom)) : set);

    private IsaRequirement? Inferred(IMethodSymbol method, CancellationToken cancellationToken) =>
        Solve(method, () => IsRuntimeStyleInSource(method) || IsInferable(method) && _callSites.Exist(method, IsPrivate(method), cancellationToken),
            () => Need(new[] { (ISymbol)method }, withTypeEntry: true, cancellationToken), cancellationToken);

    private IsaRequirement? TypeRequirement(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        Solve(type, () => IsInferableType(type) && type.InstanceConstructors.Any(c => _callSites.Exist(c, IsPrivate(c), cancellationToken)),
            () => Need(type.GetMembers().Where(m => !m.IsStatic && m is IMethodSymbol { MethodKind: not MethodKind.LocalFunction } && !m.IsImplicitlyDeclared
                || m is IFieldSymbol { IsStatic: false, IsImplicitlyDeclared: false }), withTypeEntry: false, cancellationToken), cancellationToken);

    /// <summary>
    /// The cached fixed point for one member or type. A computation that met a member still in progress
    /// above it (recursion) is iterated until stable and cached only once the outermost one is done.
    /// </summary>
    private IsaRequirement? Solve(ISymbol key, System.Func<bool> eligible, System.Func<IsaRequirement?> need, CancellationToken cancellationToken)
    {
        if (!Enabled(key)) return null;
        lock (_gate)
        {
            if (_final.TryGetValue(key, out var done)) return done;
            if (_inProgress.TryGetValue(key, out var approximation))
            {
                _sawCycle = true;
                return approximation;
            }
            if (!eligible())
            {
                _final[key] = null;
                return null;
            }

            _inProgress[key] = null;
            var outerCycle = _sawCycle;
            IsaRequirement? result = null;
            var cycle = false;
            for (var round = 0; round < MaxRounds; round++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _sawCycle = false;
                var next = need();
                cycle |= _sawCycle;
                var stable = IsaRequirement.SameClauses(next, result);
                result = next;
                _inProgress[key] = result;
                if (stable || !_sawCycle) break;
            }
            _inProgress.Remove(key);
            _sawCycle = outerCycle || cycle;
            if (_inProgress.Count == 0 || !cycle) _final[key] = result;
            return result;
        }
    }

    /// <summary>
    /// What the bodies need on entry for every use to be safe: for each use and each path that does not
    /// establish it, its requirement or one of the checks that path saw fail (the weakest precondition,
    /// keeping positive facts). Paths guarded only by markers or locals add the plain requirement.
    /// </summary>
    private IsaRequirement? Need(IEnumerable<ISymbol> members, bool withTypeEntry, CancellationToken cancellationToken)
    {
        var clauses = new List<IEnumerable<int>>();
        IsaUseSite? first = null;
        foreach (var member in members)
        {
            foreach (var declaration in member.DeclaringSyntaxReferences)
            {
                var syntax = declaration.GetSyntax(cancellationToken);
                var semanticModel = _models.For(syntax.SyntaxTree);
                // An instance method of a guarded type starts from the type's requirement; the type's own need does not.
                var entry = withTypeEntry && member is { IsStatic: false, ContainingType: { } type }
                    ? EntryForType(type.OriginalDefinition, syntax.SyntaxTree, cancellationToken)
                    : _baseline.EntryState(syntax.SyntaxTree);
                foreach (var root in CodeBlocks.GraphRoots(syntax, semanticModel, cancellationToken))
                {
                    foreach (var site in GuardFlowAnalysis.Analyze(root, _model, this, _guardMembers, entry, cancellationToken))
                    {
                        var needed = site.Requirement.Formula;
                        // Debug.Assert(X.IsSupported) states a precondition: the body relies on it, its callers must establish it.
                        if (site.State.IsUnreachable || !site.IsAssertion && site.State.Implies(needed, _model)) continue;
                        foreach (var path in site.State.Alternatives.Where(a => site.IsAssertion || !GuardState.Implies(a, needed, _model)))
                        {
                            // A path that knows the requirement is false (the else of its own check) is a bug in the
                            // body whatever the callers do: left out, so it is reported there (CPUID003), not moved.
                            if (!site.IsAssertion && GuardState.Contradicts(path, needed, _model)) continue;
                            if (first is null || site.Operation.Syntax.SpanStart < first.Operation.Syntax.SpanStart) first = site;
                            var failedChecks = _model.MostGeneral(path.False.Intersect(_model.IsaMask)).ToList();
                            clauses.AddRange(site.Requirement.Clauses.Select(c => c.Concat(failedChecks)));
                        }
                    }
                }
            }
        }
        if (first is null) return null;
        var line = first.Operation.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        var reason = first.IsAssertion
            ? $"it asserts {first.Requirement.Check} at line {line}"
            : $"it {(first.IsContract ? "calls" : "uses")} {IsaMemberUse.DisplayName(first.Member)} at line {line}";
        return IsaRequirement.Create(clauses, _model, reason);
    }

    private GuardState EntryForType(INamedTypeSymbol type, SyntaxTree tree, CancellationToken cancellationToken) =>
        TypeRequirement(type, cancellationToken) is { } requirement
            ? _baseline.EntryState(tree).Assume(requirement.Formula, true, _model)
            : _baseline.EntryState(tree);

    private bool IsInferable(IMethodSymbol method) =>
        method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor
        && !method.IsVirtual && !method.IsAbstract && !method.IsOverride && !method.IsExtern && method.ExplicitInterfaceImplementations.IsEmpty
        && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly)
        && !method.DeclaringSyntaxReferences.IsEmpty
        && _contracts.Own(method) is null
        && IsHiddenFromOtherAssemblies(method)
        && !ImplementsInterfaceMember(method);

    private bool IsInferableType(INamedTypeSymbol type) =>
        type is { TypeKind: TypeKind.Class, IsSealed: true, IsStatic: false, IsAbstract: false }
        && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly)
        && _contracts.GetRequirement(type.InstanceConstructors.FirstOrDefault() ?? (ISymbol)type) is null
        && type.InstanceConstructors.All(IsHiddenFromOtherAssemblies);

    private bool IsHiddenFromOtherAssemblies(ISymbol symbol)
    {
        var hiddenByInternal = false;
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingType)
        {
            switch (current.DeclaredAccessibility)
            {
                case Accessibility.Private:
                    return true;
                case Accessibility.Internal or Accessibility.ProtectedAndInternal:
                    hiddenByInternal = true;
                    break;
            }
        }
        return hiddenByInternal && (!_internalsVisibleElsewhere || OptionIs(symbol, InferInternalOption, "true"));
    }

    private static bool IsPrivate(ISymbol symbol)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingType)
            if (current.DeclaredAccessibility == Accessibility.Private && ReferenceEquals(current, symbol)) return true;
        return false;
    }

    private static bool ImplementsInterfaceMember(IMethodSymbol method) =>
        method.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers())
            .Any(m => SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(m), method));

    private bool Enabled(ISymbol symbol) => !OptionIs(symbol, InferOption, "false");

    private bool OptionIs(ISymbol symbol, string key, string value)
    {
        var tree = symbol.DeclaringSyntaxReferences.FirstOrDefault()?.SyntaxTree;
        return tree is not null
            && _options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(key, out var configured)
            && string.Equals(configured.Trim(), value, System.StringComparison.OrdinalIgnoreCase);
    }
}
