using CpuidAnalyzers.Matrix;

namespace CpuidAnalyzers.Matrix.Tests;

/// <summary>The command line end to end, on a fake command and a made-up host.</summary>
public sealed class ProgramTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("cpuid-matrix-cli-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Runs_the_command_after_the_double_dash_and_writes_junit()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string junit = Path.Combine(dir, "m.xml");
        int rc = Program.Run(new[] { "--all", "--junit", junit, "--", "sh", "-c",
            "if [ \"${DOTNET_EnableAVX2:-}\" = 0 ] || [ \"${DOTNET_EnableAVX:-}\" = 0 ]; then echo System.PlatformNotSupportedException; exit 1; fi" },
            stdout, stderr, TestHosts.Avx512);
        Assert.Equal(1, rc);
        Assert.Contains("CRASHED: PlatformNotSupportedException", stdout.ToString());
        Assert.Contains("cpuid-matrix: [3/7] x86-64-v2", stderr.ToString());
        Assert.True(File.Exists(junit));
    }

    [Fact]
    public void Passing_command_exits_0()
    {
        var stdout = new StringWriter();
        int rc = Program.Run(new[] { "--only", "host,x86-64-v2", "--", "true" }, stdout, new StringWriter(), TestHosts.Avx512);
        Assert.Equal(0, rc);
        Assert.Contains("2 passed, 0 failed, 0 crashed, 0 not run, 5 skipped", stdout.ToString());
    }

    [Fact]
    public void Show_output_copies_the_command_output_to_stderr()
    {
        var stderr = new StringWriter();
        int rc = Program.Run(new[] { "--show-output", "--only", "host", "--", "sh", "-c", "echo hello from the command" }, new StringWriter(), stderr, TestHosts.Avx512);
        Assert.Equal(0, rc);
        Assert.Contains("[host] hello from the command", stderr.ToString());
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        Assert.Equal(2, Program.Run(new[] { "--frobnicate" }, new StringWriter(), new StringWriter(), TestHosts.Avx512));
        Assert.Equal(2, Program.Run(new[] { "--only", "x86-64-v9", "--", "true" }, new StringWriter(), new StringWriter(), TestHosts.Avx512));
        Assert.Equal(2, Program.Run(new[] { "--report", Path.Combine(dir, "r.md") }, new StringWriter(), new StringWriter(), TestHosts.Avx512));
        Assert.Equal(2, Program.Run(new[] { "--assemblies", Path.Combine(dir, "missing.dll"), "--", "true" }, new StringWriter(), new StringWriter(), TestHosts.Avx512));
    }

    [Fact]
    public void Report_alone_runs_nothing()
    {
        // The tool's own assembly names no ISA: the report says so, and no command is run.
        string md = Path.Combine(dir, "r.md");
        var stdout = new StringWriter();
        int rc = Program.Run(new[] { "--assemblies", typeof(Program).Assembly.Location, "--report", md }, stdout, new StringWriter(), TestHosts.Avx512);
        Assert.Equal(0, rc);
        Assert.Contains("nothing run", stdout.ToString());
        Assert.Contains("| CpuidAnalyzers.Matrix | (none) | no-intrinsics |", File.ReadAllText(md));
        Assert.True(File.Exists(Path.ChangeExtension(md, ".json")));
    }
}
