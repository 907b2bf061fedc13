using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace CpuidAnalyzers.Matrix;

public enum Outcome { Passed, Failed, Crashed, TimedOut, NotRun, Skipped }

/// <summary>What one configuration gave.</summary>
/// <param name="Detail">For a crash, the first line naming PlatformNotSupportedException; for a failure, the exit code; otherwise the plan's reason.</param>
/// <param name="TcgMissing">Under --emulate: the features of the model qemu's TCG warned it does not give (the program ran without them).</param>
public sealed record ConfigurationResult(
    PlannedConfiguration Planned, Outcome Outcome, int? ExitCode, TimeSpan Elapsed, string Output, string Detail,
    IReadOnlyList<string>? TcgMissing = null)
{
    public CpuConfiguration Configuration => Planned.Configuration;

    /// <summary>The outcome as the table shows it.</summary>
    public string Label => Outcome switch
    {
        Outcome.Passed => "passed",
        Outcome.Failed => ExitCode is null ? "FAILED (could not start)" : $"FAILED (exit {ExitCode})",
        Outcome.Crashed => $"CRASHED: PlatformNotSupportedException (exit {ExitCode})",
        Outcome.TimedOut => $"TIMED OUT ({Detail})",
        Outcome.NotRun => $"not run ({Planned.Reason})",
        _ => "skipped",
    };

    public bool IsFailure => Outcome is Outcome.Failed or Outcome.Crashed or Outcome.TimedOut;

    /// <summary>Whether the command was started (passed, failed, crashed or timed out).</summary>
    public bool Ran => Outcome is Outcome.Passed or Outcome.Failed or Outcome.Crashed or Outcome.TimedOut;
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
    /// <summary>How many configurations run at once (-j).</summary>
    public int Parallelism { get; init; } = 1;
    /// <summary>Per configuration: past this the process tree is killed and the run reported as timed out (null: no limit).</summary>
    public TimeSpan? Timeout { get; init; }
    /// <summary>The qemu-x86_64 executable for emulated configurations (null: they fail to start).</summary>
    public string? Qemu { get; init; }

    // qemu-x86_64: warning: TCG doesn't support requested feature: CPUID.07H:EBX.avx512f [bit 16]
    static readonly Regex TcgWarning = new(@"TCG doesn't support requested feature: CPUID\.[0-9A-Fa-f]+H:[A-Z]+\.(?<feature>[\w.-]+) \[bit", RegexOptions.CultureInvariant);

    /// <summary>The features qemu's TCG warned about, distinct, in the order first seen.</summary>
    public static IReadOnlyList<string> FindTcgMissing(string output) =>
        TcgWarning.Matches(output).Select(m => m.Groups["feature"].Value).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The command's program as qemu-x86_64 needs it: a file path with the symbolic links followed
    /// (/usr/bin/dotnet is a link to /usr/share/dotnet/dotnet), looked up in PATH when it has no '/'.
    /// </summary>
    public static string ResolveProgram(string fileName)
    {
        string? path = null;
        if (fileName.Contains('/')) path = Path.GetFullPath(fileName);
        else
            foreach (var dir in (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(dir, fileName);
                if (File.Exists(candidate)) { path = candidate; break; }
            }
        if (path is null || !File.Exists(path)) return fileName;
        var target = File.ResolveLinkTarget(path, returnFinalTarget: true);
        return target?.FullName ?? path;
    }

    /// <summary>qemu-x86_64 in PATH, or null.</summary>
    public static string? FindQemu()
    {
        var resolved = ResolveProgram("qemu-x86_64");
        return resolved.Contains('/') ? resolved : null;
    }

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
        var results = new ConfigurationResult?[plan.Count];
        int total = plan.Count(p => p.Kind == PlanKind.Run), started = 0;
        var overall = Stopwatch.StartNew();
        var toRun = new List<int>();
        for (int i = 0; i < plan.Count; i++)
        {
            var p = plan[i];
            if (p.Kind == PlanKind.Run) toRun.Add(i);
            else results[i] = new(p, p.Kind == PlanKind.Skipped ? Outcome.Skipped : Outcome.NotRun, null, TimeSpan.Zero, "", p.Reason);
        }
        void RunAt(int i)
        {
            var p = plan[i];
            int n = Interlocked.Increment(ref started);
            Say($"cpuid-matrix: [{n}/{total}] {p.Configuration.Name}{(p.Configuration.Environment.Count == 0 && !p.Configuration.IsEmulated ? "" : " (" + p.Configuration.Switches + ")")}: running; {Format(overall.Elapsed)} elapsed");
            var r = RunOne(p, n, total, overall);
            Say($"cpuid-matrix: [{n}/{total}] {p.Configuration.Name}: {r.Label} in {Format(r.Elapsed)}; {Format(overall.Elapsed)} elapsed");
            results[i] = r;
        }
        if (Parallelism <= 1)
            foreach (var i in toRun) RunAt(i);
        else
        {
            // Workers take the configurations in table order, so the first ones start first.
            int next = -1;
            var workers = Enumerable.Range(0, Math.Min(Parallelism, toRun.Count)).Select(_ => new Thread(() =>
            {
                for (int k; (k = Interlocked.Increment(ref next)) < toRun.Count;) RunAt(toRun[k]);
            })).ToList();
            foreach (var w in workers) w.Start();
            foreach (var w in workers) w.Join();
        }
        return results.Select(r => r!).ToList();
    }

    void Say(string line)
    {
        if (Progress is null) return;
        lock (Progress) Progress.WriteLine(line);
    }

    ConfigurationResult RunOne(PlannedConfiguration p, int n, int total, Stopwatch overall)
    {
        bool emulated = p.Configuration.IsEmulated;
        if (emulated && Qemu is null)
            return new(p, Outcome.Failed, null, TimeSpan.Zero, "", "qemu-x86_64 not found");
        var psi = new ProcessStartInfo(emulated ? Qemu! : FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        if (WorkingDirectory is not null) psi.WorkingDirectory = WorkingDirectory;
        if (emulated)
        {
            psi.ArgumentList.Add("-cpu");
            psi.ArgumentList.Add(p.Configuration.EmulatedModel!);
            psi.ArgumentList.Add(ResolveProgram(FileName));
        }
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
            if (ShowOutput) Say($"  [{p.Configuration.Name}] {line}");
        }
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new(p, Outcome.Failed, null, watch.Elapsed, e.Message, $"could not start {psi.FileName}: {e.Message}");
        }
        using (process)
        {
            process.OutputDataReceived += (_, e) => OnLine(e.Data);
            process.ErrorDataReceived += (_, e) => OnLine(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            bool timedOut = false;
            while (true)
            {
                var wait = Heartbeat;
                if (Timeout is { } limit)
                {
                    var left = limit - watch.Elapsed;
                    if (left <= TimeSpan.Zero)
                    {
                        timedOut = true;
                        break;
                    }
                    if (left < wait) wait = left;
                }
                if (process.WaitForExit(wait)) break;
                if (Timeout is null || watch.Elapsed < Timeout)
                    Say($"cpuid-matrix: [{n}/{total}] {p.Configuration.Name}: still running, {Format(watch.Elapsed)}; {Format(overall.Elapsed)} elapsed");
            }
            if (timedOut)
            {
                // The whole tree: dotnet test's testhost, a shell's children.
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                process.WaitForExit(10_000);
            }
            else process.WaitForExit(); // drains the output
            watch.Stop();
            string text;
            lock (output) text = output.ToString();
            var tcg = emulated ? FindTcgMissing(text) : null;
            if (timedOut)
                return new(p, Outcome.TimedOut, null, watch.Elapsed, text, $"after {Format(Timeout!.Value)}; process tree killed", tcg);
            var (outcome, detail) = Classify(process.ExitCode, text);
            return new(p, outcome, process.ExitCode, watch.Elapsed, text, detail, tcg);
        }
    }

    public static string Format(TimeSpan t) =>
        t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" : $"{t.TotalSeconds:0.0}s";
}
