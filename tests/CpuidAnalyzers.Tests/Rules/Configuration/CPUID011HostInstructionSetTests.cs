using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;

namespace CpuidAnalyzers.Tests;

public class CPUID011HostInstructionSetTests
{
    private static Task Verify(string globalConfig, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerVerifier<Rules.Configuration.CPUID011HostInstructionSetAnalyzer>.Test
        {
            TestState =
            {
                Sources = { "class C { }" },
                AnalyzerConfigFiles = { ("/.globalconfig", "is_global = true\n" + globalConfig) },
            },
        };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Fact]
    public Task IlcInstructionSetNative() => Verify(
        "build_property.PublishAot = true\nbuild_property.IlcInstructionSet = native",
        new DiagnosticResult(Rules.Configuration.CPUID011HostInstructionSetAnalyzer.Descriptor).WithNoLocation().WithMessage(
            "<IlcInstructionSet>native</IlcInstructionSet> compiles for whatever CPU builds it, like '-cpu host' or '-march=native': the binary runs on the " +
                "build machine and fails on a customer's CPU or after a VM migrates; name a level instead, such as x86-x64-v3 or armv8.2-a"));

    [Fact]
    public Task Crossgen2Native() => Verify(
        "build_property.PublishReadyToRunCrossgen2ExtraArgs = --instruction-set:native",
        new DiagnosticResult(Rules.Configuration.CPUID011HostInstructionSetAnalyzer.Descriptor).WithNoLocation().WithArguments("<PublishReadyToRunCrossgen2ExtraArgs>--instruction-set:native</PublishReadyToRunCrossgen2ExtraArgs>"));

    [Fact]
    public Task Crossgen2Native_SpaceForm() => Verify(
        "build_property.PublishReadyToRunCrossgen2ExtraArgs = --instruction-set native",
        new DiagnosticResult(Rules.Configuration.CPUID011HostInstructionSetAnalyzer.Descriptor).WithNoLocation().WithArguments("<PublishReadyToRunCrossgen2ExtraArgs>--instruction-set native</PublishReadyToRunCrossgen2ExtraArgs>"));

    [Fact]
    public Task NamedLevel_IsSilent() => Verify("build_property.PublishAot = true\nbuild_property.IlcInstructionSet = x86-x64-v3");
}
