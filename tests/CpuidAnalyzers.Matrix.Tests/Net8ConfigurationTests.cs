using CpuidAnalyzers.Matrix;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CpuidAnalyzers.Matrix.Tests;

/// <summary>The .NET 8/9 table (one switch per ISA) and how the tool picks it from an assembly's target framework.</summary>
public sealed class Net8ConfigurationTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("cpuid-matrix-net8-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    static string[] Running(params string[] isas) =>
        Planner.Plan(Configurations.Net8, isas, TestHosts.Avx2Only).Where(p => p.Kind == PlanKind.Run).Select(p => p.Configuration.Name).ToArray();

    [Fact]
    public void Fma_and_Avx2_run_piledriver_and_sandy_bridge_apart()
    {
        // Piledriver takes Avx2 away and leaves Fma; Sandy Bridge takes both: two different paths.
        Assert.Equal(new[] { "host", "piledriver", "sandy-bridge" }, Running("X86.Fma", "X86.Avx2"));
        // .NET 10's groups cannot tell them apart: one run.
        Assert.Equal(new[] { "host", "x86-64-v2" },
            Planner.Plan(Configurations.All, new[] { "X86.Fma", "X86.Avx2" }, TestHosts.Avx2Only).Where(p => p.Kind == PlanKind.Run).Select(p => p.Configuration.Name));
    }

    [Fact]
    public void Ssse3_and_Sse41_run_core2_and_amd_k10_apart()
    {
        Assert.Equal(new[] { "host", "core2", "amd-k10" }, Running("X86.Ssse3", "X86.Sse41"));
    }

    [Fact]
    public void The_ladder_keeps_its_names_for_the_report()
    {
        foreach (var name in Configurations.Ladder) Assert.Contains(Configurations.Net8, c => c.Name == name);
        Assert.Same(Configurations.Net8, Configurations.For(8));
        Assert.Same(Configurations.Net8, Configurations.For(9));
        Assert.Same(Configurations.All, Configurations.For(10));
    }

    [Theory]
    // The switches, as measured on a self-contained .NET 8 app (docs/cpuid-matrix.md); pinned here.
    [InlineData("piledriver", "DOTNET_EnableAVX2=0 DOTNET_EnableBMI2=0")]
    [InlineData("sandy-bridge", "DOTNET_EnableAVX2=0 DOTNET_EnableFMA=0 DOTNET_EnableBMI1=0 DOTNET_EnableBMI2=0 DOTNET_EnableLZCNT=0")]
    [InlineData("x86-64-v2", "DOTNET_EnableAVX=0 DOTNET_EnableLZCNT=0")]
    [InlineData("core2", "DOTNET_EnableSSE41=0 DOTNET_EnableLZCNT=0 DOTNET_EnableAES=0 DOTNET_EnablePCLMULQDQ=0")]
    [InlineData("amd-k10", "DOTNET_EnableSSSE3=0 DOTNET_EnableAES=0 DOTNET_EnablePCLMULQDQ=0")]
    [InlineData("x86-64-v3", "DOTNET_EnableAVX512F=0")]
    public void Net8_switches(string name, string switches) =>
        Assert.Equal(switches, Configurations.Net8.Single(c => c.Name == name).Switches);

    [Theory]
    [InlineData("piledriver", "X86.Fma", false)]
    [InlineData("piledriver", "X86.Bmi1", false)]
    [InlineData("piledriver", "X86.Bmi2", true)]
    [InlineData("sandy-bridge", "X86.Avx", false)]
    [InlineData("sandy-bridge", "X86.Fma", true)]
    [InlineData("core2", "X86.Ssse3", false)]
    [InlineData("core2", "X86.Sse41", true)]
    [InlineData("amd-k10", "X86.Lzcnt", false)]
    [InlineData("amd-k10", "X86.Popcnt", true)]   // .NET 8 turns Popcnt off without SSE4.2
    [InlineData("amd-k10", "X86.Ssse3", true)]
    public void Net8_removes(string name, string isa, bool removed) =>
        Assert.Equal(removed, Configurations.Removes(Configurations.Net8.Single(c => c.Name == name), isa));

    string Emit(string name, string targetFramework)
    {
        var source = $$"""
            [assembly: System.Runtime.Versioning.TargetFramework("{{targetFramework}}")]
            public static class K { public static bool F => System.Runtime.Intrinsics.X86.Fma.IsSupported; }
            """;
        var compilation = CSharpCompilation.Create(name, new[] { CSharpSyntaxTree.ParseText(source) },
            Basic.Reference.Assemblies.Net100.References.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        string path = Path.Combine(dir, name + ".dll");
        Assert.True(compilation.Emit(path).Success);
        return path;
    }

    [Theory]
    [InlineData(".NETCoreApp,Version=v8.0", 8)]
    [InlineData(".NETCoreApp,Version=v9.0", 9)]
    [InlineData(".NETCoreApp,Version=v10.0", 10)]
    [InlineData(".NETStandard,Version=v2.0", null)]
    public void Reads_the_target_framework(string tfm, int? major)
    {
        var a = AssemblyScanner.TryRead(Emit("Tfm" + (major ?? 0), tfm))!;
        Assert.Equal(tfm, a.TargetFramework);
        Assert.Equal(major, a.RuntimeMajor);
    }

    [Fact]
    public void A_net8_assembly_selects_the_net8_table_and_runtime_10_overrides_it()
    {
        string app = Emit("App8", ".NETCoreApp,Version=v8.0");
        string lib = Emit("Lib", ".NETStandard,Version=v2.0");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(0, Program.Run(new[] { "--assemblies", app, lib, "--list" }, stdout, stderr, TestHosts.Avx2Only));
        Assert.Contains("the assemblies target .NET 8", stderr.ToString());
        Assert.Contains("piledriver", stdout.ToString());
        Assert.Contains("core2", stdout.ToString());

        stdout = new StringWriter();
        Assert.Equal(0, Program.Run(new[] { "--assemblies", app, "--runtime", "10", "--list" }, stdout, new StringWriter(), TestHosts.Avx2Only));
        Assert.DoesNotContain("piledriver", stdout.ToString());

        // A net10.0 app beside net8.0 libraries: the app's runtime decides.
        stdout = new StringWriter();
        Assert.Equal(0, Program.Run(new[] { "--assemblies", app, Emit("App10", ".NETCoreApp,Version=v10.0"), "--list" }, stdout, new StringWriter(), TestHosts.Avx2Only));
        Assert.DoesNotContain("piledriver", stdout.ToString());
    }

    [Fact]
    public void Net8_only_names_are_unknown_on_net10_and_known_with_runtime_8()
    {
        Assert.Equal(2, Program.Run(new[] { "--only", "core2", "--", "true" }, new StringWriter(), new StringWriter(), TestHosts.Avx2Only));
        Assert.Equal(0, Program.Run(new[] { "--runtime", "8", "--only", "core2", "--", "true" }, new StringWriter(), new StringWriter(), TestHosts.Avx2Only));
        Assert.Equal(2, Program.Run(new[] { "--runtime", "7", "--", "true" }, new StringWriter(), new StringWriter(), TestHosts.Avx2Only));
    }
}
