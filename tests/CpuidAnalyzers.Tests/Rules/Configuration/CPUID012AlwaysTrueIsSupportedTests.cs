using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace CpuidAnalyzers.Tests;

public class CPUID012AlwaysTrueIsSupportedTests
{
    private static Task Verify(string source, string globalConfig)
    {
        var test = new CSharpAnalyzerVerifier<Rules.Configuration.CPUID012AlwaysTrueIsSupportedAnalyzer>.Test
        {
            TestState =
            {
                Sources = { source },
                AnalyzerConfigFiles = { ("/.globalconfig", "is_global = true\ndotnet_diagnostic.CPUID012.severity = suggestion\n" + globalConfig) },
            },
        };
        return test.RunAsync();
    }

    [Fact]
    public Task CheckOfAGuaranteedClass() => Verify(Snippet.Members(/* lang=c#-test */ """
        static int M(Vector256<int> a)
        {
            if ({|#0:Avx2.IsSupported|}) return Avx2.MoveMask(a.AsByte());
            if (Avx512F.IsSupported) return 1;
            return 0;
        }
        """).Replace("{|#0:Avx2.IsSupported|}", "{|CPUID012:Avx2.IsSupported|}"),
        "build_property.PublishAot = true\nbuild_property.IlcInstructionSet = x86-x64-v3\nbuild_property.RuntimeIdentifier = linux-x64");

    [Fact]
    public Task NoBaseline_NothingIsAlwaysTrue() => Verify(Snippet.Members(/* lang=c#-test */ """
        static bool M() => Avx2.IsSupported;
        """), "build_property.PlatformTarget = x64");

    [Fact]
    public void IsOffByDefault() => Assert.False(Rules.Configuration.CPUID012AlwaysTrueIsSupportedAnalyzer.Descriptor.IsEnabledByDefault);
}
