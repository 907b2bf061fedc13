using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.Inference;

/// <summary>
/// The classes of this compilation that derive from a class, directly or not. Built once per compilation,
/// the first time an unsealed class is asked about, from the compilation's own type symbols (so a base
/// named through an alias or a qualified name is found too); never a walk per query.
/// </summary>
internal sealed class DerivedTypes
{
    private readonly Compilation _compilation;
    private readonly object _gate = new();
    private Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>? _byBase;

    public DerivedTypes(Compilation compilation) => _compilation = compilation;

    /// <summary>Every class of the compilation below <paramref name="type"/>, nearest first.</summary>
    public IReadOnlyList<INamedTypeSymbol> Of(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var byBase = ByBase(cancellationToken);
        var result = new List<INamedTypeSymbol>();
        var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        for (var i = -1; i < result.Count; i++)
        {
            var current = i < 0 ? type.OriginalDefinition : result[i];
            if (!byBase.TryGetValue(current, out var direct)) continue;
            foreach (var derived in direct)
                if (seen.Add(derived)) result.Add(derived);
        }
        return result;
    }

    private Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> ByBase(CancellationToken cancellationToken)
    {
        if (_byBase is { } built) return built;
        lock (_gate)
        {
            if (_byBase is { } raced) return raced;
            var byBase = new Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>(SymbolEqualityComparer.Default);
            foreach (var type in SourceTypes.Of(_compilation, cancellationToken))
            {
                if (type.TypeKind != TypeKind.Class || type.BaseType?.OriginalDefinition is not { } baseType
                    || !SymbolEqualityComparer.Default.Equals(baseType.ContainingAssembly, _compilation.Assembly))
                    continue;
                if (!byBase.TryGetValue(baseType, out var list)) byBase[baseType] = list = new List<INamedTypeSymbol>();
                list.Add(type);
            }
            return _byBase = byBase;
        }
    }
}
