using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CpuidAnalyzers.Prefilter;

/// <summary>
/// The names by which code can call a member with an ISA contract, so the syntax filter lets those
/// bodies through: annotated members and the members of annotated types, from this compilation's
/// declarations (member bodies are not walked) and from referenced assemblies that carry one of the
/// contract attributes (framework assemblies do not, and cost one lookup each). Both are cached per
/// tree and per assembly, so a new compilation (an edit) reads only what changed.
/// </summary>
internal static class ContractNames
{
    private static readonly NameSet AttributeSpellings = new(IsaContracts.ContractAttributeSpellings);
    private static readonly ConditionalWeakTable<SyntaxTree, string[]> DeclaredByTree = new();
    private static readonly ConditionalWeakTable<IAssemblySymbol, string[]> DeclaredByAssembly = new();

    /// <summary>
    /// Whether a file may declare a contract: an attribute binds to a contract attribute only if the file, or
    /// the alias it uses, spells its name.
    /// </summary>
    public static bool MayBeDeclaredIn(Compilation compilation, CancellationToken cancellationToken) =>
        compilation.SyntaxTrees.Any(tree => MaySpellContractAttribute(tree, cancellationToken));

    private static bool MaySpellContractAttribute(SyntaxTree tree, CancellationToken cancellationToken) =>
        SpelledNames.Of(tree, cancellationToken).MaySpellAny(AttributeSpellings);

    public static ImmutableHashSet<string> Collect(Compilation compilation, CancellationToken cancellationToken)
    {
        var names = ImmutableHashSet.CreateBuilder<string>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            // Only a file that spells a contract attribute can declare a contract; each file is read once.
            if (!MaySpellContractAttribute(tree, cancellationToken)) continue;
            names.UnionWith(DeclaredByTree.GetValue(tree, t => InSource(t, cancellationToken)));
        }
        foreach (var assembly in compilation.References.Select(compilation.GetAssemblyOrModuleSymbol).OfType<IAssemblySymbol>())
            names.UnionWith(DeclaredByAssembly.GetValue(assembly, InMetadata));
        return names.ToImmutable();
    }

    /// <summary>Whether a referenced assembly declares a member with a contract (cached per assembly, as in <see cref="Collect"/>).</summary>
    public static bool AnyInReferences(Compilation compilation) =>
        compilation.References.Select(compilation.GetAssemblyOrModuleSymbol).OfType<IAssemblySymbol>()
            .Any(assembly => DeclaredByAssembly.GetValue(assembly, InMetadata).Length > 0);

    private static string[] InSource(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>();
        var root = tree.GetRoot(cancellationToken);
        foreach (var member in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax
            or TypeDeclarationSyntax).OfType<MemberDeclarationSyntax>())
        {
            if (!member.AttributeLists.SelectMany(l => l.Attributes).Any(a => IsaContracts.IsContractAttributeName(SyntaxNames.Rightmost(a.Name)))) continue;
            names.UnionWith(DeclaredNames(member));
            if (member is TypeDeclarationSyntax type) names.UnionWith(type.Members.SelectMany(DeclaredNames));
        }
        return names.ToArray();
    }

    /// <summary>Referenced assemblies: shared by the compilations that reference the same assembly symbol.</summary>
    private static string[] InMetadata(IAssemblySymbol assembly)
    {
        // Framework assemblies declare none of the attributes: one lookup each settles them.
        if (assembly.GetTypeByMetadataName(IsaContracts.RequiresIsaAttribute) is null &&
            assembly.GetTypeByMetadataName(IsaContracts.RequiresAnyIsaAttribute) is null &&
            assembly.GetTypeByMetadataName(IsaContracts.CompExactlyDependsOnAttribute) is null)
            return Array.Empty<string>();
        var names = new HashSet<string>();
        foreach (var type in Types(assembly.GlobalNamespace))
        {
            if (type.GetAttributes().Any(IsaContracts.IsContractAttribute))
                names.UnionWith(type.GetMembers().Select(m => m.Name).Append(type.Name));
            foreach (var member in type.GetMembers())
                if (member.GetAttributes().Any(IsaContracts.IsContractAttribute))
                    names.Add(member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? type.Name : member.Name);
        }
        return names.ToArray();
    }

    private static IEnumerable<string> DeclaredNames(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax method => new[] { method.Identifier.ValueText },
        ConstructorDeclarationSyntax constructor => new[] { constructor.Identifier.ValueText },
        PropertyDeclarationSyntax property => new[] { property.Identifier.ValueText },
        BaseTypeDeclarationSyntax type => new[] { type.Identifier.ValueText },
        _ => Array.Empty<string>(),
    };

    private static IEnumerable<INamedTypeSymbol> Types(INamespaceSymbol ns)
    {
        foreach (var type in ns.GetTypeMembers())
            foreach (var nested in Nested(type)) yield return nested;
        foreach (var inner in ns.GetNamespaceMembers())
            foreach (var type in Types(inner)) yield return type;
    }

    private static IEnumerable<INamedTypeSymbol> Nested(INamedTypeSymbol type) =>
        new[] { type }.Concat(type.GetTypeMembers().SelectMany(Nested));

}
