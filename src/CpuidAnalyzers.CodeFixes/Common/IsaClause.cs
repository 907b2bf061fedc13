using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.CodeFixes.Common;

/// <summary>One clause of a requirement: any one of these ISA classes (most often exactly one).</summary>
internal sealed class IsaClause
{
    public IsaClause(ImmutableArray<INamedTypeSymbol> alternatives) => Alternatives = alternatives;

    public ImmutableArray<INamedTypeSymbol> Alternatives { get; }

    /// <summary>The class, when the clause names exactly one.</summary>
    public INamedTypeSymbol? Single => Alternatives.Length == 1 ? Alternatives[0] : null;

    /// <summary><c>Avx2</c>, <c>Sse41.X64</c>, <c>Sse2 or AdvSimd</c>.</summary>
    public string Display => string.Join(" or ", Alternatives.Select(IsaRequirements.DisplayName));

    /// <summary><c>Avx2.IsSupported</c>, <c>Sse2.IsSupported || AdvSimd.IsSupported</c>.</summary>
    public string CheckText => string.Join(" || ", Alternatives.Select(a => IsaRequirements.DisplayName(a) + ".IsSupported"));

    /// <summary>Every alternative of this clause implies some alternative of <paramref name="other"/>.</summary>
    public bool Implies(IsaClause other) => Alternatives.All(a => other.Alternatives.Any(b => IsaRequirements.Implies(a, b)));

    public bool SameAs(IsaClause other) => Implies(other) && other.Implies(this);
}

/// <summary>
/// Reads the <c>Isa</c> property every use-site diagnostic carries (metadata names, clauses separated by
/// ';', alternatives by '|') and reasons about implication with the runtime's own type hierarchy, exactly
/// as the analyzer does: a class implies its base classes and, for a nested <c>X64</c>/<c>VL</c>/<c>Arm64</c>
/// class, its containing class.
/// </summary>
internal static class IsaRequirements
{
    public const string IsaProperty = "Isa";

    /// <summary>The clauses of the diagnostic's requirement, or default when it carries none this compilation can resolve.</summary>
    public static ImmutableArray<IsaClause> Read(Diagnostic diagnostic, Compilation compilation)
    {
        if (!diagnostic.Properties.TryGetValue(IsaProperty, out var text) || string.IsNullOrWhiteSpace(text)) return default;
        var clauses = ImmutableArray.CreateBuilder<IsaClause>();
        foreach (var clauseText in text!.Split(';'))
        {
            var alternatives = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var name in clauseText.Split('|'))
            {
                if (compilation.GetTypeByMetadataName(name.Trim()) is not { } type || !IsIsaClass(type)) return default;
                alternatives.Add(type);
            }
            if (alternatives.Count == 0) return default;
            clauses.Add(new IsaClause(alternatives.ToImmutable()));
        }
        return clauses.Count == 0 ? default : clauses.ToImmutable();
    }

    /// <summary>A class under System.Runtime.Intrinsics with a static bool <c>IsSupported</c>.</summary>
    public static bool IsIsaClass(ITypeSymbol? type) =>
        type is INamedTypeSymbol named
        && IsUnder(named.ContainingNamespace, "System.Runtime.Intrinsics")
        && named.GetMembers("IsSupported").Any(m => m is IPropertySymbol { IsStatic: true, Type.SpecialType: SpecialType.System_Boolean });

    public static bool Implies(INamedTypeSymbol a, INamedTypeSymbol b)
    {
        if (SymbolEqualityComparer.Default.Equals(a.OriginalDefinition, b.OriginalDefinition)) return true;
        foreach (var parent in new[] { a.BaseType, a.ContainingType })
            if (parent is not null && IsIsaClass(parent) && Implies(parent, b)) return true;
        return false;
    }

    /// <summary>
    /// Drops every clause another clause implies, keeping the first of equal ones, in order of first
    /// appearance: Avx2 + Sse41 → Avx2; Avx2 + Fma → Avx2, Fma; Sse41 + Sse41.X64 → Sse41.X64.
    /// </summary>
    public static ImmutableArray<IsaClause> Minimal(IEnumerable<IsaClause> clauses)
    {
        var list = new List<IsaClause>();
        foreach (var clause in clauses)
            if (!list.Any(c => c.SameAs(clause))) list.Add(clause);
        return list.Where((c, i) => !list.Where((d, j) => j != i && d.Implies(c)).Any()).ToImmutableArray();
    }

    /// <summary>How users spell the class: <c>Avx2</c>, <c>Sse41.X64</c>.</summary>
    public static string DisplayName(INamedTypeSymbol type) =>
        type.ContainingType is { } outer ? DisplayName(outer) + "." + type.Name : type.Name;

    /// <summary>The condition text, as in messages: <c>Avx2.IsSupported &amp;&amp; Fma.IsSupported</c>.</summary>
    public static string CheckText(ImmutableArray<IsaClause> clauses) =>
        string.Join(" && ", clauses.Select(c => c.Alternatives.Length > 1 && clauses.Length > 1 ? "(" + c.CheckText + ")" : c.CheckText));

    public static string Display(ImmutableArray<IsaClause> clauses) => string.Join(" and ", clauses.Select(c => c.Display));

    private static bool IsUnder(INamespaceSymbol? ns, string name)
    {
        for (; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
            if (ns.ToDisplayString() == name) return true;
        return false;
    }
}
