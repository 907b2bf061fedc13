using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Basic.Reference.Assemblies;
using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CpuidAnalyzers.Tests;

/// <summary>
/// The analyzer's folders are its layers (docs/architecture.md): a namespace may use only itself, the
/// namespaces that contain it, and the layers listed before it. A rule family (Rules.IsaUse, Rules.Probes…)
/// may use Rules and what is below, never another family. The source is bound with Roslyn, so a name
/// counts as a use where it binds to a type (or a member of one) declared in another namespace.
/// </summary>
public class LayeringTests
{
    /// <summary>Bottom to top. <c>CpuidAnalyzers</c> itself holds the small shared helpers every layer may use.</summary>
    private static readonly string[] Layers =
    {
        "CpuidAnalyzers",
        "CpuidAnalyzers.Generators",
        "CpuidAnalyzers.Isa",
        "CpuidAnalyzers.Prefilter",
        "CpuidAnalyzers.Flow",
        "CpuidAnalyzers.Inference",
        "CpuidAnalyzers.Analysis",
        "CpuidAnalyzers.Rules",
    };

    /// <summary>Binding the analyzer's source takes seconds: once for both tests.</summary>
    private static readonly Lazy<List<(string From, string To, string Where)>> AnalyzerUses = new(() => NamespaceUses(Path.Combine("src", "CpuidAnalyzers")));

    [Fact]
    public void EveryNamespaceUsesOnlyTheLayersBelowIt()
    {
        var uses = AnalyzerUses.Value;
        var unknown = uses.Select(u => u.From).Concat(uses.Select(u => u.To)).Distinct().Where(ns => LayerOf(ns) < 0).ToList();
        Assert.True(unknown.Count == 0, "Namespaces missing from LayeringTests.Layers (and docs/architecture.md): " + string.Join(", ", unknown));

        var wrong = uses.Where(u => !MayUse(u.From, u.To))
            .GroupBy(u => (u.From, u.To))
            .Select(g => $"{g.Key.From} -> {g.Key.To}: {string.Join(", ", g.Select(u => u.Where).Distinct().Take(5))}")
            .ToList();
        Assert.True(wrong.Count == 0, "Uses against the layer order:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void TheCheckSeesUpwardUses()
    {
        Assert.False(MayUse("CpuidAnalyzers.Isa", "CpuidAnalyzers.Flow"));
        Assert.False(MayUse("CpuidAnalyzers.Rules.IsaUse", "CpuidAnalyzers.Rules.Probes"));
        Assert.False(MayUse("CpuidAnalyzers.Rules", "CpuidAnalyzers.Rules.IsaUse"));
        Assert.True(MayUse("CpuidAnalyzers.Rules.IsaUse", "CpuidAnalyzers.Rules"));
        Assert.True(MayUse("CpuidAnalyzers.Flow", "CpuidAnalyzers"));
        // The source is really bound: the flow engine is seen using the ISA model.
        Assert.Contains(AnalyzerUses.Value, u => u.From == "CpuidAnalyzers.Flow" && u.To == "CpuidAnalyzers.Isa");
    }

    private static bool MayUse(string from, string to) =>
        from == to || from.StartsWith(to + ".", StringComparison.Ordinal) || LayerOf(to) < LayerOf(from);

    /// <summary>The index in <see cref="Layers"/> of the namespace or of the nearest one containing it; -1 if none.</summary>
    private static int LayerOf(string ns)
    {
        for (var name = ns; ; name = name.Substring(0, name.LastIndexOf('.')))
        {
            var index = Array.IndexOf(Layers, name);
            if (index >= 0) return index;
            if (!name.Contains('.')) return -1;
        }
    }

    private static List<(string From, string To, string Where)> NamespaceUses(string project)
    {
        var directory = Repository.PathOf(project);
        var parseOptions = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(directory, f))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parseOptions, Path.GetRelativePath(Repository.Root, f)))
            .Append(CSharpSyntaxTree.ParseText(
                "namespace CpuidAnalyzers; internal static class RepositoryInfo { public const string Url = \"\"; public const string Branch = \"\"; }",
                    parseOptions))
            .ToList();
        var references = Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(Compilation).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(CSharpCompilation).Assembly.Location));
        var compilation = CSharpCompilation.Create("Layers", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

        var uses = new List<(string, string, string)>();
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            var root = tree.GetRoot();
            foreach (var name in root.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (name.Ancestors().Any(a => a is UsingDirectiveSyntax)
                    || name.AncestorsAndSelf().Any(a => a.Parent is BaseNamespaceDeclarationSyntax ns && ns.Name == a)) continue;
                var info = model.GetSymbolInfo(name);
                var type = TopLevelType(info.Symbol ?? info.CandidateSymbols.FirstOrDefault());
                if (type is null || !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly)) continue;
                var from = name.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString();
                var to = type.ContainingNamespace.ToDisplayString();
                if (from is null || from == to) continue;
                uses.Add((from, to, $"{tree.FilePath}: {name.Identifier.ValueText}"));
            }
        }
        return uses;
    }

    private static INamedTypeSymbol? TopLevelType(ISymbol? symbol)
    {
        var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
        while (type?.ContainingType is not null) type = type.ContainingType;
        return type?.OriginalDefinition;
    }

    private static bool IsBuildOutput(string directory, string file)
    {
        var relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
        return relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal);
    }
}
