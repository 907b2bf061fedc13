using System.Runtime.InteropServices;

namespace CpuidAnalyzers.EndToEnd.Infrastructure;

/// <summary>Where the real tools are, and whether they are there at all.</summary>
public static class Tools
{
    private static readonly Lazy<string?> s_dotnet = new(FindDotnet);

    /// <summary>The dotnet muxer of an installed SDK, or null when no SDK can be found.</summary>
    public static string? Dotnet => s_dotnet.Value;

    /// <summary>Why the suite cannot run here, or null when it can.</summary>
    public static string? MissingSdkReason => Dotnet is null
        ? "no .NET SDK found (no 'dotnet' with an sdk/ folder on PATH, in DOTNET_HOST_PATH or beside the running runtime): the end-to-end tests drive dotnet pack/new/build and cannot run"
        : null;

    /// <summary>Why the CPU oracle cannot run here, or null when it can: its switches are x86 ones.</summary>
    public static string? MissingX64Reason =>
        MissingSdkReason ?? (RuntimeInformation.ProcessArchitecture == Architecture.X64 && RuntimeInformation.IsOSPlatform(OSPlatform.Linux)
            ? null
            : $"the CPU oracle runs the x86 runtime switches (DOTNET_EnableAVX2=0, ...) on linux-x64; this is {RuntimeInformation.RuntimeIdentifier}");

    private static string? FindDotnet()
    {
        var exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath) candidates.Add(hostPath);
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            candidates.Add(Path.Combine(dir, exe));
        // The runtime running these tests: <root>/shared/Microsoft.NETCore.App/<version>/
        var runtimeDir = RuntimeEnvironment.GetRuntimeDirectory();
        candidates.Add(Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", "..", exe)));

        foreach (var candidate in candidates)
        {
            if (!File.Exists(candidate)) continue;
            var resolved = new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
            var sdkDir = Path.Combine(Path.GetDirectoryName(resolved)!, "sdk");
            if (Directory.Exists(sdkDir) && Directory.EnumerateDirectories(sdkDir).Any()) return resolved;
        }
        return null;
    }
}

/// <summary>A fact that needs the .NET SDK; skipped, with the reason, only where there is none.</summary>
public sealed class E2EFactAttribute : FactAttribute
{
    public E2EFactAttribute()
    {
        if (Tools.MissingSdkReason is { } reason) Skip = reason;
    }
}

/// <summary>A theory that needs the .NET SDK; skipped, with the reason, only where there is none.</summary>
public sealed class E2ETheoryAttribute : TheoryAttribute
{
    public E2ETheoryAttribute()
    {
        if (Tools.MissingSdkReason is { } reason) Skip = reason;
    }
}

/// <summary>A fact that needs the SDK and an x64 Linux process (the runtime's x86 feature switches).</summary>
public sealed class X64FactAttribute : FactAttribute
{
    public X64FactAttribute()
    {
        if (Tools.MissingX64Reason is { } reason) Skip = reason;
    }
}
