using System.Diagnostics;
using CpuidAnalyzers.Matrix;

namespace CpuidAnalyzers.Matrix.Tests;

/// <summary>-j, --timeout and --emulate on fake commands (a shell script stands in for qemu-x86_64): no real CPU involved.</summary>
public sealed class ParallelTimeoutEmulateTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("cpuid-matrix-j-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    static IReadOnlyList<PlannedConfiguration> Three => Planner.Plan(Configurations.All, null, TestHosts.Avx512, new[] { "host", "x86-64-v2", "x86-64-v1" });

    [Fact]
    public void Jobs_run_configurations_at_the_same_time_and_keep_table_order()
    {
        // Each run sleeps 2 s: one at a time takes 6 s or more, three at once about 2 s.
        var progress = new StringWriter();
        var watch = Stopwatch.StartNew();
        var results = new MatrixRunner("sh", new[] { "-c", "sleep 2; echo done" }) { Parallelism = 3, Progress = progress }.Run(Three);
        watch.Stop();
        Assert.All(results.Where(r => r.Ran), r => Assert.Equal(Outcome.Passed, r.Outcome));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"three 2 s runs with -j 3 took {watch.Elapsed.TotalSeconds:F1}s");
        Assert.Equal(Configurations.All.Select(c => c.Name), results.Select(r => r.Configuration.Name));
        // Started in table order.
        var starts = progress.ToString().Split('\n').Where(l => l.EndsWith("elapsed") && l.Contains(": running;")).ToList();
        Assert.Equal(3, starts.Count);
        Assert.Contains("[1/3] host", progress.ToString());
    }

    [Fact]
    public void Jobs_1_runs_one_at_a_time()
    {
        var watch = Stopwatch.StartNew();
        new MatrixRunner("sh", new[] { "-c", "sleep 1" }) { Parallelism = 1 }.Run(Three);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(3), $"took {watch.Elapsed.TotalSeconds:F1}s");
    }

    [Fact]
    public void A_hung_configuration_times_out_and_its_process_tree_is_killed()
    {
        string pidFile = Path.Combine(dir, "child.pid");
        // The shell starts a child that would sleep for a minute, then waits for it.
        var plan = Planner.Plan(Configurations.All, null, TestHosts.Avx512, new[] { "host" });
        var watch = Stopwatch.StartNew();
        var results = new MatrixRunner("sh", new[] { "-c", $"sleep 60 & echo $! > {pidFile}; echo started; wait" })
        {
            Timeout = TimeSpan.FromSeconds(2),
        }.Run(plan);
        var r = results.Single(x => x.Configuration.Name == "host");
        Assert.Equal(Outcome.TimedOut, r.Outcome);
        Assert.True(r.IsFailure);
        Assert.StartsWith("TIMED OUT (after 2.0s; process tree killed)", r.Label);
        Assert.Contains("started", r.Output);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed.TotalSeconds:F1}s");
        int child = int.Parse(File.ReadAllText(pidFile).Trim());
        // The grandchild (sleep 60) is gone too.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Directory.Exists($"/proc/{child}") && !IsZombie(child) && DateTime.UtcNow < deadline) Thread.Sleep(100);
        Assert.True(!Directory.Exists($"/proc/{child}") || IsZombie(child), $"sleep 60 (pid {child}) still runs");
        Assert.Equal(1, Reports.ExitCode(results));
        Assert.Contains("1 timed out", Reports.Table(results, TestHosts.Avx512));
    }

    static bool IsZombie(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z"; }
        catch (IOException) { return true; }
    }

    [Fact]
    public void Timed_out_is_a_failure_in_junit()
    {
        var plan = Planner.Plan(Configurations.All, null, TestHosts.Avx512, new[] { "host" });
        var results = new MatrixRunner("sh", new[] { "-c", "sleep 30" }) { Timeout = TimeSpan.FromSeconds(1) }.Run(plan);
        string path = Path.Combine(dir, "j.xml");
        Reports.WriteJUnit(path, results, TestHosts.Avx512);
        var suite = System.Xml.Linq.XDocument.Load(path).Root!.Element("testsuite")!;
        Assert.Equal("1", suite.Attribute("failures")!.Value);
    }

    [Theory]
    [InlineData("300", 300)]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("0.5", 0.5)]
    public void Durations_parse(string text, double seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), Program.ParseDuration(text));

    [Theory]
    [InlineData("soon")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("")]
    public void Bad_durations_and_jobs_are_usage_errors(string text)
    {
        Assert.Null(Program.ParseDuration(text));
        Assert.Equal(2, Program.Run(new[] { "--timeout", text, "--", "true" }, new StringWriter(), new StringWriter(), TestHosts.Avx512));
        Assert.Equal(2, Program.Run(new[] { "-j", text, "--", "true" }, new StringWriter(), new StringWriter(), TestHosts.Avx512));
    }

    string FakeQemu()
    {
        // Prints its arguments, a TCG warning as qemu-user 7.2 does (twice, as it does once per thread), then
        // "crashes" like .NET under a model without AVX for Nehalem.
        string path = Path.Combine(dir, "qemu-x86_64");
        File.WriteAllText(path, """
            #!/bin/sh
            echo "qemu args: $*"
            if [ "$2" = Skylake-Server ]; then
              echo "qemu-x86_64: warning: TCG doesn't support requested feature: CPUID.07H:EBX.avx512f [bit 16]" >&2
              echo "qemu-x86_64: warning: TCG doesn't support requested feature: CPUID.07H:EBX.avx512f [bit 16]" >&2
              echo "qemu-x86_64: warning: TCG doesn't support requested feature: CPUID.07H:EBX.rtm [bit 11]" >&2
            fi
            if [ "$2" = Nehalem ]; then echo "Unhandled exception. System.PlatformNotSupportedException: Operation is not supported on this platform."; exit 134; fi
            exit 0
            """);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public void Emulate_runs_the_resolved_program_under_qemu_and_reports_tcg_gaps()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = Program.Run(new[] { "--only", "host", "--emulate", "Nehalem,Skylake-Server", "--junit", Path.Combine(dir, "e.xml"), "--", "sh", "-c", "true" },
            stdout, stderr, TestHosts.Avx2Only, FakeQemu());
        string table = stdout.ToString();
        Assert.Equal(1, rc);
        Assert.Matches(@"qemu:Nehalem\s+qemu-x86_64 -cpu Nehalem\s+CRASHED: PlatformNotSupportedException \(exit 134\)", table);
        Assert.Matches(@"qemu:Skylake-Server\s+qemu-x86_64 -cpu Skylake-Server\s+passed", table);
        // The program is given to qemu as a file, its links followed (qemu-x86_64 runs no PATH lookup).
        string sh = MatrixRunner.ResolveProgram("sh");
        Assert.StartsWith("/", sh);
        Assert.Contains($"qemu args: -cpu Nehalem {sh} -c true", table);
        Assert.Contains("Emulated (qemu-x86_64 -cpu MODEL: the model's own CPUID): Nehalem, Skylake-Server", table);
        Assert.Contains("Approximated by runtime switches on this machine's CPU: none", table);
        Assert.Contains("qemu TCG lacks, of Skylake-Server: avx512f rtm (ran without them)", table);
        Assert.Contains("QEMU -cpu Nehalem, emulated (.NET 10 sees x86-64-v2)", table);
    }

    [Fact]
    public void Emulate_without_qemu_is_not_run_and_not_passed()
    {
        var stdout = new StringWriter();
        // Program.Run looks qemu up in PATH when given none: call the part that decides with none found.
        var plan = Planner.Plan(Configurations.All, null, TestHosts.Avx2Only, new[] { "host" }).ToList();
        var results = new MatrixRunner("true", Array.Empty<string>()) { Qemu = null }
            .Run(plan.Append(new PlannedConfiguration(Configurations.Emulated("Nehalem"), PlanKind.Run, "emulated")).ToList());
        Assert.Equal(Outcome.Failed, results.Last().Outcome);
        Assert.Contains("qemu-x86_64 not found", results.Last().Detail);
    }

    [Fact]
    public void Emulate_with_dotnet_test_warns_that_children_are_not_emulated()
    {
        var stderr = new StringWriter();
        // Nothing really runs: x86-64-v3 is not run on this (made-up) host, and the "qemu" given cannot start.
        int rc = Program.Run(new[] { "--only", "x86-64-v3", "--emulate", "Nehalem", "--", "dotnet", "test" },
            new StringWriter(), stderr, TestHosts.Avx2Only, Path.Combine(dir, "no-qemu-here"));
        Assert.Equal(1, rc);
        Assert.Contains("child processes, which run on this machine's CPU", stderr.ToString());
    }

    [Fact]
    public void Emulate_without_a_list_takes_the_default_models()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        // -j right after --emulate is an option, not a model.
        int rc = Program.Run(new[] { "--only", "host", "--emulate", "-j", "2", "--", "true" }, stdout, stderr, TestHosts.Avx2Only, FakeQemu());
        Assert.Equal(1, rc);   // the stand-in crashes under Nehalem
        foreach (var m in Configurations.DefaultEmulatedModels) Assert.Contains("qemu:" + m, stdout.ToString());
        Assert.Contains("2 at a time", stderr.ToString());
    }

    [Theory]
    [InlineData("qemu64", "x86-64-v1", "X86.Sse41", true)]
    [InlineData("Conroe", "x86-64-v1", "X86.Ssse3", true)]
    [InlineData("Nehalem", "x86-64-v2", "X86.Sse42", false)]
    [InlineData("Nehalem", "x86-64-v2", "X86.Aes", true)]
    [InlineData("SandyBridge", "x86-64-v2 + AVX", "X86.Avx", false)]
    [InlineData("SandyBridge", "x86-64-v2 + AVX", "X86.Avx2", true)]
    [InlineData("Haswell", "x86-64-v3", "X86.Fma", false)]
    [InlineData("Skylake-Server", "x86-64-v3 (TCG lacks its AVX-512)", "X86.Avx512F", true)]
    public void Known_models_say_what_dotnet_10_sees_under_them(string model, string rung, string isa, bool removed)
    {
        var c = Configurations.Emulated(model);
        Assert.Contains($"(.NET 10 sees {rung})", c.CpuModels);
        Assert.Equal(removed, Configurations.Removes(c, isa));
        Assert.True(c.IsEmulated);
        Assert.Equal($"qemu-x86_64 -cpu {model}", c.Switches);
    }

    [Fact]
    public void Tcg_warnings_are_read_once_each()
    {
        const string output = """
            qemu-x86_64: warning: TCG doesn't support requested feature: CPUID.01H:ECX.x2apic [bit 21]
            qemu-x86_64: warning: TCG doesn't support requested feature: CPUID.80000001H:ECX.3dnowprefetch [bit 8]
            qemu-x86_64: warning: TCG doesn't support requested feature: CPUID.01H:ECX.x2apic [bit 21]
            qemu-x86_64: warning: TCG doesn't support requested feature: CPUID.0DH:EAX.xsavec [bit 1]
            sum=1
            """;
        Assert.Equal(new[] { "x2apic", "3dnowprefetch", "xsavec" }, MatrixRunner.FindTcgMissing(output));
    }
}
