using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.Inference;

/// <summary>
/// Which <c>[InternalsVisibleTo]</c> friends are test assemblies (tests, benchmarks, mocking proxies), whose calls
/// into internal members are left unchecked so that inference stays on for the library they test.
/// </summary>
internal static class TestFriends
{
    private static readonly string[] Suffixes =
    {
        ".Tests", ".Test", ".UnitTests", ".IntegrationTests", ".FunctionalTests", ".Specs",
        ".Benchmarks", ".Benchmark", ".Perf", ".PerformanceTests",
    };

    /// <summary>Mocking libraries' proxy assemblies: Moq and Castle (DynamicProxyGenAssembly2), NSubstitute, FakeItEasy.</summary>
    private static readonly string[] Names = { "DynamicProxyGenAssembly2", "NSubstitute", "FakeItEasy" };

    /// <summary>
    /// The friend's assembly name: the attribute's string up to its first comma (<c>"X.Tests, PublicKey=..."</c> is
    /// <c>X.Tests</c>), trimmed; null when the argument is not a string.
    /// </summary>
    public static string? AssemblyName(AttributeData attribute) =>
        attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0] is { Kind: TypedConstantKind.Primitive, Value: string value }
            ? value.Split(',')[0].Trim()
            : null;

    /// <summary>Whether <paramref name="name"/> is a test friend by its name alone (case-insensitive).</summary>
    public static bool IsTestFriendByName(string? name) =>
        name is not null
        && (Names.Any(n => string.Equals(name, n, StringComparison.OrdinalIgnoreCase))
            || Suffixes.Any(s => name.Length > s.Length && name.EndsWith(s, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The assembly names of <c>cpuid_analyzers.test_friends</c>: separated by commas or white space.</summary>
    public static HashSet<string> ParseList(string value) =>
        new(value.Split(new[] { ',', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries).Select(n => n.Trim()).Where(n => n.Length > 0),
            StringComparer.OrdinalIgnoreCase);
}
