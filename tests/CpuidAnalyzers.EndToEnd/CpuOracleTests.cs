using System.Diagnostics;
using System.Text;
using CpuidAnalyzers.EndToEnd.Infrastructure;
using CpuidAnalyzers.EndToEnd.Oracle;

namespace CpuidAnalyzers.EndToEnd;

/// <summary>
/// Issue 6, part 3: the CPU as the judge. Each program of <see cref="OraclePrograms"/> is built once with
/// the analyzer (which records whether it got any CPUID diagnostic) and run under the runtime's own
/// feature switches. The rule, in both directions of one implication:
/// every program that throws PlatformNotSupportedException in some configuration must have been
/// flagged, and every program the analyzer passes must run clean in all of them.
/// Nothing here depends on which features the host has: a switch only turns features off, and a
/// program is judged only by "throws somewhere ⇒ flagged" (equivalently "not flagged ⇒ never throws").
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CpuOracleTests
{
    /// <summary>
    /// Documented policy: programs the analyzer deliberately passes although they can throw.
    /// Each must cite where the docs say so.
    /// </summary>
    /// <remarks>
    /// Empty today. P01 (Debug.Assert as the only check) was listed here until a Debug.Assert in a helper
    /// became a requirement of its callers (docs/inference.md): it is now flagged at the call.
    /// </remarks>
    private static readonly Dictionary<string, string> AllowedMisses = new();

    /// <summary>
    /// Documented policy: correct programs the analyzer flags on purpose, because the analysis does
    /// not follow what they rely on. Each must cite where the docs say so.
    /// </summary>
    private static readonly Dictionary<string, string> AllowedAlarms = new()
    {
        ["A01_MutableStaticFieldGuard"] = "docs/rules/CPUID001.md: 'a bool field that can change' is not a guard",
        ["A02_HelperWithParameter"] = "docs/rules/CPUID001.md: 'a method with parameters, such as CanVectorize(n)' is not looked into",
    };

    /// <summary>
    /// Broken programs that are flagged but that no configuration here can make throw, and why. Not
    /// a disagreement (flagged ⇒ throws is not the rule), listed so the report explains the cell.
    /// </summary>
    private static readonly Dictionary<string, string> CannotThrowHere = new()
    {
        ["B03_FmaUnderAvx2Check"] = ".NET 10 turns Fma off only with Avx2; .NET 8's DOTNET_EnableFMA=0 separates them",
        ["B04_Bmi2UnderAvx2Check"] = ".NET 10 turns Bmi2 off only with Avx2; .NET 8's DOTNET_EnableBMI2=0 separates them",
        ["B05_Sse41UnderSsse3Check"] = ".NET 10's DOTNET_EnableSSE42=0 turns Ssse3 off too; .NET 8's DOTNET_EnableSSE41=0 separates them",
        ["B22_Vector256AcceleratedForAvx2"] = "policy (CPUID007): today's runtimes accelerate Vector256 only with AVX2, so no switch separates them, " +
            "but IsHardwareAccelerated is not documented as an ISA check",
        ["B24_CatchAsProbe"] = "policy (CPUID006): under the JIT the catch swallows the exception; NativeAOT may fail fast instead",
        ["B28_Sse41X64UnderSse41Check"] = "Sse41.X64 is missing only in a 32-bit process; these runs are 64-bit",
        ["B29_Avx512VLUnderAvx512FCheck"] = "the switches turn AVX-512 off as a group; F without VL exists only on old hardware (Knights Landing)",
        ["B33_ArmOnlyPath"] = "reachable only on Arm64: the x64 switches cannot reach it",
    };

    private readonly EndToEndFixture _fixture;
    private readonly ITestOutputHelper _output;

    public CpuOracleTests(EndToEndFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [X64Fact]
    public async Task EveryProgramThatThrowsIsFlagged_AndEveryProgramPassedRunsClean()
    {
        var stopwatch = Stopwatch.StartNew();
        var build = await _fixture.OracleAsync();
        var report = new StringBuilder();
        var failures = new List<string>();
        report.Append(_fixture.SetupLog);

        // --- 0. The programs must build, or there is nothing to judge.
        var notBuilt = build.CompileErrors.Where(e => e.Value.Count > 0).ToList();
        if (!build.Net10Build.Succeeded || notBuilt.Count > 0)
            Fail($"the oracle's net10.0 programs did not build ({string.Join(", ", notBuilt.Select(e => e.Key))}):\n"
                + string.Join("\n", notBuilt.SelectMany(e => e.Value).Select(d => d.RawLine)) + "\n" + build.Net10Build.Describe(80));
        if (build.Net8Build is { Succeeded: false } net8Build)
            Fail($"the self-contained net8.0 publish of the oracle's programs failed:\n{net8Build.Describe(80)}");

        foreach (var name in AllowedMisses.Keys.Concat(AllowedAlarms.Keys).Concat(CannotThrowHere.Keys))
            if (build.Programs.All(p => p.Name != name)) failures.Add($"a policy list names '{name}', which is no program of the oracle");

        // --- 1. What each switch really does here: the probe under every switch.
        var probeConfigs = OracleRunner.Net10.Concat(OracleRunner.Net10ProbeOnly).Concat(OracleRunner.Net8).ToList();
        var probeRuns = await OracleRunner.RunAllAsync(build, _fixture.Dotnet, probeConfigs.Select(c => (OraclePrograms.ProbeName, c)));
        var probe = probeRuns.ToDictionary(r => r.Config, r => OracleRunner.ParseProbe(r.Result.Output));
        foreach (var run in probeRuns.Where(r => r.Outcome != Outcome.Clean))
            failures.Add($"the probe failed under {run.Config.Label}:\n{run.Result.Describe(20)}");
        report.Append(DescribeSwitches(probeConfigs, probe));

        // The oracle has teeth only if the switches work: these hold on every x64 host.
        RequireOff(probe, OracleRunner.Net10, "DOTNET_EnableAVX2=0", "Avx2", failures);
        RequireOff(probe, OracleRunner.Net10, "DOTNET_EnableHWIntrinsic=0", "Sse2", failures);
        RequireOff(probe, OracleRunner.Net8, "DOTNET_EnableFMA=0", "Fma", failures);
        RequireOff(probe, OracleRunner.Net8, "DOTNET_EnableHWIntrinsic=0", "Sse2", failures);

        // --- 2. Every program under every switch that changes anything here. A switch the probe shows
        // to have no effect (ignored by the runtime, or the features are absent on this host) would
        // only repeat the default run: it is not run, and shows as ' ' in the matrix.
        bool Effective(RuntimeConfig c) => c.IsDefault || !probe.TryGetValue(c, out var values)
            || !probe.TryGetValue(OracleRunner.Net10.Concat(OracleRunner.Net8).First(d => d.Runtime == c.Runtime && d.IsDefault), out var baseline)
            || OraclePrograms.ProbedFeatures.Any(f => values.GetValueOrDefault(f) != baseline.GetValueOrDefault(f));
        var work = build.Programs.SelectMany(p => OracleRunner.Net10.Where(Effective).Select(c => (p.Name, c)))
            .Concat(build.Programs.Where(p => p.OnNet8).SelectMany(p => OracleRunner.Net8.Where(Effective).Select(c => (p.Name, c))))
            .ToList();
        var runStopwatch = Stopwatch.StartNew();
        var runs = await OracleRunner.RunAllAsync(build, _fixture.Dotnet, work);
        var skipped = OracleRunner.Net10.Concat(OracleRunner.Net8).Where(c => !Effective(c)).Select(c => c.Label).ToList();
        report.Append($"{runs.Count} runs of {build.Programs.Count} programs in {runStopwatch.Elapsed.TotalSeconds:F1}s" +
            (skipped.Count == 0 ? "" : $" (not run under {string.Join(", ", skipped)}: no effect here)") + "\n\n");
        var byProgram = runs.ToLookup(r => r.Program);

        foreach (var run in runs.Where(r => r.Outcome == Outcome.Failed).OrderBy(r => r.Program, StringComparer.Ordinal))
            failures.Add($"{run.Program} under {run.Config.Label} failed in another way than PlatformNotSupportedException " +
                $"(the program is wrong, not the analyzer):\n{run.Result.Describe(20)}");

        report.Append(DescribeMatrix(build, byProgram));

        // --- 3. The judgement.
        var judged = build.Programs.Select(p => (Program: p, Flagged: build.IsFlagged(p),
            Threw: byProgram[p.Name].Any(r => r.Outcome == Outcome.ThrewPlatformNotSupported))).ToList();
        int Count(bool flagged, bool threw) => judged.Count(j => j.Flagged == flagged && j.Threw == threw);
        report.Append($"""

            Confusion table ({judged.Count} programs; threw = PlatformNotSupportedException under at least one configuration):
                               threw   clean everywhere
                flagged        {Count(true, true),5}   {Count(true, false),5}
                not flagged    {Count(false, true),5}   {Count(false, false),5}

            """);

        var notes = new StringBuilder();
        foreach (var (program, flagged, threw) in judged)
        {
            var name = program.Name;
            if (!flagged && threw)
            {
                var where = string.Join(", ", byProgram[name].Where(r => r.Outcome == Outcome.ThrewPlatformNotSupported).Select(r => r.Config.Label));
                if (AllowedMisses.TryGetValue(name, out var why))
                    notes.Append($"  MISS, DOCUMENTED POLICY: {name} threw under {where} and was not flagged: {why}\n");
                else
                    failures.Add($"""
                        ANALYZER MISS: {name} ({program.Title}) got no CPUID diagnostic, yet threw PlatformNotSupportedException under {where}.
                          {byProgram[name].First(r => r.Outcome == Outcome.ThrewPlatformNotSupported).Excerpt()}
                        --- {name}/Program.cs
                        {program.Source}
                        """);
            }
            else if (flagged && !threw)
            {
                var ids = DescribeDiagnostics(build, name);
                if (program.Intent == Intent.Correct)
                {
                    if (AllowedAlarms.TryGetValue(name, out var why))
                        notes.Append($"  ALARM, DOCUMENTED POLICY: {name} is correct and never threw, flagged {ids}: {why}\n");
                    else
                        failures.Add($"""
                            FALSE ALARM: {name} ({program.Title}) is a documented guard form, ran clean under every configuration, and was flagged:
                              {string.Join("\n  ", build.Diagnostics[name].Select(d => d.RawLine))}
                            --- {name}/Program.cs
                            {program.Source}
                            """);
                }
                else
                {
                    var why = CannotThrowHere.TryGetValue(name, out var reason) ? reason : "no configuration here reached the bug (it depends on what the host has)";
                    notes.Append($"  flagged {ids}, never threw here: {name}: {why}\n");
                }
            }
            else if (!flagged && !threw && program.Intent == Intent.Broken)
            {
                notes.Append($"  NOTE: {name} is meant to be broken, got no diagnostic and never threw here; the CPU could not tell\n");
            }

            if (program.MustThrowUnder is { } must
                && !byProgram[name].Any(r => r.Config.Switch == must && r.Outcome == Outcome.ThrewPlatformNotSupported))
                failures.Add($"{name} must throw under {must} on any x64 host but did not: the switches no longer reach the code, " +
                    $"and the oracle judges nothing.\n{string.Join("\n", byProgram[name].Where(r => r.Config.Switch == must).Select(r => r.Result.Describe(10)))}");
        }
        foreach (var name in AllowedMisses.Keys.Where(n => judged.Any(j => j.Program.Name == n && (j.Flagged || !j.Threw))))
            notes.Append($"  NOTE: {name} is listed as an allowed miss but is now flagged or never threw: the entry may go\n");
        foreach (var name in AllowedAlarms.Keys.Where(n => judged.Any(j => j.Program.Name == n && !j.Flagged)))
            notes.Append($"  NOTE: {name} is listed as an allowed alarm but is no longer flagged: the entry may go\n");

        report.Append("\nDisagreements and notes:\n").Append(notes.Length == 0 ? "  none\n" : notes.ToString());
        report.Append(failures.Count == 0 ? "  no unexplained disagreement\n" : $"  {failures.Count} FAILURE(S), below\n");

        // --- 4. Issue 5's code fixes on the flagged broken programs, judged the same way (see FixedOracle).
        var failuresBeforeFixing = failures.Count;
        var afterFixing = await FixedOracle.JudgeAsync(_fixture, build, byProgram,
            OracleRunner.Net10.Where(Effective).ToList(), OracleRunner.Net8.Where(Effective).ToList(), failures);
        report.Append(afterFixing.Report);
        report.Append(failures.Count == failuresBeforeFixing ? "  no unexplained disagreement after fixing\n" : $"  {failures.Count - failuresBeforeFixing} FAILURE(S) after fixing, below\n");
        report.Append($"oracle total: {stopwatch.Elapsed.TotalSeconds:F1}s (of which the fixed oracle: {afterFixing.Elapsed.TotalSeconds:F1}s)\n");

        _output.WriteLine(report.ToString());
        if (failures.Count > 0)
            Fail(string.Join("\n\n", failures) + "\n\n" + report);
    }

    private void Fail(string message) => _fixture.Fail(_output, message);

    private static string DescribeDiagnostics(OracleBuild build, string name) =>
        string.Join(",", build.Diagnostics[name].Select(d => d.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal));

    private static void RequireOff(Dictionary<RuntimeConfig, IReadOnlyDictionary<string, string>> probe, RuntimeConfig[] configs,
        string @switch, string feature, List<string> failures)
    {
        var config = configs.Single(c => c.Switch == @switch);
        if (!probe.TryGetValue(config, out var values) || !values.TryGetValue(feature, out var value) || value != "False")
            failures.Add($"{config.Label} did not turn {feature} off (probe says {feature}={(values is not null && values.TryGetValue(feature, out var v) ? v : "?")}): " +
                "the runtime no longer honors the switch, and the oracle would judge nothing");
    }

    private static string DescribeSwitches(List<RuntimeConfig> configs, Dictionary<RuntimeConfig, IReadOnlyDictionary<string, string>> probe)
    {
        var text = new StringBuilder("\nWhat each switch turns off here (the probe's IsSupported / IsHardwareAccelerated, compared with the same runtime's default):\n");
        foreach (var runtime in configs.Select(c => c.Runtime).Distinct())
        {
            var baseline = probe.GetValueOrDefault(configs.First(c => c.Runtime == runtime && c.IsDefault));
            if (baseline is null) continue;
            var on = OraclePrograms.ProbedFeatures.Where(f => baseline.GetValueOrDefault(f) == "True").ToList();
            text.Append($"  {runtime} (runtime {baseline.GetValueOrDefault("Runtime")}), default: on {string.Join(" ", on)}");
            var off = OraclePrograms.ProbedFeatures.Except(on).ToList();
            text.Append(off.Count == 0 ? "\n" : $"; off {string.Join(" ", off)}\n");
            foreach (var config in configs.Where(c => c.Runtime == runtime && !c.IsDefault))
            {
                var values = probe.GetValueOrDefault(config);
                var turnedOff = values is null ? null : on.Where(f => values.GetValueOrDefault(f) == "False").ToList();
                text.Append($"    {config.Switch,-28} ")
                    .Append(turnedOff is null ? "(probe failed)"
                        : turnedOff.Count == 0 ? "no effect: ignored by this runtime (or the feature is absent on this host)"
                        : "off: " + string.Join(" ", turnedOff))
                    .Append('\n');
            }
        }
        return text.Append('\n').ToString();
    }

    private static string DescribeMatrix(OracleBuild build, ILookup<string, ProgramRun> byProgram)
    {
        var columns = OracleRunner.Net10.Concat(OracleRunner.Net8).ToList();
        var nameWidth = build.Programs.Max(p => p.Name.Length) + 2;
        var text = new StringBuilder("Programs x configurations ('.' clean, 'X' threw PlatformNotSupportedException, '!' failed otherwise, ' ' not run):\n");
        text.Append("  ").Append("program".PadRight(nameWidth)).Append("intent   ").Append("CPUID diagnostics".PadRight(20));
        foreach (var c in columns) text.Append(c.Column.PadRight(Math.Max(c.Column.Length, 1) + 1));
        text.Append('\n');
        foreach (var program in build.Programs)
        {
            var ids = DescribeDiagnostics(build, program.Name);
            text.Append("  ").Append(program.Name.PadRight(nameWidth))
                .Append((program.Intent == Intent.Correct ? "correct" : "broken").PadRight(9))
                .Append((ids.Length == 0 ? "-" : ids).PadRight(20));
            foreach (var c in columns)
            {
                var run = byProgram[program.Name].FirstOrDefault(r => r.Config == c);
                var mark = run is null ? ' ' : run.Outcome switch { Outcome.Clean => '.', Outcome.ThrewPlatformNotSupported => 'X', _ => '!' };
                text.Append(mark).Append(' ', c.Column.Length);
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
