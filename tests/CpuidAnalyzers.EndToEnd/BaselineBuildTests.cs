using CpuidAnalyzers.EndToEnd.Infrastructure;

namespace CpuidAnalyzers.EndToEnd;

/// <summary>
/// Issue 8 through a real build: the package's build/ props make the NativeAOT settings visible to the
/// analyzers, so a NativeAOT app published for linux-x64 at x86-x64-v3 needs no check for Avx2, Fma or
/// Bmi2, while the same code built AnyCPU still gets them, and <c>native</c> gets CPUID011.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class BaselineBuildTests
{
    private const string Source = """
        using System.Runtime.Intrinsics;
        using System.Runtime.Intrinsics.X86;

        var v = Vector256.Create(1);
        v = Avx2.Add(v, v);
        var f = Fma.MultiplyAdd(v.AsSingle(), v.AsSingle(), v.AsSingle());
        uint b = Bmi2.ZeroHighBits(3u, 1u);
        System.Console.WriteLine($"{v} {f} {b}");
        """;

    private readonly EndToEndFixture _fixture;
    private readonly ITestOutputHelper _output;

    public BaselineBuildTests(EndToEndFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [E2EFact]
    public async Task NativeAotInstructionSet_IsTheBaseline_OnlyForOneArchitecture()
    {
        var consumer = await _fixture.ConsumerAsync("net10.0");
        var dir = Path.Combine(_fixture.Work, "consumer-baseline");
        Directory.CreateDirectory(dir);
        File.Copy(consumer.ProjectFile, Path.Combine(dir, "Consumer.csproj"), overwrite: true);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), Source);

        async Task<(IReadOnlyList<BuildDiagnostic> Diagnostics, string Output)> Build(string what, params string[] properties)
        {
            var result = await Cli.RunAsync(_fixture.Dotnet,
                new[] { "build", Path.Combine(dir, "Consumer.csproj"), "--no-incremental" }.Concat(_fixture.CommonBuildArguments).Concat(properties),
                dir, _fixture.ConsumerEnvironment, TimeSpan.FromMinutes(8));
            _output.WriteLine($"--- {what}\n{result.Describe(40)}");
            Assert.True(result.Succeeded, $"{what}: the build failed:\n{result.Describe()}");
            return (BuildOutput.CpuidDiagnostics(result.Output), result.Output);
        }

        var (anyCpu, _) = await Build("AnyCPU");
        // MSBuild repeats each warning in its summary: count distinct places.
        var places = anyCpu.Select(d => (d.Line, d.Id)).Distinct().ToList();
        Assert.True(places.Count == 3 && places.All(p => p.Id == "CPUID001"), "AnyCPU: expected CPUID001 on the Avx2, Fma and Bmi2 lines, got: " + string.Join("; ", anyCpu));

        var (aot, _) = await Build("PublishAot, x86-x64-v3, linux-x64", "-p:PublishAot=true", "-p:IlcInstructionSet=x86-x64-v3", "-r", "linux-x64");
        Assert.True(aot.Count == 0, "no CPUID diagnostic expected under the x86-x64-v3 baseline, got: " + string.Join("; ", aot));

        var (native, nativeOutput) = await Build("PublishAot, native, linux-x64", "-p:PublishAot=true", "-p:IlcInstructionSet=native", "-r", "linux-x64");
        // CPUID011 is about the project, not a line: MSBuild prints it as "CSC : warning CPUID011: …".
        Assert.Contains("warning CPUID011: <IlcInstructionSet>native</IlcInstructionSet>", nativeOutput);
        Assert.Contains(native, d => d.Id == "CPUID001");
    }
}
