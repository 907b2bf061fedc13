using Xunit.Abstractions;

namespace CpuidAnalyzers.Matrix.Tests.EndToEnd;

/// <summary>
/// The "done when": the tool packs, and installs as a local tool from the built package in a
/// fresh project (`dotnet new tool-manifest`, `dotnet tool install --add-source`), and runs there.
/// Offline: the only package source is the folder the test packed into.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class PackInstallTests(ITestOutputHelper output) : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("cpuid-matrix-pack-").FullName;

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("CPUID_E2E_KEEP") != "1") Directory.Delete(root, recursive: true);
    }

    ShellResult Run(string workingDirectory, params string[] args)
    {
        var r = Shell.Run("dotnet", args, workingDirectory, timeout: TimeSpan.FromMinutes(5));
        output.WriteLine(r.Describe());
        return r;
    }

    [E2EFact]
    public void Packs_installs_as_a_local_tool_and_runs()
    {
        // A snapshot of the tool's sources (nothing built inside the repository), packed offline under a
        // version no NuGet cache has seen.
        string repo = Shell.RepoRoot();
        string snapshot = Path.Combine(root, "src");
        Shell.Isolate(snapshot);
        File.Copy(Path.Combine(repo, "Directory.Build.props"), Path.Combine(snapshot, "Directory.Build.props"), overwrite: true);
        File.Copy(Path.Combine(repo, "Directory.Packages.props"), Path.Combine(snapshot, "Directory.Packages.props"), overwrite: true);
        string project = Path.Combine(snapshot, "CpuidAnalyzers.Matrix");
        Directory.CreateDirectory(project);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(repo, "src", "CpuidAnalyzers.Matrix")))
            File.Copy(file, Path.Combine(project, Path.GetFileName(file)));
        string feed = Path.Combine(root, "feed");
        string version = $"1.0.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var pack = Run(snapshot, "pack", project, "-c", "Release", "-o", feed, $"-p:Version={version}",
            "-nologo", "-tl:off", "-nodeReuse:false", "-p:UseSharedCompilation=false");
        Assert.True(pack.ExitCode == 0, pack.Describe());
        Assert.True(File.Exists(Path.Combine(feed, $"CpuidAnalyzers.Matrix.{version}.nupkg")), $"no package in {feed}");

        // A fresh project folder that knows only that feed.
        string consumer = Path.Combine(root, "consumer");
        Shell.Isolate(consumer, feed);
        var manifest = Run(consumer, "new", "tool-manifest");
        Assert.True(manifest.ExitCode == 0, manifest.Describe());
        var install = Run(consumer, "tool", "install", "CpuidAnalyzers.Matrix", "--version", version, "--add-source", feed);
        Assert.True(install.ExitCode == 0, install.Describe());
        Assert.Contains("cpuid-matrix", install.Output);

        var help = Run(consumer, "cpuid-matrix", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage: dotnet cpuid-matrix [options] [-- <command> [args…]]", help.Output);
        Assert.Contains("--emulate", help.Output);

        // A trivial run: the host configuration only, a command that succeeds.
        var run = Run(consumer, "cpuid-matrix", "--only", "host", "--", "true");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("1 passed, 0 failed, 0 crashed, 0 not run, 6 skipped", run.Output);
        // And a usage error keeps its exit code through the tool host.
        Assert.Equal(2, Run(consumer, "cpuid-matrix", "--frobnicate").ExitCode);
    }
}
