using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CpuidAnalyzers.Matrix;
using Xunit.Abstractions;

namespace CpuidAnalyzers.Matrix.Tests.EndToEnd;

/// <summary>
/// End to end: the tool (in process) runs the three built sample programs (`dotnet sample.dll`) under
/// the real runtime switches. The host is given to the tool as an AVX2 machine without AVX-512, so
/// x86-64-v3 (which needs AVX-512 to differ from the host) comes out "not run" on every machine, and
/// no sample names AVX-512, so the real host's AVX-512 (or its absence) changes no outcome.
/// </summary>
[Collection(MatrixEndToEndCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class SampleMatrixTests(Samples samples, ITestOutputHelper output) : IDisposable
{
    static readonly HostCpu Host = TestHosts.Avx2Only;
    readonly string dir = Directory.CreateTempSubdirectory("cpuid-matrix-e2e-out-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    sealed record Run(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
    {
        /// <summary>The outcome column of a configuration's row in the table.</summary>
        public string Row(string configuration)
        {
            var line = Stdout.Split('\n').FirstOrDefault(l => l.StartsWith(configuration + " ", StringComparison.Ordinal))
                ?? throw new Xunit.Sdk.XunitException($"no row {configuration} in the table:\n{Stdout}");
            return line;
        }
    }

    Run Matrix(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var watch = Stopwatch.StartNew();
        int rc = Program.Run(args, stdout, stderr, Host, QemuFactAttribute.Qemu);
        output.WriteLine($"$ cpuid-matrix {string.Join(" ", args)}\n(exit {rc}, {watch.Elapsed.TotalSeconds:F1}s)\n{stdout}\n--- stderr\n{stderr}");
        return new(rc, stdout.ToString(), stderr.ToString(), watch.Elapsed);
    }

    string[] For(string sample, params string[] options) =>
        [.. options, "--assemblies", samples.Dll(sample), "--", "dotnet", samples.Dll(sample)];

    static void AssertRow(Run run, string configuration, string outcomePattern)
    {
        var row = run.Row(configuration);
        Assert.True(Regex.IsMatch(row, @"^" + Regex.Escape(configuration) + @"\s+\S.*?\s{2}" + outcomePattern),
            $"row '{row}' does not match outcome /{outcomePattern}/");
    }

    [E2EFact]
    public void Correct_fallback_passes_under_every_configuration()
    {
        var run = Matrix(For("correct", "--report", Path.Combine(dir, "correct.md"), "--junit", Path.Combine(dir, "correct.xml")));

        Assert.Equal(0, run.ExitCode);
        // The code names Avx2, Sse41, Sse2, Vector128, Vector256: each rung takes a different path.
        AssertRow(run, "host", "passed");
        AssertRow(run, "x86-64-v3", "skipped");                 // removes only AVX-512, never named
        AssertRow(run, "x86-64-v2", "passed");                  // the SSE4.1 path
        AssertRow(run, "x86-64-v1", "passed");                  // scalar
        AssertRow(run, "no-intrinsics", "passed");              // scalar, Vector128 unaccelerated
        AssertRow(run, "vector-t-128", "skipped");              // Vector<T> never named
        AssertRow(run, "prefer-128", "passed");
        Assert.Contains("5 passed, 0 failed, 0 crashed, 0 not run, 2 skipped (5 of 7 configurations ran)", run.Stdout);
        Assert.Contains("cpuid-matrix: correct: names Vector128, Vector256, Avx2, Sse2, Sse41", run.Stderr);
        Assert.Contains("[5/5]", run.Stderr);

        string md = File.ReadAllText(Path.Combine(dir, "correct.md"));
        // From the metadata: it names Avx2, so x86-64-v3 has every class; from the run: it works down to no intrinsics at all.
        Assert.Contains("| correct | `Vector128`, `Vector256`, `Avx2`, `Sse2`, `Sse41` | x86-64-v3 |", md);
        Assert.Contains("Every configuration that ran passed.", md);
        Assert.Contains("Lowest rung that passed (with every rung above it that ran): **no-intrinsics**", md);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "correct.json")));
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("configuration").GetString()!);
        Assert.Equal("passed", results["x86-64-v2"].GetProperty("outcome").GetString());
        Assert.Equal("skipped", results["x86-64-v3"].GetProperty("outcome").GetString());

        var suite = XDocument.Load(Path.Combine(dir, "correct.xml")).Root!.Element("testsuite")!;
        Assert.Equal("0", suite.Attribute("failures")!.Value);
        Assert.Equal("0", suite.Attribute("errors")!.Value);
        Assert.Equal("2", suite.Attribute("skipped")!.Value);
    }

    [E2EFact]
    public void Wrong_fallback_fails_only_where_its_path_runs()
    {
        var run = Matrix(For("wrongfallback", "--report", Path.Combine(dir, "wrong.md"), "--junit", Path.Combine(dir, "wrong.xml")));

        Assert.Equal(1, run.ExitCode);
        AssertRow(run, "host", "passed");
        AssertRow(run, "x86-64-v2", @"FAILED \(exit 1\)");      // AVX2 off, SSE4.1 on: the broken path
        AssertRow(run, "x86-64-v1", "passed");                  // below it the scalar path is right
        AssertRow(run, "no-intrinsics", "passed");
        AssertRow(run, "prefer-128", "passed");                 // AVX2 still on
        Assert.Contains("4 passed, 1 failed, 0 crashed, 0 not run, 2 skipped", run.Stdout);
        Assert.Contains("  | sum=65504 path=sse41", run.Stdout);  // the failure's output is shown
        Assert.DoesNotContain("PlatformNotSupportedException", run.Stdout);

        string md = File.ReadAllText(Path.Combine(dir, "wrong.md"));
        Assert.Contains("Failed or crashed under: **x86-64-v2** (FAILED (exit 1);", md);
        Assert.Contains("| x86-64-v2 | `DOTNET_EnableAVX=0` | FAILED (exit 1) |", md);
        var suite = XDocument.Load(Path.Combine(dir, "wrong.xml")).Root!.Element("testsuite")!;
        Assert.Equal("1", suite.Attribute("failures")!.Value);
        var failed = suite.Elements("testcase").Where(c => c.Element("failure") is not null).Select(c => c.Attribute("name")!.Value);
        Assert.Equal(new[] { "x86-64-v2" }, failed);
    }

    [E2EFact]
    public void Unguarded_call_crashes_only_without_its_isa()
    {
        // --all: every configuration, x86-64-v3 "not run" since the (given) host has no AVX-512.
        var run = Matrix(For("unguarded", "--all", "-j", "2", "--report", Path.Combine(dir, "unguarded.md")));

        Assert.Equal(1, run.ExitCode);
        AssertRow(run, "host", "passed");
        AssertRow(run, "x86-64-v3", @"not run \(host lacks avx512f\)");
        AssertRow(run, "x86-64-v2", @"CRASHED: PlatformNotSupportedException \(exit 134\)");
        AssertRow(run, "x86-64-v1", @"CRASHED: PlatformNotSupportedException \(exit 134\)");
        AssertRow(run, "no-intrinsics", @"CRASHED: PlatformNotSupportedException \(exit 134\)");
        AssertRow(run, "vector-t-128", "passed");
        AssertRow(run, "prefer-128", "passed");                 // Vector256 unaccelerated, Avx2 still on
        Assert.Contains("3 passed, 0 failed, 3 crashed, 1 not run, 0 skipped (6 of 7 configurations ran)", run.Stdout);
        Assert.Contains("first PlatformNotSupportedException line: Unhandled exception. System.PlatformNotSupportedException", run.Stdout);
        Assert.Contains("at System.Runtime.Intrinsics.X86.Avx2.", run.Stdout);
        Assert.Contains("2 at a time", run.Stderr);

        string md = File.ReadAllText(Path.Combine(dir, "unguarded.md"));
        Assert.Contains("| unguarded | `Vector256`, `Avx2` | x86-64-v3 |", md);
        Assert.Contains("Lowest rung that passed: none of the rungs that ran (no-intrinsics, x86-64-v1, x86-64-v2)", md);
        Assert.Contains("| x86-64-v3 | `DOTNET_EnableAVX512=0` | not run (host lacks avx512f) | - |", md);
    }

    [E2EFact]
    public void Unguarded_call_with_selection_runs_only_what_changes_something()
    {
        // It names only Avx2 and Vector256: x86-64-v1 and no-intrinsics would repeat x86-64-v2.
        var run = Matrix(For("unguarded"));
        Assert.Equal(1, run.ExitCode);
        AssertRow(run, "x86-64-v2", "CRASHED: PlatformNotSupportedException");
        AssertRow(run, "x86-64-v1", "skipped");
        Assert.Contains("x86-64-v1: same as x86-64-v2 for this code", run.Stdout);
        Assert.Contains("2 passed, 0 failed, 1 crashed, 0 not run, 4 skipped", run.Stdout);
    }

    [QemuFact]
    public void Emulated_models_run_the_samples_under_their_own_cpuid()
    {
        // Nehalem: SSE4.2, no AVX. Skylake-Server: AVX2 (its AVX-512 is beyond qemu's TCG, which warns).
        var unguarded = Matrix(For("unguarded", "--only", "host", "--emulate", "Nehalem,Skylake-Server", "-j", "2", "--report", Path.Combine(dir, "q.md")));
        var wrong = Matrix(For("wrongfallback", "--only", "host", "--emulate", "Nehalem,Skylake-Server", "-j", "2"));

        Assert.Equal(1, unguarded.ExitCode);
        AssertRow(unguarded, "qemu:Nehalem", @"CRASHED: PlatformNotSupportedException \(exit 134\)");
        AssertRow(unguarded, "qemu:Skylake-Server", "passed");
        Assert.Contains("Emulated (qemu-x86_64 -cpu MODEL: the model's own CPUID): Nehalem, Skylake-Server", unguarded.Stdout);
        Assert.Contains("Approximated by runtime switches on this machine's CPU: none", unguarded.Stdout);
        Assert.Matches(@"qemu TCG lacks, of Skylake-Server: .*\bavx512f\b", unguarded.Stdout);
        Assert.Contains("- qemu TCG lacks, of Skylake-Server:", File.ReadAllText(Path.Combine(dir, "q.md")));

        Assert.Equal(1, wrong.ExitCode);
        AssertRow(wrong, "qemu:Nehalem", @"FAILED \(exit 1\)");  // the SSE4.1 path, on a real SSE4.1-without-AVX model
        AssertRow(wrong, "qemu:Skylake-Server", "passed");
        Assert.Contains("  | sum=65504 path=sse41", wrong.Stdout);
    }
}
