using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace CpuidAnalyzers.Matrix;

public enum Outcome { Passed, Failed, Crashed, NotRun, Skipped }

/// <summary>What one configuration gave.</summary>
/// <param name="Detail">For a crash, the first line naming PlatformNotSupportedException; for a failure, the exit code; otherwise the plan's reason.</param>
public sealed record ConfigurationResult(
    PlannedConfiguration Planned, Outcome Outcome, int? ExitCode, TimeSpan Elapsed, string Output, string Detail)
{
    public CpuConfiguration Configuration => Planned.Configuration;

    /// <summary>The outcome as the table shows it.</summary>
    public string Label => Outcome switch
    {
        Outcome.Passed => "passed",
        Outcome.Failed => ExitCode is null ? "FAILED (could not start)" : $"FAILED (exit {ExitCode})",
        Outcome.Crashed => $"CRASHED: PlatformNotSupportedException (exit {ExitCode})",
        Outcome.NotRun => $"not run ({Planned.Reason})",
        _ => "skipped",
    };

    public bool IsFailure => Outcome is Outcome.Failed or Outcome.Crashed;
}

/// <summary>Runs a command once per planned configuration.</summary>
public sealed class MatrixRunner
{
    // The runtime prints "System.PlatformNotSupportedException: message" for an unhandled one; programs
    // and test runners that catch it print the type name followed by ':' as well.
    static readonly Regex Pnse = new(@"(System\.)?PlatformNotSupportedException\b(\s*:|\s*\(|[ \t]*$)", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    public string FileName { get; }
    public IReadOnlyList<string> Arguments { get; }
    public string? WorkingDirectory { get; init; }
    /// <summary>Where progress goes (stderr in the tool); null for none.</summary>
    public TextWriter? Progress { get; init; }
    /// <summary>Also copy the command's output to <see cref="Progress"/>.</summary>
    public bool ShowOutput { get; init; }
    /// <summary>How often a "still running" progress line is printed.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(15);

    public MatrixRunner(string fileName, IReadOnlyList<string> arguments)
    {
        FileName = fileName;
        Arguments = arguments;
    }

    /// <summary>The first line of the output that shows a PlatformNotSupportedException, or null.</summary>
    public static string? FindPlatformNotSupported(string output)
    {
        var m = Pnse.Match(output);
        if (!m.Success) return null;
        int start = output.LastIndexOf('\n', m.Index) + 1;
        int end = output.IndexOf('\n', m.Index);
        return output[start..(end < 0 ? output.Length : end)].Trim();
    }

    /// <summary>Passed, failed or crashed from the exit code and the output.</summary>
    public static (Outcome Outcome, string Detail) Classify(int exitCode, string output)
    {
        // A PlatformNotSupportedException in the output is a crash even when the program caught it and
        // exited 0: an ISA was used where the CPU lacked it.
        var pnse = FindPlatformNotSupported(output);
        if (pnse is not null) return (Outcome.Crashed, pnse);
        return exitCode == 0 ? (Outcome.Passed, "") : (Outcome.Failed, $"exit code {exitCode}");
    }

    public IReadOnlyList<ConfigurationResult> Run(IReadOnlyList<PlannedConfiguration> plan)
    {
        var results = new List<ConfigurationResult>();
        int total = plan.Count(p => p.Kind == PlanKind.Run), n = 0;
        var overall = Stopwatch.StartNew();
        foreach (var p in plan)
        {
            if (p.Kind != PlanKind.Run)
            {
                results.Add(new(p, p.Kind == PlanKind.Skipped ? Outcome.Skipped : Outcome.NotRun, null, TimeSpan.Zero, "", p.Reason));
                continue;
            }
            n++;
            Progress?.WriteLine($"cpuid-matrix: [{n}/{total}] {p.Configuration.Name}{(p.Configuration.Environment.Count == 0 ? "" : " (" + p.Configuration.Switches + ")")}: running; {Format(overall.Elapsed)} elapsed");
            var r = RunOne(p, n, total, overall);
            Progress?.WriteLine($"cpuid-matrix: [{n}/{total}] {p.Configuration.Name}: {r.Label} in {Format(r.Elapsed)}; {Format(overall.Elapsed)} elapsed");
            results.Add(r);
        }
        return results;
    }

    ConfigurationResult RunOne(PlannedConfiguration p, int n, int total, Stopwatch overall)
    {
        var psi = new ProcessStartInfo(FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        if (WorkingDirectory is not null) psi.WorkingDirectory = WorkingDirectory;
        foreach (var a in Arguments) psi.ArgumentList.Add(a);
        // Only the configuration's switches: none inherited from the caller's environment.
        foreach (var key in psi.Environment.Keys.ToList())
            if (Configurations.ManagedSwitchPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
                psi.Environment.Remove(key);
        foreach (var (k, v) in p.Configuration.Environment) psi.Environment[k] = v;

        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (output) output.Append(line).Append('\n');
            if (ShowOutput && Progress is not null) lock (Progress) Progress.WriteLine($"  [{p.Configuration.Name}] {line}");
        }
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new(p, Outcome.Failed, null, watch.Elapsed, e.Message, $"could not start {FileName}: {e.Message}");
        }
        using (process)
        {
            process.OutputDataReceived += (_, e) => OnLine(e.Data);
            process.ErrorDataReceived += (_, e) => OnLine(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            while (!process.WaitForExit(Heartbeat))
                Progress?.WriteLine($"cpuid-matrix: [{n}/{total}] {p.Configuration.Name}: still running, {Format(watch.Elapsed)}; {Format(overall.Elapsed)} elapsed");
            process.WaitForExit(); // drains the output
            watch.Stop();
            string text;
            lock (output) text = output.ToString();
            var (outcome, detail) = Classify(process.ExitCode, text);
            return new(p, outcome, process.ExitCode, watch.Elapsed, text, detail);
        }
    }

    public static string Format(TimeSpan t) =>
        t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" : $"{t.TotalSeconds:0.0}s";
}
