using System;
using System.IO;
using System.Linq;
using System.Text;
using CpuidAnalyzers.Tests.Verifiers;

namespace CpuidAnalyzers.Tests;

/// <summary>
/// The rule tables in README.md and docs/rules/README.md are generated from the descriptors:
/// a mismatch fails with the table to paste (or set CPUID_UPDATE_DOCS=1 to rewrite it in place).
/// </summary>
public class RuleTableTests
{
    private const string Begin = "<!-- rules -->";
    private const string End = "<!-- /rules -->";

    [Fact]
    public void ReadmeTable_MatchesDescriptors() => CheckTable("README.md", "docs/rules/");

    [Fact]
    public void DocsIndexTable_MatchesDescriptors() => CheckTable(Path.Combine("docs", "rules", "README.md"), "");

    private static void CheckTable(string relativePath, string linkPrefix)
    {
        var path = Repository.PathOf(relativePath);
        var text = File.ReadAllText(path).Replace("\r\n", "\n");
        var begin = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"{relativePath} has no {Begin} … {End} block");

        var expected = "\n" + Table(linkPrefix);
        var actual = text.Substring(begin + Begin.Length, end - begin - Begin.Length);
        if (actual != expected && Environment.GetEnvironmentVariable("CPUID_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, text.Substring(0, begin + Begin.Length) + expected + text.Substring(end));
            return;
        }
        Assert.True(actual == expected, $"The rule table in {relativePath} is out of date; it should read:\n{expected}");
    }

    private static string Table(string linkPrefix)
    {
        var table = new StringBuilder("| ID | Title | Severity | Category |\n|---|---|---|---|\n");
        foreach (var rule in AllRulesVerifier.Analyzers.SelectMany(a => a.SupportedDiagnostics).OrderBy(d => d.Id))
            table.Append($"| [{rule.Id}]({linkPrefix}{rule.Id}.md) | {Markdown(rule.Title.ToString())} | {rule.DefaultSeverity}{(rule.IsEnabledByDefault ? "" : " (off by default)")} | {rule.Category} |\n");
        return table.ToString();
    }

    /// <summary>A title as Markdown text: <c>Vector&lt;T&gt;</c> would render as an unknown HTML tag.</summary>
    private static string Markdown(string text) => text.Replace("<", "\\<").Replace(">", "\\>");
}
