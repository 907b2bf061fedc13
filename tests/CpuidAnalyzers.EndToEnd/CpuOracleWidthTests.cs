using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using CpuidAnalyzers.EndToEnd.Infrastructure;
using CpuidAnalyzers.EndToEnd.Oracle;

namespace CpuidAnalyzers.EndToEnd;

/// <summary>
/// Issue 11: the CPU as the judge of CPUID013 (a Vector&lt;T&gt; width is assumed). The programs of
/// <see cref="WidthPrograms"/> are built with the oracle's programs (one build, shared through the
/// fixture) and run where Vector&lt;int&gt;.Count is 8 (the default with AVX2), 4 (DOTNET_EnableAVX2=0)
/// and 16 (DOTNET_MaxVectorTBitWidth=512, on an AVX-512 host only). A program misbehaves when it throws
/// anything or its vector result differs from its own scalar reference. The rule: every program that
/// misbehaves somewhere has a CPUID013, and every program without one behaves everywhere; a correct
/// program gets no CPUID diagnostic at all.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CpuOracleWidthTests
{
    /// <summary>Documented policy: programs that misbehave and that CPUID013 deliberately passes. Each cites the docs.</summary>
    private static readonly Dictionary<string, string> AllowedMisses = new()
    {
        ["WP01_CheckOfAnotherBuffer"] = "docs/rules/CPUID013.md, 'What counts as a protection': 'The analysis does not check which length " +
            "was compared: any check that a vector fits counts for every load after it.'",
        ["WP02_ParameterOfUnknownLength"] = "docs/rules/CPUID013.md, 'When a buffer's size is known': 'A parameter, a field that can " +
            "change or the result of a call has no known size and is never flagged.'",
    };

    /// <summary>Documented policy: correct programs that are flagged on purpose. Each cites the docs.</summary>
    private static readonly Dictionary<string, string> AllowedAlarms = new()
    {
    };

    private enum WidthOutcome
    {
        Clean,
        WrongResult,
        Threw,
        /// <summary>A crash without a managed exception, or a time-out.</summary>
        Failed,
    }

    private readonly EndToEndFixture _fixture;
    private readonly ITestOutputHelper _output;

    public CpuOracleWidthTests(EndToEndFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [X64Fact]
    public async Task EveryWidthProgramThatMisbehavesIsFlagged_AndEveryProgramPassedBehaves()
    {
        var stopwatch = Stopwatch.StartNew();
        var build = await _fixture.OracleAsync();
        var report = new StringBuilder();
        var failures = new List<string>();
        report.Append(_fixture.SetupLog);
        var programs = build.WidthPrograms;

        var notBuilt = programs.Where(p => build.CompileErrors[p.Name].Count > 0).ToList();
        if (!build.Net10Build.Succeeded || notBuilt.Count > 0)
            Fail($"the width programs did not build ({string.Join(", ", notBuilt.Select(p => p.Name))}):\n"
                + string.Join("\n", notBuilt.SelectMany(p => build.CompileErrors[p.Name]).Select(d => d.RawLine)) + "\n" + build.Net10Build.Describe(80));
        foreach (var name in AllowedMisses.Keys.Concat(AllowedAlarms.Keys).Where(n => programs.All(p => p.Name != n)))
            failures.Add($"a policy list names '{name}', which is no width program");

        // --- 1. What Vector<int>.Count is under each configuration here: the probe says.
        var probeRuns = await OracleRunner.RunAllAsync(build, _fixture.Dotnet, OracleRunner.Width.Select(c => (OraclePrograms.ProbeName, c)));
        var counts = probeRuns.ToDictionary(r => r.Config, r => OracleRunner.ParseProbe(r.Result.Output).GetValueOrDefault("Vector<int>.Count") ?? "?");
        foreach (var run in probeRuns.Where(r => r.Outcome != Outcome.Clean))
            failures.Add($"the probe failed under {run.Config.Label}:\n{run.Result.Describe(20)}");
        report.Append("\nVector<int>.Count here (the probe):\n");
        foreach (var config in OracleRunner.Width)
            report.Append($"    {config.Switch ?? "(default)",-32} {counts[config]}\n");
        var narrow = OracleRunner.Width.Single(c => c.Switch == WidthPrograms.Narrow);
        var wide = OracleRunner.Width.Single(c => c.Switch == WidthPrograms.Wide);
        if (counts[narrow] != "4")
            failures.Add($"{narrow.Label} gives Vector<int>.Count = {counts[narrow]}, not 4: the switch no longer narrows Vector<T>, and the oracle judges nothing");
        var configs = OracleRunner.Width.ToList();
        if (counts[wide] != "16")
        {
            configs.Remove(wide);
            report.Append($"  SKIPPED: {wide.Label} leaves Vector<int>.Count at {counts[wide]} here (the host has no AVX-512, or the runtime ignores the switch); " +
                "the 16-lane configuration is not run, and what breaks only with 16 lanes is not judged here\n");
        }

        // --- 2. Every width program under every configuration that gives a width.
        var runStopwatch = Stopwatch.StartNew();
        var runs = await OracleRunner.RunAllAsync(build, _fixture.Dotnet, programs.SelectMany(p => configs.Select(c => (p.Name, c))));
        report.Append($"{runs.Count} runs of {programs.Count} width programs in {runStopwatch.Elapsed.TotalSeconds:F1}s\n\n");
        var byProgram = runs.ToLookup(r => r.Program);
        report.Append(DescribeMatrix(build, programs, byProgram, configs, counts));
        report.Append("\nThe width diagnostics (line in Program.cs: message up to the widths it names):\n");
        foreach (var program in programs)
            foreach (var d in build.Diagnostics[program.Name])
                report.Append($"  {program.Name}:{d.Line} {d.Id} {Regex.Replace(d.Message, "; derive buffer sizes.*$", "")}\n");

        // --- 3. The judgement.
        var judged = programs.Select(p => (Program: p,
            Flagged: build.Diagnostics[p.Name].Any(d => d.Id == "CPUID013"),
            Misbehaved: byProgram[p.Name].Any(r => Classify(r).Outcome != WidthOutcome.Clean))).ToList();
        int Count(bool flagged, bool misbehaved) => judged.Count(j => j.Flagged == flagged && j.Misbehaved == misbehaved);
        report.Append($"""

            Confusion table ({judged.Count} width programs; misbehaved = an exception or a wrong result under at least one configuration; flagged = CPUID013):
                               misbehaved   behaved everywhere
                flagged        {Count(true, true),10}   {Count(true, false),10}
                not flagged    {Count(false, true),10}   {Count(false, false),10}

            """);

        var notes = new StringBuilder();
        foreach (var (program, flagged, misbehaved) in judged)
        {
            var name = program.Name;
            var what = string.Join("; ", byProgram[name].OrderBy(r => configs.IndexOf(r.Config)).Select(r => $"{r.Config.Column}: {Classify(r).Detail}"));
            var diagnostics = build.Diagnostics[name];
            if (!flagged && misbehaved)
            {
                if (AllowedMisses.TryGetValue(name, out var why))
                    notes.Append($"  MISS, DOCUMENTED POLICY: {name} misbehaved ({what}) and has no CPUID013: {why}\n");
                else
                    failures.Add($"""
                        ANALYZER MISS: {name} ({program.Title}, meant to be {program.Intent.ToString().ToLowerInvariant()}) has no CPUID013, yet misbehaved: {what}
                          {string.Join("\n  ", byProgram[name].Where(r => Classify(r).Outcome != WidthOutcome.Clean).Select(r => $"{r.Config.Label}: {Excerpt(r.Result)}"))}
                        --- {name}/Program.cs
                        {program.Source}
                        """);
            }
            if (program.Intent == Intent.Correct && diagnostics.Count > 0)
            {
                var ids = string.Join(",", diagnostics.Select(d => d.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal));
                if (AllowedAlarms.TryGetValue(name, out var why))
                    notes.Append($"  ALARM, DOCUMENTED POLICY: {name} is correct ({what}) and got {ids}: {why}\n");
                else
                    failures.Add($"""
                        FALSE ALARM: {name} ({program.Title}) derives its sizes from Vector<T>.Count or uses a fixed-width type, {(misbehaved ? "MISBEHAVED" : "behaved everywhere")} ({what}), and was flagged:
                          {string.Join("\n  ", diagnostics.Select(d => d.RawLine))}
                        --- {name}/Program.cs
                        {program.Source}
                        """);
            }
            if (flagged && !misbehaved && program.Intent == Intent.Broken)
                notes.Append($"  flagged, behaved everywhere here: {name} ({what}): " +
                    (configs.Contains(wide) ? "no width run here reached the bug" : $"it may break only with 16 lanes, which {wide.Label} does not give here") + "\n");
            if (!flagged && !misbehaved && program.Intent == Intent.Broken)
                notes.Append($"  NOTE: {name} is meant to be broken, has no CPUID013 and behaved everywhere here; the CPU could not tell\n");

            // The message names the widths that break the code: say so where the CPU disagrees.
            foreach (var d in diagnostics.Where(d => d.Id == "CPUID013"))
                foreach (var run in byProgram[name])
                {
                    if (!int.TryParse(counts[run.Config], out var count)) continue;
                    var named = Regex.IsMatch(d.Message, $@"but it is (?:[^;]*\D)?{count} (?:without|with)");
                    var broke = Classify(run).Outcome != WidthOutcome.Clean;
                    if (broke && !named)
                        notes.Append($"  NOTE: {name} broke with Vector<int>.Count == {count} ({run.Config.Label}), which its CPUID013 message does not name: {d.Message}\n");
                }

            if (program.MustThrowUnder is { } must && configs.Any(c => c.Switch == must)
                && !byProgram[name].Any(r => r.Config.Switch == must && Classify(r).Outcome != WidthOutcome.Clean))
                failures.Add($"{name} must misbehave under {must} on any host where that switch gives its width, but did not: " +
                    $"the oracle judges nothing.\n{string.Join("\n", byProgram[name].Where(r => r.Config.Switch == must).Select(r => r.Result.Describe(10)))}");
        }
        foreach (var name in AllowedMisses.Keys.Where(n => judged.Any(j => j.Program.Name == n && (j.Flagged || !j.Misbehaved))))
            notes.Append($"  NOTE: {name} is listed as an allowed miss but is now flagged or behaved everywhere: the entry may go\n");
        foreach (var name in AllowedAlarms.Keys.Where(n => judged.Any(j => j.Program.Name == n && build.Diagnostics[n].Count == 0)))
            notes.Append($"  NOTE: {name} is listed as an allowed alarm but is no longer flagged: the entry may go\n");

        report.Append("\nDisagreements and notes:\n").Append(notes.Length == 0 ? "  none\n" : notes.ToString());
        report.Append(failures.Count == 0 ? "  no unexplained disagreement\n" : $"  {failures.Count} FAILURE(S), below\n");
        report.Append($"width oracle total: {stopwatch.Elapsed.TotalSeconds:F1}s (the build is the fixture's, shared with the ISA oracle)\n");

        _output.WriteLine(report.ToString());
        if (failures.Count > 0)
            Fail(string.Join("\n\n", failures) + "\n\n" + report);
    }

    private void Fail(string message) => _fixture.Fail(_output, message);

    /// <summary>What a width program did: clean, a wrong result (its own exit code and line), an exception, or something else.</summary>
    private static (WidthOutcome Outcome, string Detail) Classify(ProgramRun run)
    {
        var result = run.Result;
        if (result.TimedOut) return (WidthOutcome.Failed, "timed out");
        if (result.ExitCode == 0) return (WidthOutcome.Clean, "ok");
        var wrong = Regex.Match(result.Output, @"WRONG RESULT: expected (?<e>-?\d+), got (?<a>-?\d+)");
        if (result.ExitCode == WidthPrograms.WrongResultExitCode && wrong.Success)
            return (WidthOutcome.WrongResult, $"wrong result {wrong.Groups["a"].Value}, not {wrong.Groups["e"].Value}");
        var exception = Regex.Match(result.Output, @"Unhandled exception\. (?<type>[\w.]+)");
        if (exception.Success)
        {
            var inner = Regex.Matches(result.Output, @"---> (?<type>[\w.]+)").Select(m => m.Groups["type"].Value).ToList();
            return (WidthOutcome.Threw, string.Join(" -> ", new[] { exception.Groups["type"].Value }.Concat(inner).Select(t => t.Replace("System.", ""))));
        }
        return (WidthOutcome.Failed, $"exit {result.ExitCode}");
    }

    private static string Excerpt(CliResult result)
    {
        var lines = result.Output.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        var start = lines.FindIndex(l => l.Contains("Exception", StringComparison.Ordinal) || l.StartsWith("WRONG RESULT", StringComparison.Ordinal));
        return string.Join("\n      ", (start < 0 ? lines : lines.Skip(start)).Take(5));
    }

    private static string DescribeMatrix(OracleBuild build, IReadOnlyList<OracleProgram> programs, ILookup<string, ProgramRun> byProgram,
        List<RuntimeConfig> configs, Dictionary<RuntimeConfig, string> counts)
    {
        var nameWidth = programs.Max(p => p.Name.Length) + 2;
        var columns = configs.Select(c => $"{c.Column}({counts[c]})").ToList();
        var text = new StringBuilder("Width programs x configurations, Vector<int>.Count in parentheses ('.' right result, 'W' wrong result, " +
            "'E' exception, '!' failed otherwise):\n");
        text.Append("  ").Append("program".PadRight(nameWidth)).Append("intent   ").Append("CPUID diagnostics".PadRight(20));
        foreach (var c in columns) text.Append(c.PadRight(c.Length + 1));
        text.Append("what happened\n");
        foreach (var program in programs)
        {
            var ids = string.Join(",", build.Diagnostics[program.Name].Select(d => d.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal));
            text.Append("  ").Append(program.Name.PadRight(nameWidth))
                .Append((program.Intent == Intent.Correct ? "correct" : "broken").PadRight(9))
                .Append((ids.Length == 0 ? "-" : ids).PadRight(20));
            var details = new List<string>();
            for (var i = 0; i < configs.Count; i++)
            {
                var run = byProgram[program.Name].FirstOrDefault(r => r.Config == configs[i]);
                var (outcome, detail) = run is null ? (WidthOutcome.Failed, "not run") : Classify(run);
                var mark = run is null ? ' ' : outcome switch { WidthOutcome.Clean => '.', WidthOutcome.WrongResult => 'W', WidthOutcome.Threw => 'E', _ => '!' };
                text.Append(mark).Append(' ', columns[i].Length);
                if (outcome != WidthOutcome.Clean) details.Add($"{configs[i].Column}: {detail}");
            }
            text.Append(string.Join("; ", details)).Append('\n');
        }
        return text.ToString();
    }
}
