using System;
using System.IO;

namespace CpuidAnalyzers.Tests.Verifiers;

/// <summary>Finds files of this repository (docs, README) from the test's output folder.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CpuidAnalyzers.sln"))) return dir.FullName;
        throw new InvalidOperationException("CpuidAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
