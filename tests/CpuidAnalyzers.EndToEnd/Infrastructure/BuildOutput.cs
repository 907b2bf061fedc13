using System.Text.RegularExpressions;

namespace CpuidAnalyzers.EndToEnd.Infrastructure;

/// <summary>One compiler diagnostic as MSBuild's console logger prints it.</summary>
/// <param name="HelpLink">The rule's helpLinkUri, which the compiler appends in parentheses; null when absent.</param>
public sealed record BuildDiagnostic(string File, int Line, int Column, string Severity, string Id, string Message, string? HelpLink, string RawLine)
{
    public override string ToString() => $"{File}({Line},{Column}): {Severity} {Id}";
}

public static partial class BuildOutput
{
    // /abs/Program.cs(6,9): warning CPUID001: message (https://.../CPUID001.md) [/abs/app.csproj]
    [GeneratedRegex(@"^\s*(?<file>[^\s(][^(]*?\.cs)\((?<line>\d+),(?<col>\d+)\): (?<sev>warning|error) (?<id>[A-Z]+\d+): (?<msg>.*?)(?: \((?<link>https?://[^\s)]+)\))?(?: \[(?<proj>[^\]]+)\])?\s*$")]
    private static partial Regex DiagnosticLine();

    /// <summary>
    /// Every CPUID diagnostic in a build log, once each: MSBuild repeats warnings in its summary,
    /// so duplicates (same file, position, severity and ID) are dropped.
    /// </summary>
    public static IReadOnlyList<BuildDiagnostic> CpuidDiagnostics(string output) => Diagnostics(output)
        .Where(d => d.Id.StartsWith("CPUID", StringComparison.Ordinal))
        .ToList();

    public static IReadOnlyList<BuildDiagnostic> Diagnostics(string output)
    {
        var seen = new HashSet<(string, int, int, string, string)>();
        var result = new List<BuildDiagnostic>();
        foreach (var raw in output.Split('\n'))
        {
            var m = DiagnosticLine().Match(raw.TrimEnd('\r'));
            if (!m.Success) continue;
            var file = Path.GetFullPath(m.Groups["file"].Value);
            var d = new BuildDiagnostic(file, int.Parse(m.Groups["line"].Value), int.Parse(m.Groups["col"].Value),
                m.Groups["sev"].Value, m.Groups["id"].Value, m.Groups["msg"].Value,
                m.Groups["link"].Success ? m.Groups["link"].Value : null, raw.Trim());
            if (seen.Add((d.File, d.Line, d.Column, d.Severity, d.Id))) result.Add(d);
        }
        return result;
    }

    /// <summary>
    /// The lines marked in a source with a comment <c>// expect CPUIDnnn</c>: the diagnostic is expected
    /// on the next line (1-based line numbers, as the compiler prints them).
    /// </summary>
    public static IReadOnlyList<(int Line, string Id)> ExpectedMarkers(string source)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var result = new List<(int, string)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var m = Regex.Match(lines[i], @"^\s*// expect (?<ids>CPUID\d+(?:\s*,\s*CPUID\d+)*)\s*$");
            if (!m.Success) continue;
            foreach (var id in m.Groups["ids"].Value.Split(',', StringSplitOptions.TrimEntries))
                result.Add((i + 2, id));
        }
        return result;
    }
}
