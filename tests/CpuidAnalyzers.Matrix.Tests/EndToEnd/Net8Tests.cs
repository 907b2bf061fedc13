using System.Diagnostics;
using System.Text.RegularExpressions;
using CpuidAnalyzers.Matrix;
using Xunit.Abstractions;

namespace CpuidAnalyzers.Matrix.Tests.EndToEnd;

/// <summary>
/// A net8.0 program published self-contained (it runs on .NET 8, whose switches act per ISA), with the
/// two guard mistakes only the finer .NET 8 models catch: <c>if (Fma.IsSupported) Avx2…</c> (an AMD
/// Piledriver has FMA and no AVX2) and <c>if (Ssse3.IsSupported) Sse41…</c> (a Core 2 has SSSE3 and no
/// SSE4.1). Publishing needs the .NET 8 runtime pack from the package registry (cached in the user's
/// packages folder after the first run).
/// </summary>
public sealed class Net8Sample : IDisposable
{
    const string Source = """
        using System;
        using System.Runtime.Intrinsics;
        using System.Runtime.Intrinsics.X86;

        int f = 7;
        if (Fma.IsSupported)   // wrong: FMA does not imply AVX2 (AMD Piledriver). Integer: Avx2.Add of floats is Avx.Add.
            f = Avx2.Add(Vector256.Create(3), Vector256.Create(4)).GetElement(0);
        int m = 2;
        if (Ssse3.IsSupported) // wrong: SSSE3 does not imply SSE4.1 (Intel Core 2)
            m = Sse41.Min(Vector128.Create(2), Vector128.Create(5)).GetElement(0);
        Console.WriteLine($"f={f} m={m} fma={Fma.IsSupported} avx2={Avx2.IsSupported} ssse3={Ssse3.IsSupported} sse41={Sse41.IsSupported}");
        return f == 7 && m == 2 ? 0 : 1;
        """;

    public Net8Sample()
    {
        Root = Directory.CreateTempSubdirectory("cpuid-matrix-net8-").FullName;
        if (E2EFactAttribute.SkipReason is not null) return;
        Shell.Isolate(Root, registry: true);
        var dir = Path.Combine(Root, "guards8");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "guards8.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net8.0</TargetFramework>
                <ImplicitUsings>disable</ImplicitUsings>
                <RuntimeIdentifier>linux-x64</RuntimeIdentifier>
                <SelfContained>true</SelfContained>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), Source);
        var watch = Stopwatch.StartNew();
        Publish = Shell.Run("dotnet", new[] { "publish", dir, "-c", "Release", "-o", Path.Combine(Root, "out"), "-nologo", "-tl:off", "-nodeReuse:false", "-p:UseSharedCompilation=false" },
            Root, timeout: TimeSpan.FromMinutes(8));
        if (Publish.ExitCode != 0) throw new InvalidOperationException("publishing the net8.0 sample self-contained failed (it needs the .NET 8 runtime pack from the registry):\n" + Publish.Describe());
    }

    public string Root { get; }
    public ShellResult? Publish { get; }
    public string App => Path.Combine(Root, "out", "guards8");
    public string Dll => Path.Combine(Root, "out", "guards8.dll");

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("CPUID_E2E_KEEP") != "1") Directory.Delete(Root, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class Net8Collection : ICollectionFixture<Net8Sample>
{
    public const string Name = "cpuid-matrix end to end, .NET 8";
}

[Collection(Net8Collection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class Net8MatrixTests(Net8Sample sample, ITestOutputHelper output)
{
    (int ExitCode, string Stdout, string Stderr) Matrix(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var watch = Stopwatch.StartNew();
        int rc = Program.Run(args, stdout, stderr, TestHosts.Avx2Only, QemuFactAttribute.Qemu);
        output.WriteLine($"$ cpuid-matrix {string.Join(" ", args)}\n(exit {rc}, {watch.Elapsed.TotalSeconds:F1}s)\n{stdout}\n--- stderr\n{stderr}\n--- publish: {sample.Publish?.Duration.TotalSeconds:F1}s");
        return (rc, stdout.ToString(), stderr.ToString());
    }

    static void AssertRow(string table, string configuration, string outcomePattern) =>
        Assert.Matches(new Regex(@"^" + Regex.Escape(configuration) + @"\s+.*?\s{2}" + outcomePattern, RegexOptions.Multiline), table);

    [E2EFact]
    public void The_net8_table_is_chosen_from_the_metadata_and_catches_what_net10_groups_hide()
    {
        var (rc, table, stderr) = Matrix("--assemblies", sample.Dll, "--", sample.App);

        Assert.Equal(1, rc);
        Assert.Contains("the assemblies target .NET 8", stderr);
        AssertRow(table, "host", "passed");
        AssertRow(table, "piledriver", @"CRASHED: PlatformNotSupportedException \(exit 134\)");   // FMA on, AVX2 off
        AssertRow(table, "sandy-bridge", "passed");                                               // FMA off too: the guard holds
        AssertRow(table, "core2", @"CRASHED: PlatformNotSupportedException \(exit 134\)");        // SSSE3 on, SSE4.1 off
        AssertRow(table, "amd-k10", "passed");                                                    // SSSE3 off too
        AssertRow(table, "x86-64-v1", "skipped");                                                 // same as amd-k10 for this code
        AssertRow(table, "no-intrinsics", "passed");                                              // names Vector128: runs, every guard false
        Assert.Contains("at System.Runtime.Intrinsics.X86.Avx2.Add", table);
        Assert.Contains("at System.Runtime.Intrinsics.X86.Sse41.Min", table);
        Assert.Contains("passed, 0 failed, 2 crashed", table);
    }

    [QemuFact]
    public void Emulated_Opteron_G5_is_the_piledriver_case()
    {
        // qemu's Piledriver-class model: .NET 8 sees FMA without AVX2 there and the FMA-guarded AVX2 call throws.
        var (rc, table, _) = Matrix("--runtime", "8", "--only", "host", "--emulate", "Opteron_G5", "--", sample.App);
        Assert.Equal(1, rc);
        AssertRow(table, "qemu:Opteron_G5", @"CRASHED: PlatformNotSupportedException \(exit 134\)");
        Assert.Contains("QEMU -cpu Opteron_G5, emulated (.NET 8)", table);
        Assert.Contains("at System.Runtime.Intrinsics.X86.Avx2.Add", table);
    }
}
