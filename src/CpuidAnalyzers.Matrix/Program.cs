using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CpuidAnalyzers.Matrix;

/// <summary>Command line: <c>cpuid-matrix [options] [-- command…]</c>.</summary>
public static class Program
{
    public const string Usage = """
        Usage: dotnet cpuid-matrix [options] [-- <command> [args…]]

        Runs <command> (default: dotnet test) once per CPU configuration, with the .NET runtime's
        switches turning instruction sets off, and prints configuration x outcome. Exit code 1 when any
        configuration fails or crashes (PlatformNotSupportedException in the output), 2 on a usage error.

        Options:
          --assemblies <dir|dll>…  read these built assemblies (folders: every *.dll inside) and run only
                                   the configurations that change something they name
          --all                    run every configuration (the default without --assemblies)
          --only <name>[,<name>…]  run only these configurations (see --list)
          --report <file.md>       write the ISA classes each assembly names and the lowest level that has
                                   them all (Markdown, plus <file>.json); with --report and no command,
                                   nothing is run
          --junit <file.xml>       write a JUnit-style summary, one testcase per configuration
          -j, --jobs <n>           run n configurations at once (default 1; with the default dotnet test,
                                   build first and pass --no-build, or the runs race on bin/ and obj/)
          --timeout <t>            per configuration (seconds, or 90s, 10m, 1h; default 30m): a run still
                                   going is killed with its process tree and reported TIMED OUT
          --emulate [<model>,…]    also run the command under qemu-x86_64 -cpu <model> for each model
                                   (default qemu64,Nehalem,SandyBridge,Haswell): real CPU models, not
                                   switches; the command must be the program itself (dotnet app.dll, a
                                   self-contained app): its child processes are not emulated
          --show-output            copy the command's output to stderr while it runs
          --runtime <8|9|10>       the .NET the command runs on: 8 and 9 have one switch per ISA and get
                                   finer models (piledriver, sandy-bridge, core2, amd-k10); default: read
                                   from the assemblies' target framework, else 10
          --list                   print the configuration table and exit (with --runtime: that one's)
          -h, --help               this text
        """;

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error, HostCpu.Detect());

    /// <param name="qemu">The qemu-x86_64 to use for --emulate (tests); null: looked up in PATH.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, HostCpu host, string? qemu = null)
    {
        var assemblies = new List<string>();
        bool all = false, showOutput = false, list = false, assembliesGiven = false;
        string? report = null, junit = null;
        List<string>? only = null, command = null, emulate = null;
        int jobs = 1;
        int? runtime = null;
        TimeSpan timeout = TimeSpan.FromMinutes(30);
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            string Value()
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new UsageException($"{a} needs a value");
                return args[++i];
            }
            switch (a)
            {
                case "--":
                    command = args.Skip(i + 1).ToList();
                    i = args.Length;
                    break;
                case "--assemblies":
                    assembliesGiven = true;
                    assemblies.Add(Value());
                    while (i + 1 < args.Length && !args[i + 1].StartsWith('-')) assemblies.Add(args[++i]);
                    break;
                case "--all": all = true; break;
                case "--only": only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(); break;
                case "--report": report = Value(); break;
                case "--junit": junit = Value(); break;
                case "--show-output": showOutput = true; break;
                case "-j" or "--jobs":
                    if (!int.TryParse(Value(), out jobs) || jobs < 1) { stderr.WriteLine($"cpuid-matrix: {a} needs a whole number of at least 1"); return 2; }
                    break;
                case "--runtime":
                    var rt = Value().Replace("net", "").Replace(".0", "");
                    if (!int.TryParse(rt, out var major) || major < 8) { stderr.WriteLine("cpuid-matrix: --runtime needs 8, 9 or 10 (or later)"); return 2; }
                    runtime = major;
                    break;
                case "--timeout":
                    var t = ParseDuration(Value());
                    if (t is null) { stderr.WriteLine("cpuid-matrix: --timeout needs a duration: 300, 90s, 10m or 1h"); return 2; }
                    timeout = t.Value;
                    break;
                case "--emulate":
                    emulate = i + 1 < args.Length && !args[i + 1].StartsWith('-')
                        ? args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()
                        : Configurations.DefaultEmulatedModels.ToList();
                    break;
                case "--list": list = true; break;
                case "-h" or "--help": stdout.Write(Usage); return 0;
                default:
                    stderr.WriteLine($"cpuid-matrix: unknown option '{a}' (put the command after --)");
                    stderr.Write(Usage);
                    return 2;
            }
        }
        try
        {
            return Execute(stdout, stderr, host, assembliesGiven ? assemblies : null, all, only, report, junit, showOutput, list, command,
                jobs, timeout, emulate, qemu ?? MatrixRunner.FindQemu(), runtime);
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"cpuid-matrix: {e.Message}");
            return 2;
        }
        catch (FileNotFoundException e)
        {
            stderr.WriteLine($"cpuid-matrix: {e.Message}");
            return 2;
        }
    }

    sealed class UsageException(string message) : Exception(message);

    /// <summary>"300" (seconds), "90s", "10m", "1h"; null when it is none of these.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        text = text.Trim();
        double factor = 1;
        if (text.EndsWith('s')) text = text[..^1];
        else if (text.EndsWith('m')) { factor = 60; text = text[..^1]; }
        else if (text.EndsWith('h')) { factor = 3600; text = text[..^1]; }
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0
            ? TimeSpan.FromSeconds(v * factor) : null;
    }

    static int Execute(TextWriter stdout, TextWriter stderr, HostCpu host, List<string>? assemblyPaths, bool all,
        List<string>? only, string? report, string? junit, bool showOutput, bool list, List<string>? command,
        int jobs, TimeSpan timeout, List<string>? emulate, string? qemu, int? runtime)
    {
        IReadOnlyList<AssemblyIsas>? scanned = null;
        if (assemblyPaths is not null)
        {
            scanned = AssemblyScanner.Scan(AssemblyScanner.Expand(assemblyPaths));
            if (scanned.Count == 0) throw new UsageException("--assemblies: no managed assembly found");
            foreach (var a in scanned)
                stderr.WriteLine($"cpuid-matrix: {a.Name}: names {(a.Isas.Count == 0 ? "no ISA class or vector type" : string.Join(", ", a.Isas.Select(Planner.Pretty)))}");
        }
        // The runtime's table: --runtime, else the highest .NET the assemblies target (the app's own,
        // in a bin folder of libraries that target older ones); 8 and 9 share one table.
        if (runtime is null && scanned is not null)
        {
            var newest = scanned.Select(a => a.RuntimeMajor).Where(m => m is not null).Max();
            if (newest is 8 or 9)
            {
                runtime = newest;
                stderr.WriteLine($"cpuid-matrix: the assemblies target .NET {newest}: the .NET 8/9 configurations, one switch per ISA (the command must run on that runtime, e.g. a self-contained app; --runtime 10 to override)");
            }
        }
        var table = Configurations.For(runtime ?? 10);
        if (list)
        {
            foreach (var c in table)
                stdout.WriteLine($"{c.Name,-14} {c.Switches,-36} removes {(c.Removes.Count == 0 ? "nothing" : string.Join(", ", c.Removes.Select(Planner.Pretty)))}\n{"",-14} stands for: {Reports.StandsFor(c, host)}");
            return 0;
        }

        if (report is not null && scanned is null) throw new UsageException("--report needs --assemblies");
        if (report is not null && command is null)
        {
            Reports.WriteReport(report, scanned!, null, host);
            stdout.WriteLine($"cpuid-matrix: wrote {report} and {Path.ChangeExtension(report, ".json")} (nothing run: no command after --)");
            return 0;
        }
        if (command is { Count: 0 }) throw new UsageException("nothing after --");
        command ??= new List<string> { "dotnet", "test" };

        HashSet<string>? referenced = all || scanned is null ? null : scanned.SelectMany(a => a.Isas).ToHashSet(StringComparer.Ordinal);
        if (referenced is null && !all && only is null) stderr.WriteLine("cpuid-matrix: no --assemblies: running every configuration");
        if (only is not null)
            foreach (var name in only)
                if (!table.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
                    throw new UsageException($"no configuration named '{name}' for .NET {runtime ?? 10} (see --list)");
        var plan = Planner.Plan(table, referenced, host, only).ToList();
        if (emulate is not null)
        {
            // Asked for by name: every emulated model runs, whatever the code names.
            if (command.Count >= 2 && command[0] == "dotnet" && command[1] is "test" or "run" or "build" or "vstest")
                stderr.WriteLine($"cpuid-matrix: warning: --emulate runs only the command's own process under qemu; `dotnet {command[1]}` runs the code in child processes, which run on this machine's CPU. Run the program itself: -- dotnet path/to/app.dll");
            foreach (var model in emulate)
            {
                var c = Configurations.Emulated(model, runtime ?? 10);
                plan.Add(qemu is null ? new(c, PlanKind.NotRunnable, "qemu-x86_64 not found: apt-get install qemu-user")
                    : !host.IsX86 ? new(c, PlanKind.NotRunnable, "host is not x86-64")
                    : new(c, PlanKind.Run, "emulated"));
            }
        }
        if (jobs > 1 && command.Count >= 2 && command[0] == "dotnet" && command[1] == "test" && !command.Contains("--no-build"))
            stderr.WriteLine("cpuid-matrix: warning: -j with dotnet test and no --no-build: the runs build the same bin/ and obj/ at once");
        var runner = new MatrixRunner(command[0], command.Skip(1).ToList())
        {
            Progress = stderr, ShowOutput = showOutput, Parallelism = jobs, Timeout = timeout, Qemu = qemu,
        };
        stderr.WriteLine($"cpuid-matrix: {string.Join(" ", command)}: {plan.Count(p => p.Kind == PlanKind.Run)} of {plan.Count} configurations to run on {host.Describe()}"
            + (jobs > 1 ? $", {jobs} at a time" : ""));
        var results = runner.Run(plan);
        stdout.WriteLine();
        stdout.Write(Reports.Table(results, host));
        if (report is not null)
        {
            Reports.WriteReport(report, scanned!, results, host);
            stdout.WriteLine($"cpuid-matrix: wrote {report} and {Path.ChangeExtension(report, ".json")}");
        }
        if (junit is not null)
        {
            Reports.WriteJUnit(junit, results, host);
            stdout.WriteLine($"cpuid-matrix: wrote {junit}");
        }
        return Reports.ExitCode(results);
    }
}
