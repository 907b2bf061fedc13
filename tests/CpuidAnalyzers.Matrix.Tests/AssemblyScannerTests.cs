using CpuidAnalyzers.Matrix;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CpuidAnalyzers.Matrix.Tests;

/// <summary>The metadata reader on assemblies compiled here with Roslyn, emitted to temp files.</summary>
public sealed class AssemblyScannerTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("cpuid-matrix-tests-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    string Emit(string name, string source)
    {
        var compilation = CSharpCompilation.Create(name,
            new[] { CSharpSyntaxTree.ParseText(source) },
            Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        string path = Path.Combine(dir, name + ".dll");
        var result = compilation.Emit(path);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return path;
    }

    const string Kernels = """
        using System.Runtime.Intrinsics;
        using System.Runtime.Intrinsics.X86;
        public static class Kernels
        {
            public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) =>
                Avx2.IsSupported ? Avx2.Add(a, b) : a + b;
            public static bool Wide => Vector512.IsHardwareAccelerated;
            public static Vector512<float> Twice(Vector512<float> v) => v + v;
            public static ulong Bits(ulong x) => Popcnt.X64.PopCount(x);
            public static Vector128<int> Abs(Vector128<int> v) => Avx512F.VL.Abs(v.AsInt64()).AsInt32();
            public static int Count => System.Numerics.Vector<byte>.Count;
        }
        """;

    [Fact]
    public void Reads_isa_classes_nested_classes_and_vector_types()
    {
        var a = AssemblyScanner.TryRead(Emit("Kernels", Kernels));
        Assert.NotNull(a);
        Assert.Equal("Kernels", a!.Name);
        Assert.Contains("X86.Avx2", a.Isas);
        Assert.Contains("X86.Popcnt", a.Isas);          // Popcnt.X64: the same ISA
        Assert.Contains("X86.Avx512F.VL", a.Isas);      // nested VL kept
        Assert.DoesNotContain("X86.Popcnt.X64", a.Isas);
        Assert.Contains("Vector512", a.Isas);
        Assert.Contains("Vector256", a.Isas);
        Assert.Contains("Vector128", a.Isas);
        Assert.Contains("Vector<T>", a.Isas);
        Assert.DoesNotContain(a.Isas, i => i.StartsWith("Arm.") || i.StartsWith("Wasm."));
    }

    [Fact]
    public void Scalar_code_names_nothing()
    {
        var a = AssemblyScanner.TryRead(Emit("Scalar", "public static class S { public static int Sum(int[] v) { int s = 0; foreach (var x in v) s += x; return s; } }"));
        Assert.NotNull(a);
        Assert.Empty(a!.Isas);
    }

    [Fact]
    public void Arm_classes_keep_their_family()
    {
        var a = AssemblyScanner.TryRead(Emit("ArmCode", """
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.Arm;
            public static class K { public static Vector128<int> Add(Vector128<int> a, Vector128<int> b) => AdvSimd.Arm64.IsSupported ? AdvSimd.Add(a, b) : a + b; }
            """));
        Assert.Contains("Arm.AdvSimd", a!.Isas);
        Assert.DoesNotContain("Arm.AdvSimd.Arm64", a.Isas);
    }

    [Fact]
    public void A_folder_is_searched_and_non_assemblies_are_left_out()
    {
        Emit("Kernels", Kernels);
        File.WriteAllText(Path.Combine(dir, "native.dll"), "not a PE file");
        var scanned = AssemblyScanner.Scan(AssemblyScanner.Expand(new[] { dir }));
        Assert.Equal("Kernels", Assert.Single(scanned).Name);
    }

    [Fact]
    public void Chosen_configurations_follow_the_compiled_assembly()
    {
        var a = AssemblyScanner.TryRead(Emit("Kernels", Kernels))!;
        var run = Planner.Plan(Configurations.All, a.Isas, TestHosts.Avx512)
            .Where(p => p.Kind == PlanKind.Run).Select(p => p.Configuration.Name).ToArray();
        // Avx512F.VL/Vector512 -> v3; Avx2/Vector256/Vector<T> -> v2; Popcnt -> v1; Vector128 -> no-intrinsics;
        // prefer-128 removes Vector256 with Avx2 on.
        Assert.Equal(new[] { "host", "x86-64-v3", "x86-64-v2", "x86-64-v1", "no-intrinsics", "vector-t-128", "prefer-128" }, run);
    }

    [Fact]
    public void Report_names_the_lowest_level_and_writes_json()
    {
        var a = AssemblyScanner.TryRead(Emit("Kernels", Kernels))!;
        string md = Path.Combine(dir, "out", "cpu.md");
        Reports.WriteReport(md, new[] { a }, null, TestHosts.Avx512);
        string text = File.ReadAllText(md);
        Assert.Contains("| Kernels |", text);
        Assert.Contains("`Avx512F.VL`", text);
        Assert.Contains("x86-64-v4", text);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(md, ".json")));
        Assert.Equal("x86-64-v4", json.RootElement.GetProperty("lowestLevel").GetString());
        Assert.Contains("X86.Avx2", json.RootElement.GetProperty("assemblies")[0].GetProperty("isas").EnumerateArray().Select(e => e.GetString()));
    }
}
