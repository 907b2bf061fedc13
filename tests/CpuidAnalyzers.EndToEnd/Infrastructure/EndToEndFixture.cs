using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using CpuidAnalyzers.EndToEnd.Oracle;

namespace CpuidAnalyzers.EndToEnd.Infrastructure;

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<EndToEndFixture>
{
    /// <summary>One collection: the tests share one pack, one restore per project and one build server, and run one at a time.</summary>
    public const string Name = "End to end";
}

/// <summary>
/// Everything the end-to-end tests share, made once: a temp folder outside the repo, a snapshot of
/// src/ packed into a local feed under a version no cache has seen, and (on first use) the consumer
/// projects per target framework, each restored once from that feed into a private packages folder.
/// Set CPUID_E2E_KEEP=1 to keep the temp folder for a look after the run.
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    public const string PackageId = "CpuidAnalyzers";

    private readonly Dictionary<string, Task<Consumer>> _consumers = new();
    private readonly object _gate = new();
    private readonly StringBuilder _log = new();
    private readonly string _runId = $"{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
    private Task<OracleBuild>? _oracle;

    public EndToEndFixture()
    {
        RepoRoot = FindRepoRoot();
        Root = Path.Combine(Path.GetTempPath(), $"cpuid-e2e-{_runId.Replace('.', '-')}");
        Feed = Path.Combine(Root, "feed");
        Packages = Path.Combine(Root, "packages");
        Work = Path.Combine(Root, "work");
        // A unique version: nothing in any NuGet cache can stand in for the package just packed.
        PackageVersion = $"1.0.0-e2e.{_runId}";
        // Our own compiler server (a private pipe name), so it can be shut down, by its id, when we are done.
        CompilerPipe = $"cpuid-e2e-{Environment.ProcessId}-{Guid.NewGuid():N}"[..32];
    }

    public string RepoRoot { get; }
    public string Root { get; }
    public string Feed { get; }
    public string Packages { get; }
    public string Work { get; }
    public string PackageVersion { get; }
    public string CompilerPipe { get; }
    public string Dotnet => Tools.Dotnet ?? throw new InvalidOperationException(Tools.MissingSdkReason);

    /// <summary>What the setup did, with timings; tests print it when they fail.</summary>
    public string SetupLog { get { lock (_log) return _log.ToString(); } }

    /// <summary>Arguments every build gets: classic console output to parse, no lingering nodes, our build server.</summary>
    public IReadOnlyList<string> CommonBuildArguments => new[]
    {
        "-nologo", "-tl:off", "-nodeReuse:false",
        // The compiler server makes the many small builds several times faster than a fresh csc each.
        "-p:UseSharedCompilation=true", $"-p:SharedCompilationId={CompilerPipe}",
    };

    /// <summary>The environment for consumer commands: restores go to the private packages folder.</summary>
    public IReadOnlyDictionary<string, string?> ConsumerEnvironment => new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Packages };

    public async Task InitializeAsync()
    {
        if (Tools.MissingSdkReason is not null) return; // every test skips with that reason
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(Packages);
        Directory.CreateDirectory(Work);
        Log($"temp folder: {Root} (set CPUID_E2E_KEEP=1 to keep it)");

        // Nothing above the temp folder may leak into the generated projects.
        File.WriteAllText(Path.Combine(Root, ".editorconfig"), "root = true\n");
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(Path.Combine(Work, name), "<Project>\n  <!-- Stops MSBuild's search for this file above the e2e folder. -->\n</Project>\n");
        File.Copy(Path.Combine(RepoRoot, "global.json"), Path.Combine(Root, "global.json"));
        File.WriteAllText(Path.Combine(Work, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Packages}" />
              </config>
              <packageSources>
                <clear />
                <add key="cpuid-e2e-feed" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);

        await PackAsync();
    }

    /// <summary>
    /// Packs a snapshot of the working tree's src/ (copied, so nothing is built in the repo and a
    /// concurrent edit cannot tear the build) exactly as README's "build the package" command does.
    /// </summary>
    private async Task PackAsync()
    {
        var snapshot = Path.Combine(Root, "pack");
        var stopwatch = Stopwatch.StartNew();
        // CPUID_E2E_PACK_FROM: another checkout to pack (say, an older commit's `git archive`), to judge its analyzer.
        var from = Environment.GetEnvironmentVariable("CPUID_E2E_PACK_FROM") is { Length: > 0 } other ? Path.GetFullPath(other) : RepoRoot;
        Directory.CreateDirectory(snapshot);
        foreach (var file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(snapshot, Path.GetFileName(file)));
        CopyTree(Path.Combine(from, "src"), Path.Combine(snapshot, "src"));
        CopyTree(Path.Combine(from, "docs"), Path.Combine(snapshot, "docs"));
        if (from != RepoRoot) Log($"packing {from}, not the repo (CPUID_E2E_PACK_FROM)");
        var project = Path.Combine(snapshot, "src", "CpuidAnalyzers.Package", "CpuidAnalyzers.Package.csproj");
        var result = await Cli.RunAsync(Dotnet,
            new[] { "pack", project, "-c", "Release", "-o", Feed, $"-p:Version={PackageVersion}" }.Concat(CommonBuildArguments),
            snapshot, timeout: TimeSpan.FromMinutes(10));
        Log($"pack {PackageId} {PackageVersion}: exit {result.ExitCode} in {result.Duration.TotalSeconds:F1}s (with the copy: {stopwatch.Elapsed.TotalSeconds:F1}s)");
        var nupkg = Path.Combine(Feed, $"{PackageId}.{PackageVersion}.nupkg");
        if (!result.Succeeded || !File.Exists(nupkg))
            throw new InvalidOperationException($"dotnet pack of a snapshot of src/ failed, or made no {Path.GetFileName(nupkg)}; every end-to-end test needs it.\n{result.Describe(120)}");
    }

    /// <summary>
    /// A fresh console project for <paramref name="tfm"/>, made by `dotnet new console`, with the
    /// PackageReference README's Install section shows (our version put in), restored once.
    /// </summary>
    public Task<Consumer> ConsumerAsync(string tfm)
    {
        lock (_gate)
        {
            if (!_consumers.TryGetValue(tfm, out var task)) _consumers[tfm] = task = CreateConsumerAsync(tfm);
            return task;
        }
    }

    private async Task<Consumer> CreateConsumerAsync(string tfm)
    {
        var dir = Path.Combine(Work, $"consumer-{tfm}");
        var stopwatch = Stopwatch.StartNew();
        var create = await Cli.RunAsync(Dotnet, new[] { "new", "console", "-n", "Consumer", "-o", dir, "--no-restore" }, Work, ConsumerEnvironment, TimeSpan.FromMinutes(3));
        if (!create.Succeeded) throw new InvalidOperationException($"dotnet new console failed:\n{create.Describe()}");
        var projectFile = Path.Combine(dir, "Consumer.csproj");
        var csproj = File.ReadAllText(projectFile);

        // The template offers only the SDK's own framework; a user targeting another one edits this line.
        var tfmElement = new Regex("<TargetFramework>[^<]*</TargetFramework>");
        if (!tfmElement.IsMatch(csproj)) throw new InvalidOperationException($"the console template has no <TargetFramework> to set:\n{csproj}");
        csproj = tfmElement.Replace(csproj, $"<TargetFramework>{tfm}</TargetFramework>", 1);

        var reference = ReadmePackageReference();
        csproj = csproj.Replace("</Project>", $"  <ItemGroup>\n    {reference}\n  </ItemGroup>\n\n</Project>");
        File.WriteAllText(projectFile, csproj);

        var restore = await Cli.RunAsync(Dotnet, new[] { "restore", projectFile, "-nologo", "-tl:off" }, dir, ConsumerEnvironment, TimeSpan.FromMinutes(5));
        Log($"consumer {tfm}: dotnet new + restore in {stopwatch.Elapsed.TotalSeconds:F1}s (exit {restore.ExitCode}); reference: {reference}");
        if (!restore.Succeeded)
            throw new InvalidOperationException($"restoring the {tfm} consumer from the local feed failed:\n{restore.Describe()}\n--- Consumer.csproj\n{csproj}");
        return new Consumer(this, dir, projectFile, tfm);
    }

    /// <summary>README's Install snippet, the way users copy it, with this run's version.</summary>
    public string ReadmePackageReference()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot, "README.md"));
        var m = Regex.Match(readme, $"""<PackageReference\s+Include="{PackageId}"[^>]*/>""");
        if (!m.Success) throw new InvalidOperationException("README.md shows no <PackageReference Include=\"CpuidAnalyzers\" ... /> to install the package with");
        var reference = m.Value;
        return Regex.IsMatch(reference, "Version=\"[^\"]*\"")
            ? Regex.Replace(reference, "Version=\"[^\"]*\"", $"Version=\"{PackageVersion}\"")
            : reference.Replace("/>", $"Version=\"{PackageVersion}\" />");
    }

    /// <summary>The repository address every link takes: CpuidAnalyzersRepositoryUrl in Directory.Build.props, without a trailing '/'.</summary>
    public string RepositoryUrl
    {
        get
        {
            var props = File.ReadAllText(Path.Combine(RepoRoot, "Directory.Build.props"));
            var m = Regex.Match(props, @"<CpuidAnalyzersRepositoryUrl\b[^>]*>(?<url>[^<]+)</CpuidAnalyzersRepositoryUrl>");
            if (!m.Success) throw new InvalidOperationException("Directory.Build.props sets no CpuidAnalyzersRepositoryUrl");
            return m.Groups["url"].Value.Trim().TrimEnd('/');
        }
    }

    /// <summary>The CPU oracle's programs, built once with the analyzer (see <see cref="OracleBuild"/>).</summary>
    public Task<OracleBuild> OracleAsync()
    {
        lock (_gate) return _oracle ??= OracleBuild.CreateAsync(this);
    }

    /// <summary>Fails a test with its message, the set-up log in its output, and where the temp folder is.</summary>
    public void Fail(ITestOutputHelper output, string message)
    {
        output.WriteLine(SetupLog);
        Assert.Fail(message + $"\n(temp folder {Root}; set CPUID_E2E_KEEP=1 to keep it)");
    }

    public void Log(string line)
    {
        lock (_log) _log.Append(line).Append('\n');
    }

    public Task DisposeAsync()
    {
        StopCompilerServer();
        if (Environment.GetEnvironmentVariable("CPUID_E2E_KEEP") is { Length: > 0 } keep && keep != "0") return Task.CompletedTask;
        try
        {
            if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }

    /// <summary>Ends the compiler server our builds started: found by our private pipe name, ended by its id.</summary>
    private void StopCompilerServer()
    {
        if (!Directory.Exists("/proc")) return;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string commandLine;
            try { commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' '); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (!commandLine.Contains($"-pipename:{CompilerPipe}", StringComparison.Ordinal)) continue;
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(5000);
            }
            catch (ArgumentException) { }
            catch (InvalidOperationException) { }
        }
        // The server's socket, named after the pipe, outlives a killed server.
        try { File.Delete(Path.Combine(Path.GetTempPath(), CompilerPipe)); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static void CopyTree(string from, string to)
    {
        if (!Directory.Exists(from)) return;
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(dir);
            if (name is "bin" or "obj" or "TestResults" or ".vs") continue;
            CopyTree(dir, Path.Combine(to, name));
        }
    }

    internal static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CpuidAnalyzers.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no CpuidAnalyzers.sln above {AppContext.BaseDirectory}");
    }
}
