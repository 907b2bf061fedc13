using CpuidAnalyzers.EndToEnd.Infrastructure;

namespace CpuidAnalyzers.EndToEnd;

/// <summary>
/// Issue 21: the CpuidAnalysisMode presets the package ships (buildTransitive/CpuidAnalyzers.targets
/// adds configuration/cpuid-{strict,none}.globalconfig), as README's Configuration section shows them.
/// One consumer, built with each mode: strict turns the CPUID001/CPUID002 warnings into errors, none
/// silences them, default (and unset) leaves them warnings, and .editorconfig still wins over a preset.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class AnalysisModeTests
{
    private readonly EndToEndFixture _fixture;
    private readonly ITestOutputHelper _output;

    public AnalysisModeTests(EndToEndFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private static IReadOnlyList<(int Line, string Id)> Markers => BuildOutput.ExpectedMarkers(ConsumerSources.Unguarded);

    private static string Props(string mode) =>
        $"<Project>\n  <PropertyGroup>\n    <CpuidAnalysisMode>{mode}</CpuidAnalysisMode>\n  </PropertyGroup>\n</Project>\n";

    private async Task<ConsumerBuild> Build(string what, Dictionary<string, string> files, params string[] arguments)
    {
        var consumer = await _fixture.ConsumerAsync("net10.0");
        files["Program.cs"] = ConsumerSources.Unguarded;
        var build = await consumer.BuildAsync(files, arguments);
        _output.WriteLine($"--- {what}\n{build.Result.Describe(15)}");
        return build;
    }

    private void Expect(ConsumerBuild build, string severity, IEnumerable<(int Line, string Id)> markers, bool succeeds)
    {
        var expected = markers.Select(m => $"Program.cs:{m.Line} {severity} {m.Id}").OrderBy(x => x, StringComparer.Ordinal).ToList();
        var actual = build.CpuidSummary.Select(d => $"{d.File}:{d.Line} {d.Severity} {d.Id}").OrderBy(x => x, StringComparer.Ordinal).ToList();
        if (expected.SequenceEqual(actual) && build.Result.Succeeded == succeeds) return;
        _fixture.Fail(_output, $"expected {string.Join("; ", expected)} (build {(succeeds ? "succeeds" : "fails")}), got {string.Join("; ", actual)}\n{build.Describe()}");
    }

    [E2EFact]
    public async Task Default_AndUnset_KeepTheRulesWarnings()
    {
        Assert.Contains(Markers, m => m.Id == "CPUID001");
        Assert.Contains(Markers, m => m.Id == "CPUID002");
        Expect(await Build("unset", new()), "warning", Markers, succeeds: true);
        Expect(await Build("default (Directory.Build.props)", new() { ["Directory.Build.props"] = Props("default") }), "warning", Markers, succeeds: true);
    }

    [E2EFact]
    public async Task Strict_TurnsTheWarningsIntoErrors()
    {
        // As README shows it: the property in the project's props (here Directory.Build.props beside it).
        Expect(await Build("strict (Directory.Build.props)", new() { ["Directory.Build.props"] = Props("strict") }), "error", Markers, succeeds: false);
        // And on the command line, any case.
        Expect(await Build("-p:CpuidAnalysisMode=Strict", new(), "-p:CpuidAnalysisMode=Strict"), "error", Markers, succeeds: false);
        // .editorconfig still wins over the preset: CPUID001 off, CPUID002 still an error.
        Expect(await Build("strict, CPUID001 = none in .editorconfig", new()
            {
                ["Directory.Build.props"] = Props("strict"),
                [".editorconfig"] = "[*.cs]\ndotnet_diagnostic.CPUID001.severity = none\n",
            }), "error", Markers.Where(m => m.Id != "CPUID001"), succeeds: false);
    }

    [E2EFact]
    public async Task None_SilencesEveryRule()
    {
        Expect(await Build("none (Directory.Build.props)", new() { ["Directory.Build.props"] = Props("none") }), "warning", Array.Empty<(int, string)>(), succeeds: true);
        Expect(await Build("-p:CpuidAnalysisMode=none", new(), "-p:CpuidAnalysisMode=none"), "warning", Array.Empty<(int, string)>(), succeeds: true);
        // An always-failing use (CPUID003, an error by default) is silenced too.
        var consumer = await _fixture.ConsumerAsync("net10.0");
        var failing = await consumer.BuildAsync(new Dictionary<string, string>
        {
            ["Program.cs"] = ConsumerSources.Unguarded, ["Failing.cs"] = ConsumerSources.FailingFile,
            ["Directory.Build.props"] = Props("none"),
        });
        _output.WriteLine("--- none, with Failing.cs\n" + failing.Result.Describe(15));
        Assert.True(failing.Result.Succeeded && failing.Cpuid.Count == 0, failing.Describe());
    }

    [E2EFact]
    public async Task UnknownMode_IsReported_AndChangesNothing()
    {
        var build = await Build("-p:CpuidAnalysisMode=paranoid", new(), "-p:CpuidAnalysisMode=paranoid");
        Expect(build, "warning", Markers, succeeds: true);
        Assert.Contains("CpuidAnalysisMode 'paranoid' is not one of default, strict or none", build.Result.Output);
    }
}
