using CpuidAnalyzers.EndToEnd.Infrastructure;

namespace CpuidAnalyzers.EndToEnd;

/// <summary>
/// Issue 20, part 4: a partial property guard (C# 13) is read from its implementing part, as the same
/// property written whole is. Built with the SDK's compiler, since the unit tests' compiler predates C# 13.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PartialPropertyGuardTests
{
    private const string Source = """
        using System.Runtime.Intrinsics;
        using System.Runtime.Intrinsics.X86;

        var a = Vector256.Create(1);
        var b = Vector256.Create(2);
        if (Checks.CanUseAvx2) a = Avx2.Add(a, b);
        if (Checks.CanUseAvx)
        {
            // expect CPUID002
            a = Avx2.Subtract(a, b);
        }
        System.Console.WriteLine(a);

        static partial class Checks
        {
            public static partial bool CanUseAvx2 { get; }
            public static partial bool CanUseAvx { get; }
        }

        static partial class Checks
        {
            public static partial bool CanUseAvx2 { get => Avx2.IsSupported; }
            public static partial bool CanUseAvx => Avx.IsSupported;
        }
        """;

    private readonly EndToEndFixture _fixture;
    private readonly ITestOutputHelper _output;

    public PartialPropertyGuardTests(EndToEndFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [E2EFact]
    public async Task PartialPropertyGuard_IsReadFromItsImplementingPart()
    {
        var consumer = await _fixture.ConsumerAsync("net10.0");
        var build = await consumer.BuildAsync(new Dictionary<string, string> { ["Program.cs"] = Source });
        _output.WriteLine(build.Describe());
        var expected = BuildOutput.ExpectedMarkers(Source).Select(m => $"Program.cs:{m.Line} {m.Id}").ToList();
        var actual = build.CpuidSummary.Select(d => $"{d.File}:{d.Line} {d.Id}").OrderBy(x => x, StringComparer.Ordinal).ToList();
        Assert.True(build.Result.Succeeded, build.Describe());
        Assert.Equal(expected, actual);
    }
}
