using System.Xml.Linq;
using CpuidAnalyzers.Matrix;

namespace CpuidAnalyzers.Matrix.Tests;

/// <summary>
/// The runner, table and exit code on a fake command: a shell script that "crashes" when the
/// configuration turns AVX2 off and fails under no-intrinsics, whatever CPU runs it.
/// </summary>
public sealed class RunnerTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("cpuid-matrix-runner-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    const string FakeTest = """
        echo "running with AVX=${DOTNET_EnableAVX:-} AVX2=${DOTNET_EnableAVX2:-} HW=${DOTNET_EnableHWIntrinsic:-}"
        if [ "${DOTNET_EnableHWIntrinsic:-}" = 0 ]; then echo "1 test failed" >&2; exit 3; fi
        if [ "${DOTNET_EnableAVX:-}" = 0 ] || [ "${DOTNET_EnableSSE42:-}" = 0 ]; then
          echo "Unhandled exception. System.PlatformNotSupportedException: Operation is not supported on this platform."
          echo "   at Kernels.Add()"
          exit 134
        fi
        echo "all passed"
        """;

    static MatrixRunner Fake(string script, TextWriter? progress = null) =>
        new("sh", new[] { "-c", script }) { Progress = progress };

    [Fact]
    public void Every_configuration_gets_its_outcome_and_the_exit_code_is_1()
    {
        var progress = new StringWriter();
        var plan = Planner.Plan(Configurations.All, null, TestHosts.Avx512);
        var results = Fake(FakeTest, progress).Run(plan).ToDictionary(r => r.Configuration.Name);

        Assert.Equal(Outcome.Passed, results["host"].Outcome);
        Assert.Equal(Outcome.Passed, results["x86-64-v3"].Outcome);
        Assert.Equal(Outcome.Crashed, results["x86-64-v2"].Outcome);
        Assert.Equal(134, results["x86-64-v2"].ExitCode);
        Assert.Contains("System.PlatformNotSupportedException: Operation is not supported", results["x86-64-v2"].Detail);
        Assert.Equal(Outcome.Crashed, results["x86-64-v1"].Outcome);
        Assert.Equal(Outcome.Failed, results["no-intrinsics"].Outcome);
        Assert.Equal(3, results["no-intrinsics"].ExitCode);
        Assert.Equal(Outcome.Passed, results["vector-t-128"].Outcome);
        Assert.Equal(1, Reports.ExitCode(results.Values.ToList()));

        // Progress: configuration n of m, elapsed.
        string p = progress.ToString();
        Assert.Contains("[1/7] host", p);
        Assert.Contains("[7/7] prefer-128", p);
        Assert.Contains("elapsed", p);
    }

    [Fact]
    public void The_switches_reach_the_command_and_inherited_ones_do_not()
    {
        var plan = Planner.Plan(Configurations.All, null, TestHosts.Avx512, new[] { "x86-64-v2", "host" });
        var runner = new MatrixRunner("sh", new[] { "-c", "echo \"AVX=${DOTNET_EnableAVX:-unset} AVX2=${DOTNET_EnableAVX2:-unset}\"" });
        // The test process's own environment may not leak a switch into a configuration: set one for the child only.
        Environment.SetEnvironmentVariable("DOTNET_EnableAVX2", "0");
        try
        {
            var results = runner.Run(plan).Where(r => r.Outcome == Outcome.Passed).ToDictionary(r => r.Configuration.Name);
            Assert.Contains("AVX=unset AVX2=unset", results["host"].Output);
            Assert.Contains("AVX=0 AVX2=unset", results["x86-64-v2"].Output);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOTNET_EnableAVX2", null);
        }
    }

    [Fact]
    public void The_table_shows_outcomes_models_skips_and_not_run()
    {
        // Code naming Avx2 and Avx512F on a host without AVX-512.
        var plan = Planner.Plan(Configurations.All, new[] { "X86.Avx2", "X86.Avx512F" }, TestHosts.Avx2Only);
        var results = Fake("if [ \"${DOTNET_EnableAVX:-}\" = 0 ]; then echo 'System.PlatformNotSupportedException'; exit 1; fi").Run(plan);
        string table = Reports.Table(results, TestHosts.Avx2Only);

        Assert.Matches(@"host\s+\(none\)\s+passed\s+\d+\.\ds\s+this machine: x86-64-v3", table);
        Assert.Matches(@"x86-64-v3\s+DOTNET_EnableAVX512=0\s+not run \(host lacks avx512f\)\s+-\s+Intel Haswell", table);
        Assert.Matches(@"x86-64-v2\s+DOTNET_EnableAVX=0\s+CRASHED: PlatformNotSupportedException \(exit 1\)\s+\d+\.\ds\s+Intel Nehalem", table);
        Assert.Matches(@"x86-64-v1\s+DOTNET_EnableSSE42=0\s+skipped", table);
        Assert.Contains("x86-64-v1: same as x86-64-v2 for this code", table);
        Assert.Contains("vector-t-128: removes only ISAs the code never names", table);
        Assert.Contains("1 passed, 0 failed, 1 crashed, 1 not run, 4 skipped", table);
        Assert.DoesNotContain(results, r => r.Configuration.Name == "x86-64-v3" && r.Outcome == Outcome.Passed);
        Assert.Equal(1, Reports.ExitCode(results));
    }

    [Fact]
    public void All_passed_gives_exit_code_0_even_with_not_run_configurations()
    {
        var plan = Planner.Plan(Configurations.All, null, TestHosts.Avx2Only);
        var results = Fake("exit 0").Run(plan);
        Assert.Contains(results, r => r.Outcome == Outcome.NotRun);
        Assert.Equal(0, Reports.ExitCode(results));
    }

    [Fact]
    public void A_command_that_cannot_start_fails()
    {
        var plan = Planner.Plan(Configurations.All, null, TestHosts.Avx512, new[] { "host" });
        var results = new MatrixRunner(Path.Combine(dir, "no-such-program"), Array.Empty<string>()).Run(plan);
        Assert.Equal(Outcome.Failed, results.Single(r => r.Configuration.Name == "host").Outcome);
        Assert.Equal(1, Reports.ExitCode(results));
    }

    [Fact]
    public void JUnit_has_one_testcase_per_configuration()
    {
        var plan = Planner.Plan(Configurations.All, null, TestHosts.Avx2Only);
        var results = Fake(FakeTest).Run(plan);
        string path = Path.Combine(dir, "junit.xml");
        Reports.WriteJUnit(path, results, TestHosts.Avx2Only);
        var suite = XDocument.Load(path).Root!.Element("testsuite")!;
        var cases = suite.Elements("testcase").ToList();
        Assert.Equal(Configurations.All.Count, cases.Count);
        Assert.Equal("7", suite.Attribute("tests")!.Value);
        Assert.Equal("1", suite.Attribute("failures")!.Value);   // no-intrinsics
        Assert.Equal("2", suite.Attribute("errors")!.Value);     // v2, v1
        Assert.Equal("1", suite.Attribute("skipped")!.Value);    // v3: host lacks avx512f
        Assert.NotNull(cases.Single(c => c.Attribute("name")!.Value == "x86-64-v2").Element("error"));
        Assert.Contains("host lacks avx512f", cases.Single(c => c.Attribute("name")!.Value == "x86-64-v3").Element("skipped")!.Attribute("message")!.Value);
    }

    [Theory]
    [InlineData("Unhandled exception. System.PlatformNotSupportedException: Operation is not supported on this platform.", true)]
    [InlineData("    System.PlatformNotSupportedException : Operation is not supported on this platform.", true)]   // xunit's failure text
    [InlineData("SumWithoutCheck: PlatformNotSupportedException: Operation is not supported", true)]
    [InlineData("System.PlatformNotSupportedException", true)]
    [InlineData("Assert.Throws() Failure: expected typeof(System.PlatformNotSupportedException)", false)]
    [InlineData("Passed  Kernels.ThrowsPlatformNotSupportedExceptionWhenOff [3 ms]", false)]
    [InlineData("Test run: 12 passed", false)]
    public void PlatformNotSupportedException_is_found_in_output(string line, bool found)
    {
        string output = "before\n" + line + "\nafter\n";
        Assert.Equal(found, MatrixRunner.FindPlatformNotSupported(output) is not null);
        Assert.Equal(found ? Outcome.Crashed : Outcome.Passed, MatrixRunner.Classify(0, output).Outcome);
        if (found) Assert.Equal(line.Trim(), MatrixRunner.FindPlatformNotSupported(output));
    }

    [Fact]
    public void Exit_code_without_the_exception_is_a_failure()
    {
        Assert.Equal(Outcome.Failed, MatrixRunner.Classify(1, "Failed!  - Failed: 1").Outcome);
        Assert.Equal(Outcome.Passed, MatrixRunner.Classify(0, "Passed!").Outcome);
    }
}
