using System.Text.Json;
using System.Text.RegularExpressions;
using CpuidAnalyzers.EndToEnd.Infrastructure;

namespace CpuidAnalyzers.EndToEnd;

/// <summary>
/// Issue 6, part 2: what README's "Enforcing in CI" section promises, done with the real commands:
/// warnings as errors fail a build with an unguarded use and pass guarded code, and the compiler's
/// SARIF log holds the CPUID results with their rule metadata and help URIs.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CiEnforcementTests
{
    private readonly EndToEndFixture _fixture;
    private readonly ITestOutputHelper _output;

    public CiEnforcementTests(EndToEndFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [E2ETheory]
    [InlineData("-warnaserror")]
    [InlineData("-p:TreatWarningsAsErrors=true")]
    public async Task WarningsAsErrors_FailUnguarded_PassGuarded(string option)
    {
        var consumer = await _fixture.ConsumerAsync("net10.0");

        var unguarded = await consumer.BuildAsync(new Dictionary<string, string> { ["Program.cs"] = ConsumerSources.Unguarded }, option);
        _output.WriteLine("--- unguarded\n" + unguarded.Result.Describe(20));
        var expected = BuildOutput.ExpectedMarkers(ConsumerSources.Unguarded).Select(m => $"Program.cs:{m.Line} error {m.Id}").ToList();
        var actual = unguarded.CpuidSummary.Select(d => $"{d.File}:{d.Line} {d.Severity} {d.Id}").ToList();
        Assert.True(!unguarded.Result.Succeeded, $"'dotnet build {option}' passed a build with unguarded intrinsics:\n{unguarded.Describe()}");
        Assert.True(expected.OrderBy(x => x).SequenceEqual(actual.OrderBy(x => x)),
            $"with {option} every CPUID warning should be reported as an error\n  expected: {string.Join("; ", expected)}\n  actual:   {string.Join("; ", actual)}\n{unguarded.Describe()}");

        var guarded = await consumer.BuildAsync(new Dictionary<string, string> { ["Program.cs"] = ConsumerSources.Guarded }, option);
        _output.WriteLine("--- guarded\n" + guarded.Result.Describe(20));
        Assert.True(guarded.Result.Succeeded && guarded.Cpuid.Count == 0, $"'dotnet build {option}' should pass guarded code:\n{guarded.Describe()}");
    }

    /// <summary>
    /// The compiler's default SARIF is version 1.0; code-scanning services (GitHub's upload-sarif)
    /// want 2.1.0, asked for with ",version=2.1" — written %2C on the command line, where a bare
    /// comma would separate two properties.
    /// </summary>
    [E2ETheory]
    [InlineData("report.sarif", "1.0.0")]
    [InlineData("report.sarif%2Cversion=2.1", "2.1.0")]
    public async Task ErrorLog_HoldsTheResults_WithRuleMetadataAndHelpUri(string errorLog, string version)
    {
        var consumer = await _fixture.ConsumerAsync("net10.0");
        var build = await consumer.BuildAsync(new Dictionary<string, string> { ["Program.cs"] = ConsumerSources.Unguarded }, $"-p:ErrorLog={errorLog}");
        _output.WriteLine(build.Result.Describe(20));
        Assert.True(build.Result.Succeeded, $"the build with -p:ErrorLog={errorLog} failed:\n{build.Describe()}");
        var path = Path.Combine(consumer.Directory, "report.sarif");
        Assert.True(File.Exists(path), $"-p:ErrorLog={errorLog} wrote no {path} (beside the project file)");
        var text = File.ReadAllText(path);
        using var sarif = JsonDocument.Parse(text);
        var root = sarif.RootElement;
        Assert.Equal(version, root.GetProperty("version").GetString());
        var run = root.GetProperty("runs")[0];

        // The results: exactly the marked lines, in Program.cs.
        var results = run.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("ruleId").GetString()!.StartsWith("CPUID", StringComparison.Ordinal)).ToList();
        var found = results.Select(r =>
        {
            var (uri, line) = version == "1.0.0"
                ? (r.GetProperty("locations")[0].GetProperty("resultFile").GetProperty("uri").GetString(),
                   r.GetProperty("locations")[0].GetProperty("resultFile").GetProperty("region").GetProperty("startLine").GetInt32())
                : (r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString(),
                   r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
            return $"{Path.GetFileName(new Uri(uri!).LocalPath)}:{line} {r.GetProperty("level").GetString()} {r.GetProperty("ruleId").GetString()}";
        }).OrderBy(x => x, StringComparer.Ordinal).ToList();
        var expected = BuildOutput.ExpectedMarkers(ConsumerSources.Unguarded).Select(m => $"Program.cs:{m.Line} warning {m.Id}").OrderBy(x => x, StringComparer.Ordinal).ToList();
        Assert.True(expected.SequenceEqual(found), $"SARIF {version} results differ\n  expected: {string.Join("; ", expected)}\n  found:    {string.Join("; ", found)}\n{Excerpt(text)}");

        // The rules, with title, category and help URI (the link the build output shows): SARIF 2.1
        // carries every rule of README's table; SARIF 1.0 only the rules that have results.
        var rules = version == "1.0.0"
            ? run.GetProperty("rules").EnumerateObject().ToDictionary(p => p.Name, p => p.Value)
            : run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r);
        var readmeRules = Regex.Matches(File.ReadAllText(Path.Combine(_fixture.RepoRoot, "README.md")), @"^\| \[(CPUID\d+)\]", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(readmeRules);
        var links = build.Cpuid.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.First().HelpLink);
        var required = version == "1.0.0" ? links.Keys.ToList() : readmeRules;
        foreach (var id in required)
        {
            Assert.True(rules.TryGetValue(id, out var rule), $"SARIF {version} has no rule metadata for {id}; rules: {string.Join(", ", rules.Keys.Where(k => k.StartsWith("CPUID", StringComparison.Ordinal)))}");
            var title = version == "1.0.0" ? rule.GetProperty("shortDescription").GetString() : rule.GetProperty("shortDescription").GetProperty("text").GetString();
            var helpUri = rule.TryGetProperty("helpUri", out var h) ? h.GetString() : null;
            var category = rule.TryGetProperty("properties", out var p) && p.TryGetProperty("category", out var c) ? c.GetString() : null;
            _output.WriteLine($"SARIF {version} rule {id}: '{title}', category {category}, helpUri {helpUri}");
            Assert.False(string.IsNullOrWhiteSpace(title), $"{id}: no shortDescription in SARIF {version}");
            Assert.False(string.IsNullOrWhiteSpace(category), $"{id}: no category in SARIF {version}");
            Assert.True(helpUri is not null && Regex.IsMatch(helpUri, $@"^https://\S+/docs/rules/{id}\.md$"), $"{id}: helpUri '{helpUri}' is not the rule's docs page");
            if (links.TryGetValue(id, out var link))
                Assert.True(link == helpUri, $"{id}: the build output links {link}, the SARIF {helpUri}");
        }
        if (version != "1.0.0")
            foreach (var r in results)
            {
                var index = r.GetProperty("ruleIndex").GetInt32();
                var ruleAtIndex = run.GetProperty("tool").GetProperty("driver").GetProperty("rules")[index].GetProperty("id").GetString();
                Assert.True(ruleAtIndex == r.GetProperty("ruleId").GetString(), $"result {r.GetProperty("ruleId")} has ruleIndex {index}, which is {ruleAtIndex}");
            }
    }

    /// <summary>README's CI recipe, run as written (its build options on the consumer project).</summary>
    [E2EFact]
    public async Task ReadmeCiRecipe_FailsOnAFinding_AndLeavesSarif21ForUpload()
    {
        var readme = File.ReadAllText(Path.Combine(_fixture.RepoRoot, "README.md"));
        var section = Regex.Match(readme, @"### CI recipe.*?(?=\n## |\z)", RegexOptions.Singleline);
        Assert.True(section.Success, "README.md has no '### CI recipe' section");
        var run = Regex.Match(section.Value, @"run: dotnet build (?<project>\S+) (?<options>[^\n#]+)");
        Assert.True(run.Success, $"README's CI recipe has no 'run: dotnet build <project> <options>' step:\n{section.Value}");
        var options = run.Groups["options"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var sarifName = Regex.Match(run.Groups["options"].Value, @"-p:ErrorLog=(?<file>[^%,\s]+)").Groups["file"].Value;
        Assert.False(string.IsNullOrEmpty(sarifName), $"README's CI recipe writes no SARIF log: {run.Value}");
        Assert.Contains($"sarif_file: {run.Groups["project"].Value}/{sarifName}", section.Value);

        var consumer = await _fixture.ConsumerAsync("net10.0");
        var unguarded = await consumer.BuildAsync(new Dictionary<string, string> { ["Program.cs"] = ConsumerSources.Unguarded }, options);
        _output.WriteLine(unguarded.Result.Describe(20));
        Assert.True(!unguarded.Result.Succeeded && unguarded.Cpuid.Count > 0 && unguarded.Cpuid.All(d => d.Severity == "error"),
            $"README's recipe ({string.Join(' ', options)}) should fail the build on the CPUID findings:\n{unguarded.Describe()}");
        var path = Path.Combine(consumer.Directory, sarifName);
        Assert.True(File.Exists(path), $"README's recipe left no {sarifName} beside the project file to upload");
        using (var sarif = JsonDocument.Parse(File.ReadAllText(path)))
        {
            Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
            var ids = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Select(r => r.GetProperty("ruleId").GetString()).Where(id => id!.StartsWith("CPUID", StringComparison.Ordinal)).ToList();
            Assert.True(ids.Count == unguarded.Cpuid.Count, $"the SARIF log holds {ids.Count} CPUID results, the build reported {unguarded.Cpuid.Count}");
        }

        var guarded = await consumer.BuildAsync(new Dictionary<string, string> { ["Program.cs"] = ConsumerSources.Guarded }, options);
        Assert.True(guarded.Result.Succeeded, $"README's recipe should pass guarded code:\n{guarded.Describe()}");
    }

    private static string Excerpt(string text) => text.Length <= 4000 ? text : text[..4000] + "\n...";
}
