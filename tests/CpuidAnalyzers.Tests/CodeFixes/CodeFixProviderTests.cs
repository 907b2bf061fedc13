using System;
using System.Collections.Generic;
using System.Composition;
using System.IO;
using System.Linq;
using System.Text;
using CpuidAnalyzers.CodeFixes.IsaUse;
using CpuidAnalyzers.CodeFixes.Probes;
using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace CpuidAnalyzers.Tests;

/// <summary>What holds for every fix provider of issue 5, and the docs that describe them.</summary>
public class CodeFixProviderTests
{
    public static IEnumerable<object[]> Providers() => FixHarness.Providers.Select(p => new object[] { p.GetType().Name });

    [Theory]
    [MemberData(nameof(Providers))]
    public void Provider_IsExportedAndFixesAllInEveryScope(string name)
    {
        var provider = FixHarness.Providers.Single(p => p.GetType().Name == name);
        var export = (ExportCodeFixProviderAttribute?)Attribute.GetCustomAttribute(provider.GetType(), typeof(ExportCodeFixProviderAttribute));
        Assert.NotNull(export);
        Assert.Contains(LanguageNames.CSharp, export!.Languages);
        Assert.NotNull(Attribute.GetCustomAttribute(provider.GetType(), typeof(SharedAttribute)));
        var scopes = provider.GetFixAllProvider()!.GetSupportedFixAllScopes();
        Assert.Contains(FixAllScope.Document, scopes);
        Assert.Contains(FixAllScope.Project, scopes);
        Assert.Contains(FixAllScope.Solution, scopes);
    }

    /// <summary>
    /// dotnet format applies, per diagnostic ID, the fixers in the order of their types in the assembly,
    /// and the later ones find the documents the first changed stale: the first must be the intended one.
    /// </summary>
    [Theory]
    [InlineData("CPUID001", nameof(AddIsSupportedCheckCodeFixProvider))]
    [InlineData("CPUID002", nameof(AddIsSupportedCheckCodeFixProvider))]
    [InlineData("CPUID003", nameof(UseCrossPlatformApiCodeFixProvider))]
    [InlineData("CPUID004", nameof(AddIsSupportedCheckCodeFixProvider))]
    [InlineData("CPUID005", nameof(AddIsSupportedCheckCodeFixProvider))]
    [InlineData("CPUID006", nameof(ReplaceExceptionProbeCodeFixProvider))]
    [InlineData("CPUID007", nameof(AddIsSupportedCheckCodeFixProvider))]
    [InlineData("CPUID008", nameof(AddIsSupportedCheckCodeFixProvider))]
    public void CommandLine_AppliesTheIntendedFixFirst(string id, string expected)
    {
        var first = typeof(AddIsSupportedCheckCodeFixProvider).Assembly.GetTypes()
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract && Attribute.IsDefined(t, typeof(ExportCodeFixProviderAttribute)))
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .First(p => p.FixableDiagnosticIds.Contains(id));
        Assert.Equal(expected, first.GetType().Name);
    }

    private const string Begin = "<!-- cross-platform-map -->";
    private const string End = "<!-- /cross-platform-map -->";

    /// <summary>docs/code-fixes.md lists the code's one mapping table row by row (CPUID_UPDATE_DOCS=1 rewrites it).</summary>
    [Fact]
    public void DocsTable_MatchesTheMapping()
    {
        var path = Repository.PathOf(Path.Combine("docs", "code-fixes.md"));
        var text = File.ReadAllText(path).Replace("\r\n", "\n");
        var begin = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"docs/code-fixes.md has no {Begin} … {End} block");

        var table = new StringBuilder("\n| ISA member | Replaced by | Element types | Why the result is identical |\n|---|---|---|---|\n");
        foreach (var m in CrossPlatformApiMap.Table)
            table.Append($"| `{m.IsaDisplay}` | `{m.PortableDisplay}` | {m.ElementDisplay} | {m.Why} |\n");
        var expected = table.ToString();
        var actual = text.Substring(begin + Begin.Length, end - begin - Begin.Length);
        if (actual != expected && Environment.GetEnvironmentVariable("CPUID_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, text.Substring(0, begin + Begin.Length) + expected + text.Substring(end));
            return;
        }
        Assert.True(actual == expected, "The mapping table in docs/code-fixes.md is out of date; it should read:\n" + expected);
    }
}
