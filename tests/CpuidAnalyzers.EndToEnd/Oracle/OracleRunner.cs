using CpuidAnalyzers.EndToEnd.Infrastructure;

namespace CpuidAnalyzers.EndToEnd.Oracle;

/// <summary>One runtime and one feature switch (or none) to run the programs under.</summary>
/// <param name="Runtime">"net10.0" (the installed runtime, JIT) or "net8.0" (self-contained).</param>
/// <param name="Column">A short column heading for the report.</param>
/// <param name="Switch">NAME=VALUE of the environment variable, or null for the default configuration.</param>
public sealed record RuntimeConfig(string Runtime, string Column, string? Switch)
{
    public string Label => $"{Runtime} {Switch ?? "default"}";
    public bool IsDefault => Switch is null;
}

public enum Outcome
{
    Clean,
    ThrewPlatformNotSupported,
    /// <summary>Anything else: another exception, a crash, a time-out. The program is wrong, not the analyzer.</summary>
    Failed,
}

public sealed record ProgramRun(string Program, RuntimeConfig Config, Outcome Outcome, CliResult Result)
{
    /// <summary>The exception line and the first frames: where it threw.</summary>
    public string Excerpt()
    {
        var lines = Result.Output.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        var start = lines.FindIndex(l => l.Contains("Exception", StringComparison.Ordinal));
        return string.Join("\n      ", (start < 0 ? lines : lines.Skip(start)).Take(6));
    }
}

public static class OracleRunner
{
    /// <summary>The switches the programs run under on the installed .NET 10 (grouped: see the probe's report).</summary>
    public static readonly RuntimeConfig[] Net10 =
    {
        new("net10.0", "def", null),
        new("net10.0", "512F", "DOTNET_EnableAVX512F=0"),
        new("net10.0", "512", "DOTNET_EnableAVX512=0"),
        new("net10.0", "AVX2", "DOTNET_EnableAVX2=0"),
        new("net10.0", "AVX", "DOTNET_EnableAVX=0"),
        new("net10.0", "SSE42", "DOTNET_EnableSSE42=0"),
        new("net10.0", "HWI", "DOTNET_EnableHWIntrinsic=0"),
    };

    /// <summary>Switches only the probe runs under on .NET 10, to show whether they are honored.</summary>
    public static readonly RuntimeConfig[] Net10ProbeOnly =
    {
        new("net10.0", "FMA", "DOTNET_EnableFMA=0"),
        new("net10.0", "SSE41", "DOTNET_EnableSSE41=0"),
        new("net10.0", "BMI2", "DOTNET_EnableBMI2=0"),
    };

    /// <summary>.NET 8 honors one switch per ISA: the finer ground truth for the OnNet8 programs.</summary>
    public static readonly RuntimeConfig[] Net8 =
    {
        new("net8.0", "8:def", null),
        new("net8.0", "8:FMA", "DOTNET_EnableFMA=0"),
        new("net8.0", "8:SSE41", "DOTNET_EnableSSE41=0"),
        new("net8.0", "8:BMI2", "DOTNET_EnableBMI2=0"),
        new("net8.0", "8:AVX2", "DOTNET_EnableAVX2=0"),
        new("net8.0", "8:HWI", "DOTNET_EnableHWIntrinsic=0"),
    };

    /// <summary>
    /// The Vector&lt;T&gt; width programs' configurations (issue 11): the default (Vector&lt;int&gt;.Count 8
    /// with AVX2), 4 lanes, and 16 lanes, which only an AVX-512 host gives (the probe says).
    /// </summary>
    public static readonly RuntimeConfig[] Width =
    {
        new("net10.0", "def", null),
        new("net10.0", "AVX2", WidthPrograms.Narrow),
        new("net10.0", "V512", WidthPrograms.Wide),
    };

    public static Task<ProgramRun> RunAsync(OracleBuild build, string dotnet, string program, RuntimeConfig config) =>
        RunAsync(build.Net10Dll, build.Net8Executable, build.Net10Directory, build.Net8OutputDirectory, dotnet, program, config);

    /// <summary>Runs one program of any build: <paramref name="net10Dll"/> and <paramref name="net8Executable"/> say where each program is.</summary>
    public static async Task<ProgramRun> RunAsync(Func<string, string> net10Dll, Func<string, string> net8Executable,
        string net10Directory, string net8Directory, string dotnet, string program, RuntimeConfig config)
    {
        var environment = new Dictionary<string, string?>();
        if (config.Switch is { } s)
        {
            var parts = s.Split('=', 2);
            environment[parts[0]] = parts[1];
        }
        var result = config.Runtime == "net8.0"
            ? await Cli.RunAsync(net8Executable(program), Array.Empty<string>(), net8Directory, environment, TimeSpan.FromMinutes(2))
            : await Cli.RunAsync(dotnet, new[] { net10Dll(program) }, net10Directory, environment, TimeSpan.FromMinutes(2));
        var outcome = result.TimedOut ? Outcome.Failed
            : result.ExitCode == 0 ? Outcome.Clean
            : result.Output.Contains("System.PlatformNotSupportedException", StringComparison.Ordinal) ? Outcome.ThrewPlatformNotSupported
            : Outcome.Failed;
        return new ProgramRun(program, config, outcome, result);
    }

    /// <summary>Runs every (program, configuration) pair, as many at once as there are cores.</summary>
    public static Task<IReadOnlyList<ProgramRun>> RunAllAsync(OracleBuild build, string dotnet, IEnumerable<(string Program, RuntimeConfig Config)> work) =>
        RunAllAsync(work, item => RunAsync(build, dotnet, item.Program, item.Config));

    /// <summary>Runs every item with <paramref name="run"/>, as many at once as there are cores.</summary>
    public static async Task<IReadOnlyList<ProgramRun>> RunAllAsync(IEnumerable<(string Program, RuntimeConfig Config)> work,
        Func<(string Program, RuntimeConfig Config), Task<ProgramRun>> run)
    {
        var results = new List<ProgramRun>();
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) },
            async (item, _) =>
            {
                var result = await run(item);
                lock (results) results.Add(result);
            });
        return results;
    }

    /// <summary>The probe's "Name=True|False" lines.</summary>
    public static IReadOnlyDictionary<string, string> ParseProbe(string output) => output.Split('\n')
        .Select(l => l.Trim().Split('=', 2))
        .Where(p => p.Length == 2)
        .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]);
}
