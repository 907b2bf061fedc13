using System.Diagnostics;
using System.Text.RegularExpressions;
using CpuidAnalyzers.EndToEnd.Infrastructure;

namespace CpuidAnalyzers.EndToEnd;

/// <summary>
/// The command-line path: <c>dotnet format analyzers</c> applies the package's fixes to a copy of the
/// sample, and the result builds with no CPUID001, CPUID002 or CPUID008 left. Runs the real CLI on the
/// sample's project references to src/ (not the package), so it is slow (tens of seconds to minutes) and
/// lives here rather than in the unit suite; <c>dotnet test --filter Category!=CLI</c> skips it.
/// </summary>
[Trait("Category", "CLI")]
public class DotnetFormatCliTests
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(5);

    private static readonly string RepoRoot = EndToEndFixture.FindRepoRoot();

    private readonly ITestOutputHelper _output;

    public DotnetFormatCliTests(ITestOutputHelper output) => _output = output;

    [E2EFact]
    public void DotnetFormat_FixesTheSample_AndItBuilds()
    {
        var sample = PathOf(Path.Combine("samples", "CpuidAnalyzers.Sample"));
        var temp = Directory.CreateTempSubdirectory("cpuid-format-");
        var clock = Stopwatch.StartNew();
        try
        {
            foreach (var file in Directory.GetFiles(sample).Where(f => Path.GetExtension(f) is ".cs" or ".csproj" || Path.GetFileName(f) == ".editorconfig"))
                File.Copy(file, Path.Combine(temp.FullName, Path.GetFileName(file)));
            var project = Path.Combine(temp.FullName, "CpuidAnalyzers.Sample.csproj");
            // The copy lives outside the repository: point its project references at the repository's src.
            var src = PathOf("src").Replace('\\', '/') + "/";
            File.WriteAllText(project, File.ReadAllText(project).Replace("..\\..\\src\\", src).Replace("../../src/", src));
            Assert.Contains("CpuidAnalyzers.CodeFixes.csproj", File.ReadAllText(project));

            // dotnet format loads the analyzers from the referenced projects' Debug output: this suite does not
            // reference them, so bring that output up to date (incremental: quick when it is).
            Run("build", PathOf(Path.Combine("src", "CpuidAnalyzers.CodeFixes")), "-c", "Debug");

            // The sample has one CPUID001, CPUID002 and CPUID008 each (.ci/run checks that on every build).
            Run("format", "analyzers", project, "--diagnostics", "CPUID001", "CPUID002", "CPUID008", "--severity", "info");

            var unsafeKernels = File.ReadAllText(Path.Combine(temp.FullName, "UnsafeKernels.cs"));
            Assert.Contains("if (Avx2.IsSupported)", unsafeKernels);
            Assert.Contains("throw new PlatformNotSupportedException();", unsafeKernels);
            Assert.DoesNotContain("if (Avx.IsSupported)", unsafeKernels);
            Assert.Contains("if (Sse41.IsSupported)", File.ReadAllText(Path.Combine(temp.FullName, "ContractKernels.cs")));

            var after = Warnings(Run("build", project, "--no-restore", "-nodeReuse:false", "-p:BuildProjectReferences=false").Output);
            Assert.DoesNotContain(after, w => w.StartsWith("CPUID001", StringComparison.Ordinal) || w.StartsWith("CPUID002", StringComparison.Ordinal) || w.StartsWith("CPUID008", StringComparison.Ordinal));
            // The rules not asked for are untouched.
            Assert.Contains(after, w => w.StartsWith("CPUID006", StringComparison.Ordinal));
            _output.WriteLine($"copy, build, format, build: {clock.Elapsed.TotalSeconds:F0} s");
        }
        finally
        {
            try { temp.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static string PathOf(string relative) => Path.Combine(RepoRoot, relative);

    /// <summary>The distinct "CPUIDnnn file(line,col)" warnings of a build log.</summary>
    private static List<string> Warnings(string log) =>
        Regex.Matches(log, @"^\s*(?<file>[^\s(]+\.cs)\((?<pos>\d+,\d+)\): (?:warning|error) (?<id>CPUID\d+):", RegexOptions.Multiline)
            .Select(m => m.Groups["id"].Value + " " + Path.GetFileName(m.Groups["file"].Value) + "(" + m.Groups["pos"].Value + ")")
            .Distinct().ToList();

    private (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The test host runs under `dotnet test`: its MSBuild variables would steer the child's MSBuild.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "MSBUILD_EXE_PATH").ToList())
            start.Environment.Remove(name);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ProcessTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} did not finish in {ProcessTimeout}");
        }
        var output = stdout.Result + stderr.Result;
        _output.WriteLine($"dotnet {string.Join(' ', arguments)}: exit {process.ExitCode} in {clock.Elapsed.TotalSeconds:F0} s");
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed:\n{output}");
        return (process.ExitCode, output);
    }
}
