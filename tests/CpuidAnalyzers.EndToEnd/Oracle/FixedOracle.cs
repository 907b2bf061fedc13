using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CpuidAnalyzers.EndToEnd.Infrastructure;

namespace CpuidAnalyzers.EndToEnd.Oracle;

/// <summary>What one fixed program did in one configuration.</summary>
public enum FixedOutcome
{
    Clean,

    /// <summary>A PlatformNotSupportedException thrown by a guard the code fix inserted (see <see cref="FixedOracle.Classify"/>).</summary>
    DeliberateThrow,

    /// <summary>A PlatformNotSupportedException the fix did not put there: an intrinsic's own.</summary>
    IntrinsicThrow,

    /// <summary>Another exception, a crash, a time-out.</summary>
    Failed,
}

/// <summary>
/// Issue 6, part 4: the code fixes, judged by the CPU. The broken programs the analyzer flagged are
/// copied into a solution of their own (the same Directory.Build.props with the PackageReference, the
/// same .editorconfig), fixed by the real `dotnet format analyzers` with CPUID001-CPUID008, rebuilt, and
/// run again under the same switches. Judged: every fixed program compiles; what the run changed and
/// which CPUID diagnostics remain (each with a reason); no fixed program throws a
/// PlatformNotSupportedException the fix did not put there; where the original and the fixed program
/// both run clean they print the same.
/// </summary>
public static class FixedOracle
{
    /// <summary>The rules the command line fixes (docs/code-fixes.md, "From the command line").</summary>
    public static readonly string[] FixedIds = { "CPUID001", "CPUID002", "CPUID003", "CPUID004", "CPUID005", "CPUID006", "CPUID007", "CPUID008" };

    /// <summary>
    /// Tells the fix's own throws apart from an intrinsic's. Measured on .NET 10.0 (linux-x64,
    /// DOTNET_EnableAVX2=0): an unguarded Avx2.Add in code the JIT compiles at tier 0 throws with the top
    /// frame `System.Runtime.Intrinsics.X86.Avx2.Add` (the hidden ThrowHelpers frame is not printed), but
    /// in optimized code (DOTNET_TieredCompilation=0, or a method tiered up after 200000 calls) the JIT
    /// expands the unsupported intrinsic into a throw in the caller: the top frame is then the user's
    /// method (or its caller, when inlined), exactly as for a `throw` the fix inserted, and even the line
    /// numbers of optimized code can point at the neighbouring line. The top frame is therefore not a
    /// sound discriminator. Instead each `new PlatformNotSupportedException()` the fix inserted gets this
    /// message (the only change the test makes to the fixed source; it cannot change what compiles or
    /// which path runs): a PlatformNotSupportedException carrying it comes from a fix's guard, and one
    /// without it (the runtime's "Operation is not supported on this platform.") does not. The top frame
    /// is still printed for every throw, as a cross-check.
    /// </summary>
    public const string GuardTag = "CPUID-E2E: thrown by the code fix's guard #";

    private const string InsertedThrow = "new PlatformNotSupportedException()";

    /// <summary>
    /// Documented: fixed programs whose guard throws where the original ran clean. docs/code-fixes.md
    /// says the inserted guards "throw PlatformNotSupportedException where the class is missing, so
    /// nothing changes at run time except where the exception comes from" and that they "are a starting
    /// point: replace each throw with a fallback". Each entry says why this program is an exception to the first.
    /// </summary>
    private static readonly Dictionary<string, string> NewThrows = new()
    {
        // Empty since issue 20 (part 6): a helper with a wrong check of its own and a fallback is reported, and
        // fixed, at that check (docs/inference.md, 'A helper's own wrong check'), so no inserted guard replaces a fallback.
    };

    /// <summary>
    /// Documented: CPUID001-CPUID008 diagnostics that remain after the fix, and why. (Rules outside that
    /// list get no fix from this run and are listed on their own.)
    /// </summary>
    private static readonly Dictionary<string, string> Leftovers = new()
    {
    };

    public sealed record Result(string Report, TimeSpan Elapsed);

    /// <param name="originalRuns">The oracle's runs of the original programs, by program.</param>
    /// <param name="net10Configs">The net10.0 configurations the originals ran under (the effective ones).</param>
    /// <param name="net8Configs">The net8.0 ones, for the programs that also run on .NET 8.</param>
    public static async Task<Result> JudgeAsync(EndToEndFixture fixture, OracleBuild build, ILookup<string, ProgramRun> originalRuns,
        IReadOnlyList<RuntimeConfig> net10Configs, IReadOnlyList<RuntimeConfig> net8Configs, List<string> failures)
    {
        var total = Stopwatch.StartNew();
        var report = new StringBuilder("\n=== After fixing: `dotnet format analyzers` applied to the flagged broken programs, rebuilt, run again ===\n");
        var programs = build.Programs.Where(p => p.Intent == Intent.Broken && build.IsFlagged(p)).ToList();
        if (programs.Count == 0)
        {
            failures.Add("FIXED ORACLE: no broken program was flagged, so there is nothing to fix: the oracle judges nothing");
            return new Result(report.ToString(), total.Elapsed);
        }
        foreach (var program in programs.Where(p => p.Source.Contains(InsertedThrow, StringComparison.Ordinal)))
            failures.Add($"FIXED ORACLE: {program.Name} already contains '{InsertedThrow}': the fix's guards could not be told apart from it");

        // --- 1. A solution of their own, fixed by the real command line.
        var directory = Path.Combine(fixture.Work, "oracle-fixed-net10.0");
        OracleBuild.WriteNet10Solution(fixture, directory, programs.Select(p => (p.Name, p.Source)));
        var reportDirectory = Path.Combine(directory, "format-report");
        var format = await Cli.RunAsync(fixture.Dotnet,
            new[] { "format", "analyzers", "Programs.slnx", "--diagnostics" }.Concat(FixedIds)
                .Concat(new[] { "--severity", "info", "--verbosity", "detailed", "--report", reportDirectory }),
            directory, fixture.ConsumerEnvironment, TimeSpan.FromMinutes(10));
        report.Append($"$ dotnet format analyzers Programs.slnx --diagnostics {string.Join(' ', FixedIds)} --severity info " +
            $"({programs.Count} programs): exit {format.ExitCode} in {format.Duration.TotalSeconds:F1}s\n");
        if (!format.Succeeded)
        {
            failures.Add($"FIXED ORACLE: dotnet format failed:\n{format.Describe(60)}");
            return new Result(report.ToString(), total.Elapsed);
        }

        // dotnet format must have found the analyzers and the code fixes through the PackageReference:
        // the restore put both assemblies of the package in every project's assets, the report lists
        // the diagnostics it fixed, and it never said that it could not fix one (its messages: "Unable to
        // fix {0}. No associated code fix found.", "... Code fix {1} didn't return a Fix All action.",
        // "Failed to apply code fix {0} for {1}: {2}").
        var fixedByFormat = ReadFormatReport(Path.Combine(reportDirectory, "format-report.json"), directory, failures);
        foreach (var program in programs)
        {
            var assets = Path.Combine(directory, program.Name, "obj", "project.assets.json");
            var text = File.Exists(assets) ? File.ReadAllText(assets) : "";
            foreach (var dll in new[] { "analyzers/dotnet/cs/CpuidAnalyzers.dll", "analyzers/dotnet/cs/CpuidAnalyzers.CodeFixes.dll" })
                if (!text.Contains(dll, StringComparison.Ordinal))
                    failures.Add($"FIXED ORACLE: {program.Name}'s restore ({assets}) has no {dll} from the package: dotnet format cannot have used it");
        }
        foreach (var line in format.Output.Split('\n').Where(l => l.Contains("Unable to fix ", StringComparison.Ordinal) || l.Contains("Failed to apply code fix", StringComparison.Ordinal)))
            failures.Add($"FIXED ORACLE: dotnet format could not apply a fix: {line.Trim()}");
        if (fixedByFormat.Count == 0)
            failures.Add($"FIXED ORACLE: dotnet format reported no fixed diagnostic at all: it did not load the package's analyzers or code fixes\n{format.Describe(40)}");

        // --- 2. What the fix changed; its guards tagged so that their throws can be told apart.
        var fixedSources = new Dictionary<string, string>();
        var changes = new Dictionary<string, (int Added, int Removed, int Guards)>();
        foreach (var program in programs)
        {
            var path = Path.Combine(directory, program.Name, "Program.cs");
            var source = File.ReadAllText(path);
            fixedSources[program.Name] = source;
            var (added, removed) = LineDiff(program.Source, source);
            var guard = 0;
            var tagged = Regex.Replace(source, Regex.Escape(InsertedThrow), _ => $"new PlatformNotSupportedException(\"{GuardTag}{++guard}\")");
            changes[program.Name] = (added, removed, guard);
            File.WriteAllText(path, tagged);
        }
        var changed = programs.Where(p => changes[p.Name].Added + changes[p.Name].Removed > 0).ToList();
        report.Append($"  changed {changed.Count} of {programs.Count} programs (+{changed.Sum(p => changes[p.Name].Added)} -{changed.Sum(p => changes[p.Name].Removed)} lines, " +
            $"{changes.Values.Sum(c => c.Guards)} throwing guards inserted); fixed per the report: " +
            string.Join(", ", fixedByFormat.SelectMany(f => f.Value).GroupBy(id => id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}")) + "\n");

        // --- 3. Rebuild (the format run restored it), and publish the .NET 8 ones self-contained.
        var rebuild = await Cli.RunAsync(fixture.Dotnet,
            new[] { "build", "Programs.slnx", "-c", "Release", "--no-restore" }.Concat(fixture.CommonBuildArguments),
            directory, fixture.ConsumerEnvironment, TimeSpan.FromMinutes(10));
        report.Append($"  rebuilt in {rebuild.Duration.TotalSeconds:F1}s, exit {rebuild.ExitCode}\n");
        var diagnostics = BuildOutput.Diagnostics(rebuild.Output);
        string? ProgramOf(BuildDiagnostic d)
        {
            var relative = Path.GetRelativePath(directory, d.File);
            return relative.StartsWith("..", StringComparison.Ordinal) ? null : relative.Split(Path.DirectorySeparatorChar)[0];
        }
        var remaining = programs.ToDictionary(p => p.Name, p => diagnostics.Where(d => d.Id.StartsWith("CPUID", StringComparison.Ordinal) && ProgramOf(d) == p.Name).ToList());
        var errors = programs.ToDictionary(p => p.Name, p => diagnostics.Where(d => d.Severity == "error" && ProgramOf(d) == p.Name).ToList());
        foreach (var program in programs.Where(p => errors[p.Name].Count > 0))
            failures.Add($"""
                FIX DOES NOT COMPILE: {program.Name} after dotnet format:
                  {string.Join("\n  ", errors[program.Name].Select(d => d.RawLine))}
                --- {program.Name}/Program.cs, as dotnet format left it
                {fixedSources[program.Name]}
                """);
        if (!rebuild.Succeeded && errors.Values.All(e => e.Count == 0))
            failures.Add($"FIXED ORACLE: the rebuild of the fixed programs failed:\n{rebuild.Describe(60)}");

        var net8Directory = Path.Combine(fixture.Work, "oracle-fixed-net8.0-self-contained");
        var net8Output = Path.Combine(net8Directory, "out");
        var onNet8 = programs.Where(p => p.OnNet8 && errors[p.Name].Count == 0).ToList();
        if (onNet8.Count > 0 && net8Configs.Count > 0)
        {
            OracleBuild.WriteNet8Solution(net8Directory, onNet8.Select(p => (p.Name, File.ReadAllText(Path.Combine(directory, p.Name, "Program.cs")))));
            var publish = await Cli.RunAsync(fixture.Dotnet,
                new[] { "publish", "Programs.slnx", "-c", "Release", $"-p:PublishDir={net8Output}{Path.DirectorySeparatorChar}" }.Concat(fixture.CommonBuildArguments),
                net8Directory, fixture.ConsumerEnvironment, TimeSpan.FromMinutes(10));
            report.Append($"  {onNet8.Count} of them published self-contained for net8.0 in {publish.Duration.TotalSeconds:F1}s, exit {publish.ExitCode}\n");
            if (!publish.Succeeded)
            {
                failures.Add($"FIXED ORACLE: the net8.0 publish of the fixed programs failed:\n{publish.Describe(60)}");
                onNet8.Clear();
            }
        }

        // --- 4. Run them under the switches the originals ran under.
        string Net10Dll(string name) => Path.Combine(directory, name, "bin", "Release", "net10.0", name + ".dll");
        var runnable = programs.Where(p => errors[p.Name].Count == 0 && File.Exists(Net10Dll(p.Name))).ToList();
        var work = runnable.SelectMany(p => net10Configs.Select(c => (p.Name, c)))
            .Concat(onNet8.SelectMany(p => net8Configs.Select(c => (p.Name, c))))
            .ToList();
        var runStopwatch = Stopwatch.StartNew();
        var runs = await OracleRunner.RunAllAsync(work, item => OracleRunner.RunAsync(
            Net10Dll,
            name => Path.Combine(net8Output, name),
            directory, net8Output, fixture.Dotnet, item.Program, item.Config));
        report.Append($"  {runs.Count} runs in {runStopwatch.Elapsed.TotalSeconds:F1}s\n");
        var fixedRuns = runs.ToLookup(r => r.Program);

        // --- 5. The judgement.
        var notes = new StringBuilder();
        int deliberate = 0, deliberateInUserFrame = 0, intrinsic = 0, intrinsicInIntrinsicsFrame = 0;
        foreach (var program in programs)
        {
            var name = program.Name;
            var source = fixedSources[name];
            var newThrows = new List<(ProgramRun Fixed, ProgramRun Original, string Detail)>();
            foreach (var run in fixedRuns[name].OrderBy(r => r.Config.Label, StringComparer.Ordinal))
            {
                var (outcome, detail) = Classify(run.Result);
                var original = originalRuns[name].FirstOrDefault(r => r.Config == run.Config);
                var before = original?.Outcome.ToString() ?? "not run";
                var topFrame = TopFrame(run.Result.Output);
                if (outcome == FixedOutcome.DeliberateThrow)
                {
                    deliberate++;
                    if (!topFrame.StartsWith("System.Runtime.Intrinsics.", StringComparison.Ordinal)) deliberateInUserFrame++;
                }
                if (outcome == FixedOutcome.IntrinsicThrow)
                {
                    intrinsic++;
                    if (topFrame.StartsWith("System.Runtime.Intrinsics.", StringComparison.Ordinal)) intrinsicInIntrinsicsFrame++;
                }
                switch (outcome)
                {
                    case FixedOutcome.IntrinsicThrow:
                    case FixedOutcome.Failed:
                        failures.Add($"""
                            FIXED PROGRAM {(outcome == FixedOutcome.IntrinsicThrow ? "THREW A PlatformNotSupportedException THE FIX DID NOT PUT THERE" : "FAILED")}: {name} under {run.Config.Label}
                              before the fix: {before}; after: {outcome} ({detail}; top frame {topFrame})
                              {Excerpt(run.Result)}
                            --- {name}/Program.cs, as dotnet format left it
                            {source}
                            """);
                        break;
                    case FixedOutcome.DeliberateThrow when original?.Outcome == Outcome.Clean:
                        newThrows.Add((run, original, detail));
                        break;
                    case FixedOutcome.Clean when original?.Outcome == Outcome.Clean && Normalize(original.Result.Output) != Normalize(run.Result.Output):
                        failures.Add($"""
                            FIX CHANGED THE RESULT: {name} under {run.Config.Label} ran clean before and after the fix, but prints something else:
                              before: {original.Result.Output.Trim()}
                              after:  {run.Result.Output.Trim()}
                            --- {name}/Program.cs, as dotnet format left it
                            {source}
                            """);
                        break;
                }
            }

            // Throws of the fix's guards where the original ran clean: one entry per program, with every such configuration.
            if (newThrows.Count > 0)
            {
                var where = string.Join(", ", newThrows.Select(t => $"{t.Fixed.Config.Label} ({t.Detail})"));
                if (NewThrows.TryGetValue(name, out var why))
                    notes.Append($"  NEW THROW, DOCUMENTED: {name}: the fix's guard throws where the original ran clean, under {where}: {why}\n");
                else
                    failures.Add($"""
                        FIX MADE A PROGRAM THROW: {name} ran clean before the fix, and the fix's guard throws after it, under {where}.
                        docs/code-fixes.md says the inserted guards change nothing at run time except where the exception comes from.
                          before ({newThrows[0].Fixed.Config.Label}): {newThrows[0].Original.Result.Output.Trim()}
                          after:  {Excerpt(newThrows[0].Fixed.Result)}
                        --- {name}/Program.cs, as dotnet format left it
                        {source}
                        """);
            }

            // What remains flagged, each with a reason.
            var left = remaining[name].Select(d => d.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal).ToList();
            foreach (var id in left.Where(i => !FixedIds.Contains(i)))
                notes.Append($"  LEFT, NOT IN THE RUN: {name} still has {id}: the run fixes only {FixedIds[0]}-{FixedIds[^1]} " +
                    $"({string.Join("; ", remaining[name].Where(d => d.Id == id).Select(d => $"line {d.Line}: {d.Message}"))})\n");
            var fixable = left.Where(i => FixedIds.Contains(i)).ToList();
            if (fixable.Count > 0)
            {
                var lines = string.Join("\n  ", remaining[name].Where(d => fixable.Contains(d.Id)).Select(d => d.RawLine));
                if (Leftovers.TryGetValue(name, out var why))
                    notes.Append($"  LEFT, DOCUMENTED: {name} still has {string.Join(",", fixable)} after the fix: {why}\n    {lines}\n");
                else
                    failures.Add($"""
                        FIX LEFT A DIAGNOSTIC: {name} still has {string.Join(",", fixable)} after dotnet format{(changes[name].Added + changes[name].Removed == 0 ? " (which changed nothing in it)" : "")}:
                          {lines}
                        --- {name}/Program.cs, as dotnet format left it
                        {source}
                        """);
            }
            else if (changes[name].Added + changes[name].Removed == 0 && left.Count == 0)
                failures.Add($"FIXED ORACLE: dotnet format changed nothing in {name}, yet no diagnostic remains: the build before and after disagree");
        }
        foreach (var name in NewThrows.Keys.Where(n => !fixedRuns[n].Any(r => Classify(r.Result).Outcome == FixedOutcome.DeliberateThrow
                     && originalRuns[n].Any(o => o.Config == r.Config && o.Outcome == Outcome.Clean))))
            notes.Append($"  NOTE: {name} is listed as a documented new throw but no longer throws where the original ran clean: the entry may go\n");
        foreach (var name in Leftovers.Keys.Where(n => !remaining.TryGetValue(n, out var d) || !d.Any(x => FixedIds.Contains(x.Id))))
            notes.Append($"  NOTE: {name} is listed as a documented leftover but no CPUID001-008 diagnostic remains: the entry may go\n");

        // The discriminator on the originals' own throws, which no fix touched: none may carry the tag,
        // and the report says how many had the top frame the brief expected (true at tier 0 only, see GuardTag).
        var originalThrows = programs.SelectMany(p => originalRuns[p.Name]).Where(r => r.Outcome == Outcome.ThrewPlatformNotSupported).ToList();
        foreach (var run in originalThrows.Where(r => Classify(r.Result).Outcome != FixedOutcome.IntrinsicThrow))
            failures.Add($"FIXED ORACLE: the discriminator takes {run.Program}'s original throw under {run.Config.Label} for a fix's guard:\n{run.Result.Describe(10)}");
        var originalInIntrinsics = originalThrows.Count(r => TopFrame(r.Result.Output).StartsWith("System.Runtime.Intrinsics.", StringComparison.Ordinal));

        report.Append(DescribeMatrix(programs, build, remaining, changes, fixedRuns, originalRuns, net10Configs.Concat(net8Configs).ToList()));
        report.Append($"""
              Discriminator (the guard's tag decides; the top frame is a cross-check): after fixing, {deliberate} throws of the fix's guards
              ({deliberateInUserFrame} with the top frame in user code) and {intrinsic} other PlatformNotSupportedExceptions ({intrinsicInIntrinsicsFrame} with the top
              frame in System.Runtime.Intrinsics.); before fixing, {originalThrows.Count} intrinsic throws of these programs, none tagged,
              {originalInIntrinsics} with the top frame in System.Runtime.Intrinsics.

            """);
        report.Append("After fixing, notes:\n").Append(notes.Length == 0 ? "  none\n" : notes.ToString());
        report.Append($"fixed oracle added {total.Elapsed.TotalSeconds:F1}s (format {format.Duration.TotalSeconds:F1}s, rebuild {rebuild.Duration.TotalSeconds:F1}s, runs {runStopwatch.Elapsed.TotalSeconds:F1}s)\n");
        return new Result(report.ToString(), total.Elapsed);
    }

    /// <summary>What a fixed program's run did, and a short detail (which guard threw, or the exception).</summary>
    public static (FixedOutcome Outcome, string Detail) Classify(CliResult result)
    {
        if (result.TimedOut) return (FixedOutcome.Failed, "timed out");
        if (result.ExitCode == 0) return (FixedOutcome.Clean, "exit 0");
        var messages = Regex.Matches(result.Output, @"System\.PlatformNotSupportedException: (?<message>[^\n]*)").Select(m => m.Groups["message"].Value.Trim()).ToList();
        if (messages.Count == 0)
        {
            var exception = Regex.Match(result.Output, @"Unhandled exception\. (?<type>[\w.]+)");
            return (FixedOutcome.Failed, exception.Success ? exception.Groups["type"].Value : $"exit {result.ExitCode}");
        }
        if (messages.All(m => m.StartsWith(GuardTag, StringComparison.Ordinal)))
            return (FixedOutcome.DeliberateThrow, "guard #" + messages[0][GuardTag.Length..].TrimEnd('.'));
        return (FixedOutcome.IntrinsicThrow, "PlatformNotSupportedException: " + messages.First(m => !m.StartsWith(GuardTag, StringComparison.Ordinal)));
    }

    /// <summary>The first "at ..." frame of the output: the method that threw, as the runtime prints it.</summary>
    private static string TopFrame(string output)
    {
        var frame = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at ", StringComparison.Ordinal));
        return frame is null ? "(none)" : frame[3..];
    }

    private static string Excerpt(CliResult result)
    {
        var lines = result.Output.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        var start = lines.FindIndex(l => l.Contains("Exception", StringComparison.Ordinal));
        return string.Join("\n      ", (start < 0 ? lines : lines.Skip(start)).Take(6));
    }

    private static string Normalize(string output) => output.Replace("\r\n", "\n").Trim();

    /// <summary>The "Program.cs → diagnostic IDs fixed" of dotnet format's JSON report, by program folder.</summary>
    private static Dictionary<string, List<string>> ReadFormatReport(string path, string directory, List<string> failures)
    {
        var result = new Dictionary<string, List<string>>();
        if (!File.Exists(path))
        {
            failures.Add($"FIXED ORACLE: dotnet format wrote no report at {path}");
            return result;
        }
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var document in json.RootElement.EnumerateArray())
        {
            var file = document.GetProperty("FilePath").GetString() ?? "";
            var program = Path.GetRelativePath(directory, file).Split(Path.DirectorySeparatorChar)[0];
            var ids = document.GetProperty("FileChanges").EnumerateArray().Select(c => c.GetProperty("DiagnosticId").GetString() ?? "").ToList();
            if (!result.TryGetValue(program, out var list)) result[program] = list = new List<string>();
            list.AddRange(ids);
        }
        return result;
    }

    /// <summary>Lines added and removed between two texts (a longest-common-subsequence diff; the programs are small).</summary>
    public static (int Added, int Removed) LineDiff(string before, string after)
    {
        var a = before.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        var b = after.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        return (b.Length - lcs[0, 0], a.Length - lcs[0, 0]);
    }

    private static string DescribeMatrix(IReadOnlyList<OracleProgram> programs, OracleBuild build, Dictionary<string, List<BuildDiagnostic>> remaining,
        Dictionary<string, (int Added, int Removed, int Guards)> changes, ILookup<string, ProgramRun> fixedRuns, ILookup<string, ProgramRun> originalRuns,
        IReadOnlyList<RuntimeConfig> columns)
    {
        static string Ids(IEnumerable<BuildDiagnostic> d) => string.Join(",", d.Select(x => x.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal)) is { Length: > 0 } s ? s : "-";
        var nameWidth = programs.Max(p => p.Name.Length) + 2;
        var text = new StringBuilder("""

            After fixing, programs x configurations ('.' clean, 'D' the fix's guard threw where the original threw too,
            'N' the fix's guard threw where the original ran clean, 'X' a PlatformNotSupportedException the fix did not put there,
            '!' failed otherwise, ' ' not run):

            """);
        text.Append("  ").Append("program".PadRight(nameWidth)).Append("before".PadRight(10)).Append("changed".PadRight(10))
            .Append("after".PadRight(10));
        foreach (var c in columns) text.Append(c.Column.PadRight(c.Column.Length + 1));
        text.Append('\n');
        var marks = new Dictionary<char, int>();
        foreach (var program in programs)
        {
            var (added, removed, _) = changes[program.Name];
            text.Append("  ").Append(program.Name.PadRight(nameWidth))
                .Append(Ids(build.Diagnostics[program.Name]).PadRight(10))
                .Append((added + removed == 0 ? "no" : $"+{added} -{removed}").PadRight(10))
                .Append(Ids(remaining[program.Name]).PadRight(10));
            foreach (var c in columns)
            {
                var run = fixedRuns[program.Name].FirstOrDefault(r => r.Config == c);
                var mark = run is null ? ' ' : Classify(run.Result).Outcome switch
                {
                    FixedOutcome.Clean => '.',
                    FixedOutcome.DeliberateThrow => originalRuns[program.Name].Any(o => o.Config == c && o.Outcome == Outcome.Clean) ? 'N' : 'D',
                    FixedOutcome.IntrinsicThrow => 'X',
                    _ => '!',
                };
                text.Append(mark).Append(' ', c.Column.Length);
                if (run is not null) marks[mark] = marks.GetValueOrDefault(mark) + 1;
            }
            text.Append('\n');
        }
        var before = programs.SelectMany(p => originalRuns[p.Name]).Where(r => columns.Contains(r.Config)).ToList();
        text.Append($"  {before.Count} runs before the fix: {before.Count(r => r.Outcome == Outcome.ThrewPlatformNotSupported)} threw PlatformNotSupportedException, " +
            $"{before.Count(r => r.Outcome == Outcome.Clean)} clean; {marks.Values.Sum()} after: " +
            string.Join(", ", new[] { ('.', "clean"), ('D', "D"), ('N', "N"), ('X', "X"), ('!', "!") }.Select(m => $"{marks.GetValueOrDefault(m.Item1)} {m.Item2}")) + "\n");
        return text.ToString();
    }
}
