using System.Diagnostics;
using System.Text;

namespace CpuidAnalyzers.Matrix.Tests.EndToEnd;

/// <summary>What one command did.</summary>
public sealed record ShellResult(string CommandLine, int ExitCode, string Output, TimeSpan Duration)
{
    public string Describe() => $"$ {CommandLine}\n(exit {ExitCode}, {Duration.TotalSeconds:F1}s)\n{Output}";
}

/// <summary>Runs real tools for the end-to-end tests; every process is waited for, or killed (with its tree) on timeout.</summary>
public static class Shell
{
    /// <summary>
    /// Not inherited by the children: MSBuild's variables (dotnet test runs us from inside MSBuild and they
    /// would point a child build at the wrong place), the runtime switches, and the test platform's own.
    /// </summary>
    static bool IsScrubbed(string name) =>
        name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("DOTNET_Enable", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("COMPlus_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("DOTNET_PreferredVectorBitWidth", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("DOTNET_MaxVectorTBitWidth", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("VSTEST_", StringComparison.OrdinalIgnoreCase)
        || name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase)
        || name.Equals("NUGET_PACKAGES", StringComparison.OrdinalIgnoreCase);

    public static ShellResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        foreach (var name in psi.Environment.Keys.Where(IsScrubbed).ToList()) psi.Environment.Remove(name);
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        psi.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["MSBUILDTERMINALLOGGER"] = "off";
        if (environment is not null)
            foreach (var (k, v) in environment) psi.Environment[k] = v;
        string commandLine = string.Join(' ', new[] { fileName }.Concat(psi.ArgumentList));

        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Append(e.Data).Append('\n'); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit();
            lock (output) return new(commandLine, -1, output + "\n(TIMED OUT, killed)", watch.Elapsed);
        }
        process.WaitForExit();
        lock (output) return new(commandLine, process.ExitCode, output.ToString(), watch.Elapsed);
    }

    /// <summary>The repository root: the folder above the test binaries that holds CpuidAnalyzers.sln.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CpuidAnalyzers.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no CpuidAnalyzers.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>
    /// Makes <paramref name="dir"/> a folder MSBuild and NuGet see nothing above: empty Directory.*.props,
    /// the repository's global.json, a nuget.config with only <paramref name="feed"/> (or no source at all:
    /// offline) and a private packages folder.
    /// </summary>
    /// <param name="registry">Also the NuGet registry (nuget.org, or the mirror the machine's config points it to), with the user's packages cache.</param>
    public static void Isolate(string dir, string? feed = null, bool registry = false)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, ".editorconfig"), "root = true\n");
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(Path.Combine(dir, name), "<Project>\n  <!-- Stops MSBuild's search above this test folder. -->\n</Project>\n");
        File.Copy(Path.Combine(RepoRoot(), "global.json"), Path.Combine(dir, "global.json"), overwrite: true);
        string packages = Path.Combine(dir, ".packages");
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
            {(registry ? "" : $"  <config>\n    <add key=\"globalPackagesFolder\" value=\"{packages}\" />\n  </config>\n")}  <packageSources>
                <clear />
            {(feed is null ? "" : $"    <add key=\"local\" value=\"{feed}\" />\n")}{(registry ? "    <add key=\"nuget.org\" value=\"https://api.nuget.org/v3/index.json\" />\n" : "")}  </packageSources>
            </configuration>
            """);
    }
}
