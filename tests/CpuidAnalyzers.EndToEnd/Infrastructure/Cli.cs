using System.Diagnostics;
using System.Text;

namespace CpuidAnalyzers.EndToEnd.Infrastructure;

/// <summary>What one command did: its exit code and its stdout and stderr, interleaved as they came.</summary>
public sealed record CliResult(string CommandLine, string WorkingDirectory, int ExitCode, string Output, TimeSpan Duration, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>The command and the last lines of its output: enough to see what went wrong.</summary>
    public string Describe(int maxLines = 80)
    {
        var lines = Output.Split('\n');
        var shown = lines.Length <= maxLines
            ? Output
            : $"... ({lines.Length - maxLines} earlier lines left out)\n" + string.Join('\n', lines[^maxLines..]);
        return $"$ {CommandLine}\n  (in {WorkingDirectory}; exit code {ExitCode}{(TimedOut ? ", TIMED OUT" : "")}, {Duration.TotalSeconds:F1}s)\n{shown.TrimEnd()}";
    }
}

/// <summary>Runs real tools. Every process it starts is waited for, or killed (by its id) on timeout.</summary>
public static class Cli
{
    /// <summary>
    /// Variables a child must not inherit from the test host: MSBuild's own (dotnet test runs us from
    /// inside MSBuild, and MSBuildExtensionsPath &amp; co. would point a child build at the wrong place),
    /// and every runtime switch, so each program runs under exactly the switches the test names.
    /// </summary>
    internal static bool IsScrubbed(string name) =>
        name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("DOTNET_Enable", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("COMPlus_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("DOTNET_PreferredVectorBitWidth", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("DOTNET_MaxVectorTBitWidth", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("VSTEST_", StringComparison.OrdinalIgnoreCase)
        || name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase)
        || name.Equals("NUGET_PACKAGES", StringComparison.OrdinalIgnoreCase)
        || name.Equals("UseSharedCompilation", StringComparison.OrdinalIgnoreCase);

    public static async Task<CliResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null)
    {
        var args = arguments.ToList();
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) startInfo.ArgumentList.Add(a);
        foreach (var name in startInfo.Environment.Keys.Where(IsScrubbed).ToList()) startInfo.Environment.Remove(name);
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        startInfo.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        startInfo.Environment["MSBUILDTERMINALLOGGER"] = "off";
        if (environment is not null)
            foreach (var (name, value) in environment)
            {
                if (value is null) startInfo.Environment.Remove(name);
                else startInfo.Environment[name] = value;
            }

        var commandLine = string.Join(' ', new[] { fileName }.Concat(args).Select(Quote));
        if (environment is not null)
            commandLine = string.Concat(environment.Where(e => e.Value is not null).Select(e => $"{e.Key}={e.Value} ")) + commandLine;

        var output = new StringBuilder();
        var outputDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errorDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is null) outputDone.TrySetResult(); else lock (output) output.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is null) errorDone.TrySetResult(); else lock (output) output.Append(e.Data).Append('\n'); };
        process.Exited += (_, _) => exited.TrySetResult();

        var stopwatch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new CliResult(commandLine, workingDirectory, -1, $"cannot start {fileName}: {e.Message}", stopwatch.Elapsed, false);
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var limit = timeout ?? TimeSpan.FromMinutes(10);
        var timedOut = await Task.WhenAny(exited.Task, Task.Delay(limit)) != exited.Task;
        if (timedOut)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await Task.WhenAny(exited.Task, Task.Delay(TimeSpan.FromSeconds(10)));
        }
        // Wait for the output to drain, but not for ever: a grandchild that outlives the command
        // (a build server) could hold the pipes open.
        await Task.WhenAny(Task.WhenAll(outputDone.Task, errorDone.Task), Task.Delay(TimeSpan.FromSeconds(5)));
        stopwatch.Stop();

        string text;
        lock (output) text = output.ToString();
        var exitCode = process.HasExited ? process.ExitCode : -1;
        return new CliResult(commandLine, workingDirectory, exitCode, text, stopwatch.Elapsed, timedOut);
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./:=%,+@".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''") + "'";
}
