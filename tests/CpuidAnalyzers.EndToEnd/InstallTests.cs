using System.Text.Json;
using System.Text.RegularExpressions;
using CpuidAnalyzers.EndToEnd.Infrastructure;

namespace CpuidAnalyzers.EndToEnd;

/// <summary>
/// Issue 6, part 1: install the package the way README tells users (a PackageReference in a fresh
/// `dotnet new console` project, restored from a feed), build as an IDE or a terminal does, and read
/// what the user reads: file, line, rule ID and help link of each diagnostic, an output folder the
/// package added nothing to, and the severities their .editorconfig asks for.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class InstallTests
{
    private readonly EndToEndFixture _fixture;
    private readonly ITestOutputHelper _output;

    public InstallTests(EndToEndFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [E2ETheory]
    [InlineData("net10.0")]
    [InlineData("net8.0")]
    public async Task Build_ReportsEachDiagnostic_WithFileLineIdAndHelpLink(string tfm)
    {
        var consumer = await _fixture.ConsumerAsync(tfm);
        var build = await consumer.BuildAsync(new Dictionary<string, string> { ["Program.cs"] = ConsumerSources.Unguarded });
        _output.WriteLine(build.Result.Describe(30));

        Check(build.Result.Succeeded, $"the {tfm} consumer did not build (warnings only are expected)", build);
        var expected = BuildOutput.ExpectedMarkers(ConsumerSources.Unguarded).Select(m => ("Program.cs", m.Line, "warning", m.Id)).ToList();
        CheckSame(expected, build.CpuidSummary, build);
        foreach (var d in build.Cpuid)
        {
            Check(d.Column > 0 && d.Message.Length > 0, $"{d}: no column or no message", build);
            Check(d.HelpLink is not null, $"{d}: no help link in the build output (the descriptor's helpLinkUri)", build);
            Check(Regex.IsMatch(d.HelpLink!, $@"^https://\S+/docs/rules/{d.Id}\.md$"), $"{d}: help link {d.HelpLink} is not the rule's docs/rules/{d.Id}.md page", build);
            Check(File.Exists(Path.Combine(_fixture.RepoRoot, "docs", "rules", d.Id + ".md")), $"{d}: the help link points at docs/rules/{d.Id}.md, which the repo does not have", build);
        }
    }

    [E2ETheory]
    [InlineData("net10.0")]
    [InlineData("net8.0")]
    public async Task Package_AddsNothingToTheBuildOrPublishOutput(string tfm)
    {
        var consumer = await _fixture.ConsumerAsync(tfm);
        var files = new Dictionary<string, string> { ["Program.cs"] = ConsumerSources.Guarded };
        var build = await consumer.BuildAsync(files);
        Check(build.Result.Succeeded && build.Cpuid.Count == 0, $"the guarded {tfm} consumer should build with no CPUID diagnostic", build);

        var published = Path.Combine(consumer.Directory, "..", $"published-{tfm}");
        var publish = await consumer.PublishAsync(files, published);
        Assert.True(publish.Succeeded, $"dotnet publish of the {tfm} consumer failed:\n{publish.Describe()}");

        foreach (var (what, dir) in new[] { ("build output", consumer.OutputDirectory()), ("publish output", published) })
        {
            Assert.True(Directory.Exists(dir), $"no {what} folder {dir}");
            var ours = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(f).StartsWith(EndToEndFixture.PackageId, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(ours.Count == 0, $"the package put files into the consumer's {what}: {string.Join(", ", ours)}");

            var depsFile = Path.Combine(dir, "Consumer.deps.json");
            Assert.True(File.Exists(depsFile), $"no {depsFile}");
            var deps = File.ReadAllText(depsFile);
            using var json = JsonDocument.Parse(deps);
            var libraries = json.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();
            _output.WriteLine($"{tfm} {what}: {Directory.EnumerateFiles(dir).Count()} files; deps.json libraries: {string.Join(", ", libraries)}");
            Assert.True(!deps.Contains(EndToEndFixture.PackageId, StringComparison.OrdinalIgnoreCase),
                $"the consumer's {what} deps.json depends on the package (a runtime dependency):\n{deps}");
        }
    }

    [E2EFact]
    public async Task EditorConfig_NoneAndErrorSeverities_AreHonored()
    {
        var consumer = await _fixture.ConsumerAsync("net10.0");
        var program = ConsumerSources.Unguarded;
        var legacy = ConsumerSources.LegacyFile;
        var failing = ConsumerSources.FailingFile;
        var markers = new List<(string File, int Line, string Id)>();
        foreach (var (file, text) in new[] { ("Program.cs", program), ("Legacy/Old.cs", legacy), ("Failing.cs", failing) })
            markers.AddRange(BuildOutput.ExpectedMarkers(text).Select(m => (file, m.Line, m.Id)));
        Assert.Contains(markers, m => m.File == "Legacy/Old.cs" && m.Id == "CPUID001");
        Assert.Contains(markers, m => m.File == "Failing.cs" && m.Id == "CPUID003");

        // Without .editorconfig: the default severities (CPUID003 is an error, so the build fails).
        var all = new Dictionary<string, string> { ["Program.cs"] = program, ["Legacy/Old.cs"] = legacy, ["Failing.cs"] = failing };
        var defaults = await consumer.BuildAsync(all);
        _output.WriteLine("--- no .editorconfig\n" + defaults.Result.Describe(20));
        CheckSame(markers.Select(m => (m.File, m.Line, m.Id == "CPUID003" ? "error" : "warning", m.Id)), defaults.CpuidSummary, defaults);
        Check(!defaults.Result.Succeeded, "CPUID003 is an error by default: the build should fail", defaults);

        // "none" turns a warning and an error-by-default rule off.
        var none = await consumer.BuildAsync(new Dictionary<string, string>(all)
        {
            [".editorconfig"] = "[*.cs]\ndotnet_diagnostic.CPUID001.severity = none\ndotnet_diagnostic.CPUID003.severity = none\n",
        });
        _output.WriteLine("--- CPUID001 and CPUID003 = none\n" + none.Result.Describe(20));
        CheckSame(markers.Where(m => m.Id is not ("CPUID001" or "CPUID003")).Select(m => (m.File, m.Line, "warning", m.Id)), none.CpuidSummary, none);
        Check(none.Result.Succeeded, "with CPUID003 = none the build should succeed", none);

        // "error" fails the build, and a later, narrower section (README's [tests/**.cs] example) turns it off again.
        var error = await consumer.BuildAsync(new Dictionary<string, string>
        {
            ["Program.cs"] = program,
            ["Legacy/Old.cs"] = legacy,
            [".editorconfig"] = "[*.cs]\ndotnet_diagnostic.CPUID001.severity = error\n\n[Legacy/**.cs]\ndotnet_diagnostic.CPUID001.severity = none\n",
        });
        _output.WriteLine("--- CPUID001 = error, none in Legacy/\n" + error.Result.Describe(20));
        CheckSame(markers.Where(m => m.File == "Program.cs").Select(m => (m.File, m.Line, m.Id == "CPUID001" ? "error" : "warning", m.Id)), error.CpuidSummary, error);
        Check(!error.Result.Succeeded, "with CPUID001 = error the build should fail", error);
    }

    private void Check(bool condition, string message, ConsumerBuild build)
    {
        if (condition) return;
        _output.WriteLine(_fixture.SetupLog);
        Assert.Fail($"{message}\n{build.Describe()}");
    }

    private void CheckSame(IEnumerable<(string File, int Line, string Severity, string Id)> expected,
        IReadOnlyList<(string File, int Line, string Severity, string Id)> actual, ConsumerBuild build)
    {
        var e = expected.Select(x => $"{x.File.Replace('\\', '/')}:{x.Line} {x.Severity} {x.Id}").OrderBy(x => x, StringComparer.Ordinal).ToList();
        var a = actual.Select(x => $"{x.File.Replace('\\', '/')}:{x.Line} {x.Severity} {x.Id}").OrderBy(x => x, StringComparer.Ordinal).ToList();
        Check(e.SequenceEqual(a),
            $"the CPUID diagnostics differ from the '// expect' markers\n  expected: {string.Join("; ", e)}\n  actual:   {string.Join("; ", a)}\n" +
            $"  missing:  {string.Join("; ", e.Except(a))}\n  extra:    {string.Join("; ", a.Except(e))}", build);
    }
}
