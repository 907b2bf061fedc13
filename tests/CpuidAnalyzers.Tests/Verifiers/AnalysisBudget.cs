using System;
using System.Diagnostics;

namespace CpuidAnalyzers.Tests.Verifiers;

/// <summary>
/// How long the analyzers may take on a source in a timing test: a fixed allowance plus ten times what compiling the
/// same source takes here and now. The compile time scales with the machine's load as the analysis does, so a busy
/// 2-core machine does not fail a test that a quiet one passes; an exponential analysis still overruns it.
/// </summary>
internal static class AnalysisBudget
{
    public static TimeSpan For(string source, TimeSpan allowance)
    {
        var watch = Stopwatch.StartNew();
        AnalyzerRunner.Compile(source).GetDiagnostics();
        return allowance + TimeSpan.FromTicks(watch.Elapsed.Ticks * 10);
    }
}
