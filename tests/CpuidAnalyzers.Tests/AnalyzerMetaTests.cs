using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Tests;

/// <summary>Checks over every analyzer in the package: links, docs, release tracking, robustness.</summary>
public class AnalyzerMetaTests
{
    public static IEnumerable<object[]> Analyzers() =>
        typeof(HelpLinks).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => new object[] { t.Name });

    public static IEnumerable<object[]> Descriptors() =>
        Analyzers().SelectMany(a => Create((string)a[0]).SupportedDiagnostics).Select(d => new object[] { d.Id });

    [Fact]
    public void ThereAreAnalyzers() => Assert.NotEmpty(Analyzers());

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void HelpLink_PointsAtAnExistingDocsPage(string id)
    {
        var descriptor = AllDescriptors().Single(d => d.Id == id);
        Assert.Equal(HelpLinks.RulesBase + id + ".md", descriptor.HelpLinkUri);
        var page = Repository.PathOf(Path.Combine("docs", "rules", id + ".md"));
        Assert.True(File.Exists(page), $"{id} links to {descriptor.HelpLinkUri}, but {page} does not exist");
        Assert.StartsWith($"# {id}: {descriptor.Title}", File.ReadAllText(page));
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void Rule_HasReadmeRowAndReleaseLine(string id)
    {
        var readme = File.ReadAllText(Repository.PathOf("README.md"));
        Assert.Contains($"[{id}](docs/rules/{id}.md)", readme);
        var unshipped = File.ReadLines(Repository.PathOf(Path.Combine("src", "CpuidAnalyzers", "AnalyzerReleases.Unshipped.md")));
        Assert.Single(unshipped, line => line.StartsWith(id + " ", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void Descriptor_IsComplete(string id)
    {
        var descriptor = AllDescriptors().Single(d => d.Id == id);
        Assert.Matches("^CPUID[0-9]{3}$", descriptor.Id);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.MessageFormat.ToString()));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
    }

    [Theory]
    [MemberData(nameof(Analyzers))]
    public async Task Analyzer_RunsOnEmptyAndOnIntrinsicFreeSource(string name)
    {
        foreach (var source in new[] { "", "class C { void M() { } }", "namespace N { class Avx2 { } }" })
        {
            var diagnostics = await AnalyzerRunner.GetDiagnosticsAsync(Create(name), source);
            Assert.Empty(diagnostics);
        }
    }

    [Theory]
    [MemberData(nameof(Analyzers))]
    public async Task Analyzer_DoesNotThrow_OnBrokenSource(string name)
    {
        // An analyzer exception surfaces as an AD0001 diagnostic from GetAnalyzerDiagnosticsAsync.
        var diagnostics = await AnalyzerRunner.GetDiagnosticsAsync(Create(name), Snippet.Usings + """
            class C {
                Vector256<int> M(Vector256<int> a) { if (Avx2.IsSupported && ) return Avx2.Add(a,
                int P => Sse2.
                void N() { goto missing; Func<int> f = () => { if (!Bmi1.IsSupported) return 0; return (int)Bmi1.AndNot(1u, 2u) }; }
            """);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    private static DiagnosticAnalyzer Create(string name) =>
        (DiagnosticAnalyzer)Activator.CreateInstance(typeof(HelpLinks).Assembly.GetTypes().Single(t => t.Name == name))!;

    private static IEnumerable<DiagnosticDescriptor> AllDescriptors() =>
        Analyzers().SelectMany(a => Create((string)a[0]).SupportedDiagnostics);
}
