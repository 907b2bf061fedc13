using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.Isa;

/// <summary>
/// ISA requirement contracts: <c>[RequiresIsa(typeof(X), …)]</c> (all of), <c>[RequiresAnyIsa(typeof(X), …)]</c>
/// (any of), and the runtime's <c>[CompExactlyDependsOn(typeof(X))]</c>, on a member or any type containing
/// it, read from source or metadata alike. Several attributes all hold. A contract lets the body use
/// what it requires, and makes every call a use of it.
/// </summary>
internal sealed class IsaContracts : IRequirementSource
{
    public const string RequiresIsaAttribute = "CpuidAnalyzers.RequiresIsaAttribute";
    public const string RequiresAnyIsaAttribute = "CpuidAnalyzers.RequiresAnyIsaAttribute";
    public const string CompExactlyDependsOnAttribute = "System.Runtime.CompilerServices.CompExactlyDependsOnAttribute";

    /// <summary>How code can spell a contract attribute's name (with or without the suffix).</summary>
    public static readonly ImmutableHashSet<string> ContractAttributeSpellings = ImmutableHashSet.Create(
        "RequiresIsa", "RequiresIsaAttribute", "RequiresAnyIsa", "RequiresAnyIsaAttribute", "CompExactlyDependsOn", "CompExactlyDependsOnAttribute");

    private readonly IsaModel _model;
    private readonly ConcurrentDictionary<ISymbol, IsaRequirement?> _requirements = new(SymbolEqualityComparer.Default);
    private readonly IsaRequirement[] _classRequirements;

    public IsaContracts(IsaModel model)
    {
        _model = model;
        _classRequirements = Enumerable.Range(0, model.Count).Select(a => IsaRequirement.Of(a, model)).ToArray();
    }

    /// <summary>What a member of an ISA class needs: that class.</summary>
    public IsaRequirement ForClass(int atom) => _classRequirements[atom];

    public static bool IsContractAttributeName(string simpleName) => ContractAttributeSpellings.Contains(simpleName);

    public static bool IsContractAttribute(AttributeData attribute) =>
        AttributeArguments.ClassName(attribute) is RequiresIsaAttribute or RequiresAnyIsaAttribute or CompExactlyDependsOnAttribute;

    /// <summary>What calling <paramref name="member"/> (or running its body) needs: its contracts and its types'.</summary>
    public IsaRequirement? GetRequirement(ISymbol member)
    {
        // Asked for every call in every analyzed body: a hit allocates nothing (GetOrAdd's delegate would).
        var definition = member.OriginalDefinition;
        return _requirements.TryGetValue(definition, out var known)
            ? known
            : _requirements.GetOrAdd(definition, m => IsaRequirement.Combine(Own(m), Inherited(m), _model));
    }

    public IsaRequirement? ForCall(ISymbol member, System.Threading.CancellationToken cancellationToken) => GetRequirement(member);

    /// <summary>Without inference, only the interface member's own contract is known.</summary>
    public IsaRequirement? ForConstrainedCall(ISymbol member, ITypeParameterSymbol typeParameter, System.Threading.CancellationToken cancellationToken)
        => GetRequirement(member);

    public IsaRequirement? OwnContract(IMethodSymbol localFunction) => Own(localFunction);

    /// <summary>Only what the member's own attributes say (for a property accessor, also the property's).</summary>
    public IsaRequirement? Own(ISymbol member)
    {
        var attributes = member.GetAttributes().AsEnumerable();
        if (member is IMethodSymbol { AssociatedSymbol: { } property }) attributes = attributes.Concat(property.GetAttributes());
        return Read(attributes);
    }

    private IsaRequirement? Inherited(ISymbol member)
    {
        IsaRequirement? result = null;
        for (var type = member.ContainingType; type is not null; type = type.ContainingType)
            result = IsaRequirement.Combine(result, Read(type.GetAttributes()), _model);
        return result;
    }

    private IsaRequirement? Read(IEnumerable<AttributeData> attributes)
    {
        var clauses = new List<IEnumerable<int>>();
        var runtimeStyle = new List<int>();
        foreach (var attribute in attributes)
        {
            // Only contract attributes are read: any other attribute's arguments are none of our business.
            switch (AttributeArguments.ClassName(attribute))
            {
                case RequiresIsaAttribute:
                    clauses.AddRange(AttributeArguments.Atoms(attribute, _model).Select(a => new[] { a }));
                    break;
                case RequiresAnyIsaAttribute:
                    clauses.Add(AttributeArguments.Atoms(attribute, _model).ToList());
                    break;
                case CompExactlyDependsOnAttribute:
                    runtimeStyle.AddRange(AttributeArguments.Atoms(attribute, _model));
                    break;
            }
        }

        // The runtime's list means "all of" within one architecture and "any of" across architectures
        // (no CPU has two): (Avx2 ∧ Bmi2) for one family, (Sse2 ∨ AdvSimd ∨ PackedSimd) across families.
        var families = runtimeStyle.GroupBy(a => _model.Classes[a].ContainingNamespace.ToDisplayString()).ToList();
        if (families.Count == 1) clauses.AddRange(families[0].Select(a => new[] { a }));
        else if (families.Count > 1) clauses.AddRange(Distribute(families.Select(f => f.ToList()).ToList()));
        return IsaRequirement.Create(clauses, _model);
    }

    /// <summary>(A1 ∧ A2) ∨ (B1) as clauses: every choice of one class per family, i.e. {A1,B1}, {A2,B1}.</summary>
    private static IEnumerable<IEnumerable<int>> Distribute(List<List<int>> families)
    {
        IEnumerable<IEnumerable<int>> clauses = new[] { Enumerable.Empty<int>() };
        foreach (var family in families)
            clauses = clauses.SelectMany(clause => family.Select(atom => clause.Append(atom))).ToList();
        return clauses;
    }
}
