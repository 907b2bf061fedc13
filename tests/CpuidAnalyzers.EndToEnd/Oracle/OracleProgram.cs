namespace CpuidAnalyzers.EndToEnd.Oracle;

/// <summary>What the author of a program meant: every intrinsic behind the right check, or not.</summary>
public enum Intent
{
    /// <summary>Every intrinsic use is reachable only where its IsSupported holds: must run clean everywhere.</summary>
    Correct,

    /// <summary>At least one use can run where its ISA is off (on some CPU, VM or runtime switch).</summary>
    Broken,
}

/// <summary>
/// One small program of the oracle: a whole Program.cs that exits 0 when nothing goes wrong and lets
/// a PlatformNotSupportedException escape (the process then dies with it) when an intrinsic runs
/// where its ISA is off.
/// </summary>
/// <param name="Name">Project and folder name; also how the reports name it.</param>
/// <param name="Intent">What the program's author meant (the CPU decides what it does).</param>
/// <param name="Title">One line: the guard style it shows.</param>
/// <param name="Source">The whole Program.cs.</param>
/// <param name="OnNet8">Also published self-contained for .NET 8, whose switches act per ISA (FMA, SSE41, BMI2...).</param>
/// <param name="MustThrowUnder">
/// A switch under which the program throws on every x64 host (it turns the ISA off, and the failing
/// path runs regardless of what the host has): a check that the oracle still has teeth.
/// </param>
public sealed record OracleProgram(string Name, Intent Intent, string Title, string Source, bool OnNet8 = false, string? MustThrowUnder = null);
