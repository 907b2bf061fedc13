using System.Linq;
using CpuidAnalyzers.Isa;
using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;

namespace CpuidAnalyzers.Tests;

/// <summary>
/// The assumed baseline: level names map to ISA classes as the runtime defines them, a NativeAOT
/// instruction set for one RuntimeIdentifier is a guarantee, and nothing applies to AnyCPU code.
/// </summary>
public class IsaBaselineTests
{
    private const string Kernels = /* lang=c#-test */ """
        static class Kernels
        {
            static Vector256<int> Run(Vector256<int> a, uint x)
            {
                a = MARK_AVX2(a, a);
                a = MARK_FMA(a.AsSingle(), a.AsSingle(), a.AsSingle()).AsInt32();
                x = MARK_BMI2(x, 3u);
                a = MARK_AVX512(a.ToVector512(), a.ToVector512()).GetLower();
                return a;
            }
        }
        """;

    private static string Source(bool flagged, bool avx512Flagged = true) => Snippet.Usings + Kernels
        .Replace("MARK_AVX2", flagged ? "{|CPUID001:Avx2.Add|}" : "Avx2.Add")
        .Replace("MARK_FMA", flagged ? "{|CPUID001:Fma.MultiplyAdd|}" : "Fma.MultiplyAdd")
        .Replace("MARK_BMI2", flagged ? "{|CPUID001:Bmi2.ZeroHighBits|}" : "Bmi2.ZeroHighBits")
        .Replace("MARK_AVX512", avx512Flagged ? "{|CPUID001:Avx512F.Add|}" : "Avx512F.Add");

    private static Task Verify(string source, string? globalConfig, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = new AllRulesVerifier.Test { TestState = { Sources = { source } } };
        if (globalConfig is not null) test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + globalConfig));
        if (editorConfig is not null) test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + editorConfig));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Theory]
    [InlineData("x86-64-v1", "X86Base Sse Sse2")]
    [InlineData("x86-x64-v2", "X86Base Sse Sse2 Sse3 Ssse3 Sse41 Sse42 Popcnt")]
    [InlineData("x86-64-v3", "X86Base Sse Sse2 Sse3 Ssse3 Sse41 Sse42 Popcnt Avx Avx2 Bmi1 Bmi2 Lzcnt Fma")]
    [InlineData("x86-x64-v4", "X86Base Sse Sse2 Sse3 Ssse3 Sse41 Sse42 Popcnt Avx Avx2 Bmi1 Bmi2 Lzcnt Fma Avx512F Avx512F+VL Avx512BW Avx512BW+VL Avx512CD " +
        "Avx512CD+VL Avx512DQ Avx512DQ+VL")]
    [InlineData("avx2,bmi2,lzcnt,movbe,fma", "Avx2 Bmi2 Lzcnt Fma")]
    [InlineData("armv8.1-a", "AdvSimd Crc32 Rdm")]
    [InlineData("armv8.4-a", "AdvSimd Crc32 Rdm Dp")]
    [InlineData("Avx2, Sse41.X64", "Avx2 Sse41+X64")]
    public void LevelsAndNames_MapToTheRuntimesClasses(string value, string expected)
    {
        var (classes, unknown) = IsaBaseline.Parse(value);
        Assert.Empty(unknown);
        var names = classes.Where(c => c.Family == (value.StartsWith("arm") ? IsaBaseline.Family.Arm : IsaBaseline.Family.X86)).Select(c => c.Class).Distinct();
        Assert.Equal(expected.Split(' ').OrderBy(n => n), names.OrderBy(n => n));
    }

    [Theory]
    [InlineData("x86-64-v3 avx512f")]
    [InlineData("x86-64-v3,avx512f")]
    [InlineData("x86-64-v3 ,  avx512f")]
    [InlineData("x86-64-v3;avx512f")]
    public void SpacesAndCommas_SeparateTheSameWay(string value)
    {
        var (classes, unknown) = IsaBaseline.Parse(value);
        Assert.Empty(unknown);
        Assert.Equal(IsaBaseline.Parse("x86-64-v3, avx512f").Classes.OrderBy(c => c.ToString()), classes.OrderBy(c => c.ToString()));
        Assert.Contains((IsaBaseline.Family.X86, "Avx512F"), classes);
    }

    [Fact]
    public Task EditorConfigBaseline_SpaceSeparated_IsApplied() => Verify(Source(flagged: false, avx512Flagged: false),
        "build_property.PlatformTarget = x64", "cpuid_analyzers.assumed_isa = x86-64-v3 avx512f");

    [Fact]
    public Task EditorConfigBaseline_SpaceSeparated_UnknownNameIsReported() => Verify(Source(flagged: false),
        "build_property.PlatformTarget = x64", "cpuid_analyzers.assumed_isa = x86-64-v3 avx3",
        new DiagnosticResult(Rules.Configuration.CPUID015BaselineConfigurationAnalyzer.Descriptor).WithNoLocation().WithArguments(
            "cpuid_analyzers.assumed_isa = x86-64-v3 avx3: 'avx3' is not an ISA level, instruction-set name or class; accepted: "
                + IsaBaseline.AcceptedValues));

    [Fact]
    public void UnknownNames_AreReturned()
    {
        var (_, unknown) = IsaBaseline.Parse("x86-64-v3, avx3, Sse41");
        Assert.Equal(new[] { "avx3" }, unknown);
    }

    [Fact]
    public Task NativeAot_WithInstructionSet_AndOneRuntimeIdentifier_IsTheBaseline() => Verify(Source(flagged: false),
        "build_property.PublishAot = true\nbuild_property.IlcInstructionSet = x86-x64-v3\nbuild_property.RuntimeIdentifier = linux-x64", null);

    [Fact]
    public Task NativeAot_WithoutRuntimeIdentifier_IsNotABaseline() => Verify(Source(flagged: true),
        "build_property.PublishAot = true\nbuild_property.IlcInstructionSet = x86-x64-v3", null,
        new DiagnosticResult(Rules.Configuration.CPUID015BaselineConfigurationAnalyzer.Descriptor).WithNoLocation().WithArguments(
            "IlcInstructionSet 'x86-x64-v3' is not used as a baseline: the project may run on another architecture (no single RuntimeIdentifier or " +
                "PlatformTarget)"));

    [Fact]
    public Task NativeAot_ForArm64_DoesNotCoverX86Classes() => Verify(Source(flagged: true),
        "build_property.PublishAot = true\nbuild_property.IlcInstructionSet = armv8.2-a\nbuild_property.RuntimeIdentifier = linux-arm64", null);

    [Fact]
    public Task InstructionSetWithoutPublishAot_IsNotABaseline() => Verify(Source(flagged: true),
        "build_property.IlcInstructionSet = x86-x64-v3\nbuild_property.RuntimeIdentifier = linux-x64", null,
        new DiagnosticResult(Rules.Configuration.CPUID015BaselineConfigurationAnalyzer.Descriptor).WithNoLocation().WithArguments(
            "IlcInstructionSet 'x86-x64-v3' is not used as a baseline: PublishAot is not true, so the JIT decides IsSupported at run time"));

    [Fact]
    public Task UnknownClassName_IsReported() => Verify(Source(flagged: false, avx512Flagged: true),
        "build_property.PlatformTarget = x64", "cpuid_analyzers.assumed_isa = x86-64-v3, Avx3",
        new DiagnosticResult(Rules.Configuration.CPUID015BaselineConfigurationAnalyzer.Descriptor).WithNoLocation().WithArguments(
            "cpuid_analyzers.assumed_isa = x86-64-v3, Avx3: 'Avx3' is not an ISA level, instruction-set name or class; accepted: "
                + IsaBaseline.AcceptedValues));

    [Fact]
    public void ArmAes_AndOtherRuntimeNames_AreKnown()
    {
        var (classes, unknown) = IsaBaseline.Parse("armv8-a, aes, vpclmul, avx10v1, vectort256");
        Assert.Empty(unknown);
        Assert.Contains((IsaBaseline.Family.Arm, "Aes"), classes);
        Assert.Contains((IsaBaseline.Family.X86, "Aes"), classes);
    }

    [Fact]
    public Task EditorConfigBaseline_OnAnX64Project() => Verify(Source(flagged: false, avx512Flagged: false),
        "build_property.PlatformTarget = x64", "cpuid_analyzers.assumed_isa = x86-64-v4");

    [Fact]
    public Task EditorConfigBaseline_WithClassNames() => Verify(Snippet.Usings + Kernels
            .Replace("MARK_AVX2", "Avx2.Add").Replace("MARK_FMA", "{|CPUID001:Fma.MultiplyAdd|}")
            .Replace("MARK_BMI2", "Bmi2.ZeroHighBits").Replace("MARK_AVX512", "{|CPUID001:Avx512F.Add|}"),
        "build_property.RuntimeIdentifier = win-x64", "cpuid_analyzers.assumed_isa = Avx2, Bmi2");

    [Fact]
    public Task EditorConfigBaseline_InAnAnyCpuProject_IsNotAppliedAndSaysSo() => Verify(Source(flagged: true),
        null, "cpuid_analyzers.assumed_isa = x86-64-v3",
        new DiagnosticResult(Rules.Configuration.CPUID015BaselineConfigurationAnalyzer.Descriptor).WithNoLocation().WithArguments(
            "cpuid_analyzers.assumed_isa = x86-64-v3 is not applied: the project may run on another architecture (no single RuntimeIdentifier or " +
                "PlatformTarget); an Arm64 machine has none of the x86 classes, and the reverse"));

    [Fact]
    public Task BadValue_IsReportedWithTheAcceptedOnes() => Verify(Source(flagged: false),
        "build_property.PlatformTarget = x64", "cpuid_analyzers.assumed_isa = x86-64-v3, avx3",
        new DiagnosticResult(Rules.Configuration.CPUID015BaselineConfigurationAnalyzer.Descriptor).WithNoLocation().WithArguments(
            "cpuid_analyzers.assumed_isa = x86-64-v3, avx3: 'avx3' is not an ISA level, instruction-set name or class; accepted: "
                + IsaBaseline.AcceptedValues));

    [Fact]
    public Task BaselineCoversX64NestedClassesOn64Bit() => Verify(Snippet.Members(/* lang=c#-test */ """
        static long M(Vector128<long> v) => Sse41.X64.Extract(v, 1) + (long)Popcnt.X64.PopCount(3ul);
        """), "build_property.RuntimeIdentifier = linux-x64\nbuild_property.PublishAot = true\nbuild_property.IlcInstructionSet = x86-x64-v2", null);

    [Fact]
    public Task BaselinePerFolder() => new AllRulesVerifier.Test
    {
        TestState =
        {
            Sources =
            {
                ("/src/fast/Fast.cs", Snippet.Members("static Vector256<int> M(Vector256<int> a) => Avx2.Add(a, a);").Replace("static class C",
                    "static class Fast")),
                ("/src/any/Any.cs", Snippet.Members("static Vector256<int> M(Vector256<int> a) => {|CPUID001:Avx2.Add|}(a, a);").Replace("static class C",
                    "static class Any")),
            },
            AnalyzerConfigFiles =
            {
                ("/.globalconfig", "is_global = true\nbuild_property.PlatformTarget = x64"),
                ("/src/fast/.editorconfig", "[*.cs]\ncpuid_analyzers.assumed_isa = x86-64-v3"),
            },
        },
    }.RunAsync();
}
