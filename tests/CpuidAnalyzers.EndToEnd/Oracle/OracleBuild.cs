using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using CpuidAnalyzers.EndToEnd.Infrastructure;

namespace CpuidAnalyzers.EndToEnd.Oracle;

/// <summary>
/// The oracle's programs, each its own console project with a plain PackageReference to the package,
/// built once: for net10.0 with the analyzer (which records what it flags), and a few of them
/// self-contained for net8.0 (whose runtime honors one switch per ISA). Built as two solutions,
/// one `dotnet build`/`dotnet publish` each, so MSBuild restores and builds them together.
/// </summary>
public sealed class OracleBuild
{
    private OracleBuild(string net10Directory, string net8OutputDirectory)
    {
        Net10Directory = net10Directory;
        Net8OutputDirectory = net8OutputDirectory;
    }

    public IReadOnlyList<OracleProgram> Programs => OraclePrograms.All;

    /// <summary>The Vector&lt;T&gt; width programs (issue 11), built in the same net10.0 solution, judged on their own.</summary>
    public IReadOnlyList<OracleProgram> WidthPrograms => Oracle.WidthPrograms.All;

    public string Net10Directory { get; }
    public string Net8OutputDirectory { get; }
    public CliResult Net10Build { get; private set; } = null!;
    public CliResult? Net8Build { get; private set; }

    /// <summary>The CPUID diagnostics of each program's Program.cs, from the net10.0 build.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<BuildDiagnostic>> Diagnostics { get; private set; } = null!;

    /// <summary>Non-CPUID errors per program (a program that does not compile cannot be judged).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<BuildDiagnostic>> CompileErrors { get; private set; } = null!;

    public string Log { get; private set; } = "";

    public string Net10Dll(string name) => Path.Combine(Net10Directory, name, "bin", "Release", "net10.0", name + ".dll");

    public string Net8Executable(string name) => Path.Combine(Net8OutputDirectory, name);

    public bool IsFlagged(OracleProgram program) => Diagnostics.TryGetValue(program.Name, out var d) && d.Count > 0;

    public static async Task<OracleBuild> CreateAsync(EndToEndFixture fixture)
    {
        var net10 = Path.Combine(fixture.Work, "oracle-net10.0");
        var net8 = Path.Combine(fixture.Work, "oracle-net8.0-self-contained");
        var build = new OracleBuild(net10, Path.Combine(net8, "out"));
        var log = new StringBuilder();

        // --- net10.0, with the analyzer: one project per program, plus the probe.
        var net10Programs = OraclePrograms.All.Concat(Oracle.WidthPrograms.All).ToList();
        WriteNet10Solution(fixture, net10, net10Programs.Select(p => (p.Name, p.Source)).Append((OraclePrograms.ProbeName, OraclePrograms.ProbeSource)));
        var stopwatch = Stopwatch.StartNew();
        build.Net10Build = await Cli.RunAsync(fixture.Dotnet,
            new[] { "build", "Programs.slnx", "-c", "Release" }.Concat(fixture.CommonBuildArguments),
            net10, fixture.ConsumerEnvironment, TimeSpan.FromMinutes(10));
        log.Append($"oracle net10.0: {OraclePrograms.All.Count} programs + {Oracle.WidthPrograms.All.Count} width programs + probe built (restore included) in {stopwatch.Elapsed.TotalSeconds:F1}s, exit {build.Net10Build.ExitCode}\n");

        var all = BuildOutput.Diagnostics(build.Net10Build.Output);
        string? ProgramOf(BuildDiagnostic d)
        {
            var relative = Path.GetRelativePath(net10, d.File);
            var first = relative.Split(Path.DirectorySeparatorChar)[0];
            return relative.StartsWith("..", StringComparison.Ordinal) ? null : first;
        }
        build.Diagnostics = net10Programs.ToDictionary(p => p.Name,
            p => (IReadOnlyList<BuildDiagnostic>)all.Where(d => d.Id.StartsWith("CPUID", StringComparison.Ordinal) && ProgramOf(d) == p.Name).ToList());
        build.CompileErrors = net10Programs.Append(new OracleProgram(OraclePrograms.ProbeName, Intent.Correct, "", ""))
            .ToDictionary(p => p.Name, p => (IReadOnlyList<BuildDiagnostic>)all.Where(d => d.Severity == "error" && ProgramOf(d) == p.Name).ToList());

        // --- net8.0 self-contained, without the analyzer (the net10.0 build says what is flagged):
        // all into one output folder, so the .NET 8 runtime is copied once.
        var net8Programs = OraclePrograms.All.Where(p => p.OnNet8).Select(p => (p.Name, p.Source))
            .Append((OraclePrograms.ProbeName, OraclePrograms.ProbeSource)).ToList();
        WriteNet8Solution(net8, net8Programs);
        stopwatch.Restart();
        build.Net8Build = await Cli.RunAsync(fixture.Dotnet,
            new[] { "publish", "Programs.slnx", "-c", "Release", $"-p:PublishDir={build.Net8OutputDirectory}{Path.DirectorySeparatorChar}" }.Concat(fixture.CommonBuildArguments),
            net8, fixture.ConsumerEnvironment, TimeSpan.FromMinutes(10));
        log.Append($"oracle net8.0: {net8Programs.Count} programs published self-contained ({RuntimeInformation.RuntimeIdentifier}, restore included) in {stopwatch.Elapsed.TotalSeconds:F1}s, exit {build.Net8Build.ExitCode}\n");

        build.Log = log.ToString();
        fixture.Log(build.Log.TrimEnd());
        return build;
    }

    /// <summary>
    /// A Programs.slnx of net10.0 console projects with the package (PackageReference) and the oracle's
    /// .editorconfig: what the oracle builds, and what the fixed oracle copies the broken programs into.
    /// </summary>
    public static void WriteNet10Solution(EndToEndFixture fixture, string directory, IEnumerable<(string Name, string Source)> programs)
    {
        WriteSolution(directory, $"""
            <TargetFramework>net10.0</TargetFramework>
                <!-- Run as `dotnet Name.dll`: no apphost needed. -->
                <UseAppHost>false</UseAppHost>
            """,
            $"""<PackageReference Include="{EndToEndFixture.PackageId}" Version="{fixture.PackageVersion}" PrivateAssets="all" />""",
            programs);
        // CPUID003 is an error by default: as in the sample, make it a warning so every program builds and runs.
        File.WriteAllText(Path.Combine(directory, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.CPUID003.severity = warning\n");
    }

    /// <summary>A Programs.slnx of net8.0 console projects, self-contained for this RID, without the analyzer.</summary>
    public static void WriteNet8Solution(string directory, IEnumerable<(string Name, string Source)> programs) =>
        WriteSolution(directory, $"""
            <TargetFramework>net8.0</TargetFramework>
                <RuntimeIdentifier>{RuntimeInformation.RuntimeIdentifier}</RuntimeIdentifier>
                <SelfContained>true</SelfContained>
            """, "", programs);

    private static void WriteSolution(string directory, string properties, string packageReference, IEnumerable<(string Name, string Source)> programs)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), $"""
            <Project>
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                {properties}
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>disable</Nullable>
                <InvariantGlobalization>true</InvariantGlobalization>
                <SatelliteResourceLanguages>en</SatelliteResourceLanguages>
              </PropertyGroup>
              <ItemGroup>
                {packageReference}
              </ItemGroup>
            </Project>
            """);
        var solution = new StringBuilder("<Solution>\n");
        foreach (var (name, source) in programs)
        {
            var dir = Path.Combine(directory, name);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, name + ".csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
            File.WriteAllText(Path.Combine(dir, "Program.cs"), source);
            solution.Append($"  <Project Path=\"{name}/{name}.csproj\" />\n");
        }
        solution.Append("</Solution>\n");
        File.WriteAllText(Path.Combine(directory, "Programs.slnx"), solution.ToString());
    }
}
