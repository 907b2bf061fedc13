using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace CpuidAnalyzers.Matrix;

/// <summary>The console table, the Markdown + JSON report and the JUnit summary.</summary>
public static class Reports
{
    /// <summary>The table printed at the end of a run, then skip reasons and the output of each failure.</summary>
    public static string Table(IReadOnlyList<ConfigurationResult> results, HostCpu host, int tailLines = 15)
    {
        var rows = results.Select(r => new[]
        {
            r.Configuration.Name,
            r.Configuration.Switches,
            r.Label,
            r.Ran ? MatrixRunner.Format(r.Elapsed) : "-",
            StandsFor(r.Configuration, host),
        }).ToList();
        var header = new[] { "configuration", "switches", "outcome", "time", "stands for" };
        var widths = Enumerable.Range(0, header.Length - 1)
            .Select(i => Math.Max(header[i].Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        var sb = new StringBuilder();
        void Line(string[] cells) =>
            sb.Append(string.Join("  ", cells.Take(widths.Length).Select((c, i) => c.PadRight(widths[i])))).Append("  ").Append(cells[^1]).Append('\n');
        Line(header);
        Line(widths.Select(w => new string('-', w)).Append("----------").ToArray());
        foreach (var r in rows) Line(r);

        var skipped = results.Where(r => r.Outcome == Outcome.Skipped).ToList();
        if (skipped.Count > 0)
        {
            sb.Append("\nSkipped:\n");
            foreach (var r in skipped) sb.Append($"  {r.Configuration.Name}: {r.Planned.Reason}\n");
        }
        foreach (var r in results.Where(r => r.IsFailure))
        {
            sb.Append($"\n{r.Configuration.Name} ({r.Configuration.Switches}): {r.Label}\n");
            if (r.Outcome == Outcome.Crashed) sb.Append($"  first PlatformNotSupportedException line: {r.Detail}\n");
            var lines = r.Output.TrimEnd('\n').Split('\n');
            sb.Append($"  last {Math.Min(tailLines, lines.Length)} lines of output:\n");
            foreach (var l in lines.Skip(Math.Max(0, lines.Length - tailLines))) sb.Append("  | ").Append(l).Append('\n');
        }
        sb.Append(Provenance(results));
        int ran = results.Count(r => r.Ran);
        int timedOut = results.Count(r => r.Outcome == Outcome.TimedOut);
        sb.Append($"\n{results.Count(r => r.Outcome == Outcome.Passed)} passed, {results.Count(r => r.Outcome == Outcome.Failed)} failed, "
            + $"{results.Count(r => r.Outcome == Outcome.Crashed)} crashed, " + (timedOut > 0 ? $"{timedOut} timed out, " : "")
            + $"{results.Count(r => r.Outcome == Outcome.NotRun)} not run, "
            + $"{skipped.Count} skipped ({ran} of {results.Count} configurations ran)\n");
        return sb.ToString();
    }

    /// <summary>
    /// Which configurations ran under a real (emulated) CPU model and which were only approximated by
    /// runtime switches on this machine's CPU, and what qemu's TCG could not give of each model.
    /// </summary>
    public static string Provenance(IReadOnlyList<ConfigurationResult> results)
    {
        var ran = results.Where(r => r.Ran).ToList();
        var emulated = ran.Where(r => r.Configuration.IsEmulated).ToList();
        var sb = new StringBuilder();
        if (emulated.Count == 0 && !results.Any(r => r.Configuration.IsEmulated)) return "";
        sb.Append('\n');
        sb.Append("Emulated (qemu-x86_64 -cpu MODEL: the model's own CPUID): ")
          .Append(emulated.Count == 0 ? "none" : string.Join(", ", emulated.Select(r => r.Configuration.EmulatedModel))).Append('\n');
        var approximated = ran.Where(r => !r.Configuration.IsEmulated && r.Configuration.Name != "host").Select(r => r.Configuration.Name).ToList();
        sb.Append("Approximated by runtime switches on this machine's CPU: ")
          .Append(approximated.Count == 0 ? "none" : string.Join(", ", approximated)).Append('\n');
        foreach (var r in emulated.Where(r => r.TcgMissing is { Count: > 0 }))
            sb.Append($"  qemu TCG lacks, of {r.Configuration.EmulatedModel}: {string.Join(" ", r.TcgMissing!)} (ran without them)\n");
        return sb.ToString();
    }

    public static string StandsFor(CpuConfiguration c, HostCpu host) => c.Name == "host" ? host.Describe() : c.CpuModels;

    /// <summary>0 when every configuration that ran passed; 1 when any failed or crashed.</summary>
    public static int ExitCode(IReadOnlyList<ConfigurationResult> results) => results.Any(r => r.IsFailure) ? 1 : 0;

    /// <summary>Writes the Markdown report and its JSON sibling (same path, .json).</summary>
    public static void WriteReport(string markdownPath, IReadOnlyList<AssemblyIsas> assemblies,
        IReadOnlyList<ConfigurationResult>? results, HostCpu host)
    {
        var union = assemblies.SelectMany(a => a.Isas).Distinct().OrderBy(i => i, StringComparer.Ordinal).ToList();
        var overall = Planner.LowestLevel(union);
        var md = new StringBuilder();
        md.Append("# CPU requirements (cpuid-matrix)\n\n");
        md.Append("What each assembly names from `System.Runtime.Intrinsics` (read from its metadata: the classes it references, ");
        md.Append("not whether each use is guarded), and the lowest x86-64 level on which every one of them is available.\n\n");
        md.Append($"All assemblies together: **{overall.Level}** — {overall.CpuModels}");
        if (overall.Blocking.Count > 0) md.Append($" (needed for {string.Join(", ", overall.Blocking.Select(Planner.Pretty))})");
        md.Append("\n\n| assembly | ISA classes and vector types named | lowest level with all of them | CPU models |\n|---|---|---|---|\n");
        foreach (var a in assemblies)
        {
            var level = Planner.LowestLevel(a.Isas);
            string named = a.Isas.Count == 0 ? "(none)" : string.Join(", ", a.Isas.Select(i => "`" + Planner.Pretty(i) + "`"));
            md.Append($"| {a.Name} | {named} | {level.Level} | {Escape(level.CpuModels)} |\n");
        }
        if (results is not null)
        {
            md.Append("\n## What the run showed\n\n");
            var failed = results.Where(r => r.IsFailure).ToList();
            var passedRungs = Configurations.Ladder.Where(n => results.Any(r => r.Configuration.Name == n && r.Outcome == Outcome.Passed)).ToList();
            md.Append(failed.Count == 0
                ? "Every configuration that ran passed.\n"
                : $"Failed or crashed under: {string.Join(", ", failed.Select(r => $"**{r.Configuration.Name}** ({Escape(r.Label)}; {Escape(StandsFor(r.Configuration, host))})"))}.\n");
            var runRungs = Configurations.Ladder.Where(n => results.Any(r => r.Configuration.Name == n && r.Ran)).ToList();
            if (runRungs.Count > 0)
            {
                // The ladder runs from no-intrinsics up: the lowest rung from which every rung that ran, up to the top, passed.
                string? lowest = null;
                foreach (var n in Enumerable.Reverse(runRungs))
                {
                    if (!passedRungs.Contains(n)) break;
                    lowest = n;
                }
                md.Append(lowest is null
                    ? $"Lowest rung that passed: none of the rungs that ran ({string.Join(", ", runRungs)}) passed with everything above it.\n"
                    : $"Lowest rung that passed (with every rung above it that ran): **{lowest}** — {Escape(Configurations.Find(lowest)!.CpuModels)}.\n");
                var slowest = results.Where(r => r.Ran && r.Configuration.Name == runRungs[0]).FirstOrDefault();
                if (slowest is not null)
                    md.Append($"Slowest path: taken under **{slowest.Configuration.Name}** ({Escape(slowest.Configuration.CpuModels)}), outcome {Escape(slowest.Label)}.\n");
            }
            var emulated = results.Where(r => r.Configuration.IsEmulated && r.Ran).ToList();
            if (emulated.Count > 0)
            {
                md.Append($"\nEmulated CPU models (qemu-x86_64): {string.Join(", ", emulated.Select(r => $"{r.Configuration.EmulatedModel} ({Escape(r.Label)})"))}. ");
                md.Append("Every other row was approximated by runtime switches on this machine's CPU.\n");
                foreach (var r in emulated.Where(r => r.TcgMissing is { Count: > 0 }))
                    md.Append($"- qemu TCG lacks, of {r.Configuration.EmulatedModel}: {string.Join(" ", r.TcgMissing!)}\n");
            }
            md.Append("\n## Matrix run\n\n| configuration | switches | outcome | time | stands for |\n|---|---|---|---|---|\n");
            foreach (var r in results)
                md.Append($"| {r.Configuration.Name} | `{r.Configuration.Switches}` | {Escape(r.Outcome == Outcome.Skipped ? "skipped: " + r.Planned.Reason : r.Label)} | "
                    + $"{(r.Ran ? MatrixRunner.Format(r.Elapsed) : "-")} | {Escape(StandsFor(r.Configuration, host))} |\n");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(markdownPath))!);
        File.WriteAllText(markdownPath, md.ToString());

        var json = new
        {
            lowestLevel = overall.Level,
            cpuModels = overall.CpuModels,
            needsAboveV3 = overall.Blocking,
            assemblies = assemblies.Select(a =>
            {
                var level = Planner.LowestLevel(a.Isas);
                return new { name = a.Name, path = a.Path, isas = a.Isas, lowestLevel = level.Level, cpuModels = level.CpuModels };
            }),
            results = results?.Select(r => new
            {
                configuration = r.Configuration.Name,
                environment = r.Configuration.Environment,
                emulatedModel = r.Configuration.EmulatedModel,
                tcgMissing = r.TcgMissing,
                outcome = r.Outcome.ToString().ToLowerInvariant(),
                label = r.Outcome == Outcome.Skipped ? "skipped: " + r.Planned.Reason : r.Label,
                exitCode = r.ExitCode,
                seconds = Math.Round(r.Elapsed.TotalSeconds, 2),
                standsFor = StandsFor(r.Configuration, host),
            }),
        };
        File.WriteAllText(Path.ChangeExtension(markdownPath, ".json"),
            JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
    }

    static string Escape(string s) => s.Replace("|", "\\|").Replace("<", "&lt;");

    /// <summary>A JUnit-style summary: one testcase per configuration.</summary>
    public static void WriteJUnit(string path, IReadOnlyList<ConfigurationResult> results, HostCpu host)
    {
        var cases = results.Select(r =>
        {
            var tc = new XElement("testcase",
                new XAttribute("classname", "cpuid-matrix"),
                new XAttribute("name", r.Configuration.Name),
                new XAttribute("time", r.Elapsed.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)),
                new XElement("properties",
                    new XElement("property", new XAttribute("name", "switches"), new XAttribute("value", r.Configuration.Switches)),
                    new XElement("property", new XAttribute("name", "standsFor"), new XAttribute("value", StandsFor(r.Configuration, host)))));
            switch (r.Outcome)
            {
                case Outcome.Failed:
                case Outcome.TimedOut:
                    tc.Add(new XElement("failure", new XAttribute("message", r.Label), Clean(r.Output)));
                    break;
                case Outcome.Crashed:
                    tc.Add(new XElement("error", new XAttribute("message", r.Detail), new XAttribute("type", "System.PlatformNotSupportedException"), Clean(r.Output)));
                    break;
                case Outcome.NotRun:
                case Outcome.Skipped:
                    tc.Add(new XElement("skipped", new XAttribute("message", r.Outcome == Outcome.Skipped ? "skipped: " + r.Planned.Reason : r.Label)));
                    break;
            }
            if (r.Outcome == Outcome.Passed) tc.Add(new XElement("system-out", Clean(r.Output)));
            return tc;
        }).ToList();
        var suite = new XElement("testsuite",
            new XAttribute("name", "cpuid-matrix"),
            new XAttribute("tests", results.Count),
            new XAttribute("failures", results.Count(r => r.Outcome is Outcome.Failed or Outcome.TimedOut)),
            new XAttribute("errors", results.Count(r => r.Outcome == Outcome.Crashed)),
            new XAttribute("skipped", results.Count(r => r.Outcome is Outcome.Skipped or Outcome.NotRun)),
            new XAttribute("time", results.Sum(r => r.Elapsed.TotalSeconds).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)),
            cases);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        new XDocument(new XElement("testsuites", suite)).Save(path);
    }

    // XML 1.0 cannot hold most control characters (ANSI colour codes in test output).
    static string Clean(string s) => new(s.Where(ch => ch is '\n' or '\r' or '\t' || (ch >= ' ' && ch != '\uFFFE' && ch != '\uFFFF' && !char.IsSurrogate(ch))).ToArray());
}
