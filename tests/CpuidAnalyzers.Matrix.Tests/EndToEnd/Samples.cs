using System.Diagnostics;
using CpuidAnalyzers.Matrix;

namespace CpuidAnalyzers.Matrix.Tests.EndToEnd;

/// <summary>
/// The three sample programs, generated into a temp folder and built once (offline: no package source)
/// for every end-to-end test. Each sums the squares of 1..64 (89440) through an AVX2 / SSE4.1 / scalar
/// ladder and exits 0 when the sum is right, 1 when it is wrong:
/// <list type="bullet">
/// <item><c>correct</c>: every path right: passes under every configuration.</item>
/// <item><c>wrongfallback</c>: the SSE4.1 path adds only three of its four lanes: fails where the SSE4.1
/// path is taken (AVX2 off, SSE4.1 on: x86-64-v2, QEMU Nehalem), and only there.</item>
/// <item><c>unguarded</c>: the AVX2 loop with no IsSupported check: throws PlatformNotSupportedException
/// wherever AVX2 is off.</item>
/// </list>
/// Which path runs depends only on the switches (or the emulated model), never on the host, as long as
/// the host has AVX2 (the end-to-end facts skip otherwise) — AVX-512 or not, no sample names it.
/// </summary>
public sealed class Samples : IDisposable
{
    public const string Expected = "89440";

    const string Ladder = """
        using System;
        using System.Runtime.Intrinsics;
        using System.Runtime.Intrinsics.X86;

        int[] data = new int[64];
        for (int k = 0; k < data.Length; k++) data[k] = k + 1;
        var (sum, path) = Kernel.SumOfSquares(data);
        Console.WriteLine($"sum={sum} path={path}");
        return sum == 89440 ? 0 : 1;

        static class Kernel
        {
            public static (int Sum, string Path) SumOfSquares(int[] a)
            {
                int i = 0, sum = 0;
                string path = "scalar";
                if (Avx2.IsSupported)
                {
                    path = "avx2";
                    var acc = Vector256<int>.Zero;
                    for (; i + 8 <= a.Length; i += 8)
                    {
                        var v = Vector256.Create(a, i);
                        acc = Avx2.Add(acc, Avx2.MultiplyLow(v, v));
                    }
                    for (int k = 0; k < 8; k++) sum += acc.GetElement(k);
                }
                else if (Sse41.IsSupported)
                {
                    path = "sse41";
                    var acc = Vector128<int>.Zero;
                    for (; i + 4 <= a.Length; i += 4)
                    {
                        var v = Vector128.Create(a, i);
                        acc = Sse2.Add(acc, Sse41.MultiplyLow(v, v));
                    }
                    for (int k = 0; k < LANES; k++) sum += acc.GetElement(k);
                }
                for (; i < a.Length; i++) sum += a[i] * a[i];
                return (sum, path);
            }
        }
        """;

    const string Unguarded = """
        using System;
        using System.Runtime.Intrinsics;
        using System.Runtime.Intrinsics.X86;

        int[] data = new int[64];
        for (int k = 0; k < data.Length; k++) data[k] = k + 1;
        // No Avx2.IsSupported check: PlatformNotSupportedException wherever AVX2 is off.
        var acc = Vector256<int>.Zero;
        for (int i = 0; i < data.Length; i += 8)
        {
            var v = Vector256.Create(data, i);
            acc = Avx2.Add(acc, Avx2.MultiplyLow(v, v));
        }
        int sum = 0;
        for (int k = 0; k < 8; k++) sum += acc.GetElement(k);
        Console.WriteLine($"sum={sum} path=avx2");
        return sum == 89440 ? 0 : 1;
        """;

    public static readonly IReadOnlyDictionary<string, string> Sources = new Dictionary<string, string>
    {
        ["correct"] = Ladder.Replace("LANES", "4"),
        ["wrongfallback"] = Ladder.Replace("LANES", "3"),   // the bug: one lane of four left out
        ["unguarded"] = Unguarded,
    };

    public Samples()
    {
        Root = Directory.CreateTempSubdirectory("cpuid-matrix-e2e-").FullName;
        if (E2EFactAttribute.SkipReason is not null) return;
        Shell.Isolate(Root);
        var solution = new System.Text.StringBuilder("<Solution>\n");
        foreach (var (name, source) in Sources)
        {
            var dir = Path.Combine(Root, name);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, name + ".csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>disable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                    <!-- Run as `dotnet name.dll`, the command qemu-x86_64 can run too. -->
                    <UseAppHost>false</UseAppHost>
                  </PropertyGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(dir, "Program.cs"), source);
            solution.Append($"  <Project Path=\"{name}/{name}.csproj\" />\n");
        }
        File.WriteAllText(Path.Combine(Root, "samples.slnx"), solution.Append("</Solution>\n").ToString());
        // One build for the three (restore included; no package source: it must work offline).
        Build = Shell.Run("dotnet", new[] { "build", "samples.slnx", "-nologo", "-tl:off", "-nodeReuse:false", "-p:UseSharedCompilation=false" },
            Root, timeout: TimeSpan.FromMinutes(5));
        if (Build.ExitCode != 0) throw new InvalidOperationException("building the samples failed:\n" + Build.Describe());
    }

    public string Root { get; }
    public ShellResult? Build { get; }

    public string Dll(string name) => Path.Combine(Root, name, "bin", "Debug", "net10.0", name + ".dll");

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("CPUID_E2E_KEEP") != "1") Directory.Delete(Root, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class MatrixEndToEndCollection : ICollectionFixture<Samples>
{
    public const string Name = "cpuid-matrix end to end";
}

/// <summary>
/// An end-to-end fact: runs real programs, so it needs an x86-64 host with AVX2 (the samples' fast path)
/// and the SDK; skipped, with the reason, anywhere else.
/// </summary>
public class E2EFactAttribute : FactAttribute
{
    public static readonly string? SkipReason = FindSkipReason();

    static string? FindSkipReason()
    {
        var host = HostCpu.Detect();
        if (!host.IsX86) return "end-to-end: needs an x86-64 host";
        var missing = TestHosts.V3Flags.Where(f => !host.Flags.Contains(f)).ToList();
        return missing.Count > 0 ? $"end-to-end: the host lacks {string.Join(", ", missing)} (needs x86-64-v3: AVX2, FMA, BMI1/2)" : null;
    }

    public E2EFactAttribute()
    {
        if (SkipReason is not null) Skip = SkipReason;
    }
}

/// <summary>An end-to-end fact that also needs qemu-x86_64 (Debian's qemu-user; .ci/run installs it).</summary>
public sealed class QemuFactAttribute : E2EFactAttribute
{
    public static readonly string? Qemu = MatrixRunner.FindQemu();

    public QemuFactAttribute()
    {
        if (Skip is null && Qemu is null) Skip = "emulation: qemu-x86_64 not found (apt-get install qemu-user)";
    }
}
