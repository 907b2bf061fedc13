namespace CpuidAnalyzers.EndToEnd.Infrastructure;

/// <summary>What one consumer build did.</summary>
public sealed record ConsumerBuild(CliResult Result, IReadOnlyList<BuildDiagnostic> Diagnostics, string ProjectDirectory)
{
    public IReadOnlyList<BuildDiagnostic> Cpuid => Diagnostics.Where(d => d.Id.StartsWith("CPUID", StringComparison.Ordinal)).ToList();

    /// <summary>The CPUID diagnostics as (file relative to the project, line, severity, id), sorted.</summary>
    public IReadOnlyList<(string File, int Line, string Severity, string Id)> CpuidSummary => Cpuid
        .Select(d => (Path.GetRelativePath(ProjectDirectory, d.File), d.Line, d.Severity, d.Id))
        .OrderBy(d => d.Item1, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Id, StringComparer.Ordinal)
        .ToList();

    /// <summary>For a failure message: what was found, and the build's own output.</summary>
    public string Describe() =>
        "CPUID diagnostics found: " + (Cpuid.Count == 0 ? "none" : string.Join("; ", CpuidSummary.Select(d => $"{d.File}:{d.Line} {d.Severity} {d.Id}")))
        + "\n" + Result.Describe(60);
}

/// <summary>
/// A fresh console project (from `dotnet new console`) that installed the package from the local feed.
/// Restored once; each build replaces its sources and rebuilds from scratch (--no-incremental), so
/// every build reports every diagnostic, as a CI build from a clean clone does.
/// </summary>
public sealed class Consumer
{
    private readonly EndToEndFixture _fixture;
    private readonly SemaphoreSlim _lock = new(1, 1);

    public Consumer(EndToEndFixture fixture, string directory, string projectFile, string tfm)
    {
        _fixture = fixture;
        Directory = directory;
        ProjectFile = projectFile;
        Tfm = tfm;
    }

    public string Directory { get; }
    public string ProjectFile { get; }
    public string Tfm { get; }

    /// <summary>Puts exactly <paramref name="files"/> (relative path → text) beside the project file and builds it.</summary>
    public async Task<ConsumerBuild> BuildAsync(IReadOnlyDictionary<string, string> files, params string[] extraArguments)
    {
        await _lock.WaitAsync();
        try
        {
            ReplaceSources(files);
            var result = await Cli.RunAsync(_fixture.Dotnet,
                new[] { "build", ProjectFile, "--no-restore", "--no-incremental" }.Concat(_fixture.CommonBuildArguments).Concat(extraArguments),
                Directory, _fixture.ConsumerEnvironment, TimeSpan.FromMinutes(5));
            return new ConsumerBuild(result, BuildOutput.Diagnostics(result.Output), Directory);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>`dotnet publish` of the current sources into <paramref name="outputDirectory"/>.</summary>
    public async Task<CliResult> PublishAsync(IReadOnlyDictionary<string, string> files, string outputDirectory)
    {
        await _lock.WaitAsync();
        try
        {
            ReplaceSources(files);
            return await Cli.RunAsync(_fixture.Dotnet,
                new[] { "publish", ProjectFile, "--no-restore", "-c", "Release", "-o", outputDirectory }.Concat(_fixture.CommonBuildArguments),
                Directory, _fixture.ConsumerEnvironment, TimeSpan.FromMinutes(5));
        }
        finally
        {
            _lock.Release();
        }
    }

    public string OutputDirectory(string configuration = "Debug") => Path.Combine(Directory, "bin", configuration, Tfm);

    private void ReplaceSources(IReadOnlyDictionary<string, string> files)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
            if (!string.Equals(file, ProjectFile, StringComparison.Ordinal)) File.Delete(file);
        foreach (var dir in System.IO.Directory.EnumerateDirectories(Directory))
            if (Path.GetFileName(dir) is not ("obj" or "bin")) System.IO.Directory.Delete(dir, recursive: true);
        foreach (var (relativePath, text) in files)
        {
            var path = Path.Combine(Directory, relativePath);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
    }
}
