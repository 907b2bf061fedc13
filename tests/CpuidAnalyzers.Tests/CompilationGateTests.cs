using System.Collections.Immutable;
using System.Linq;
using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace CpuidAnalyzers.Tests;

/// <summary>
/// A compilation that never mentions intrinsics, contracts or vectors gets no callback registered at all
/// (the driver then calls nothing per code block), and the gate never hides code the rules must read.
/// </summary>
public class CompilationGateTests
{
    [Fact]
    public async Task PlainCode_RegistersNothing()
    {
        var telemetry = await TelemetryAsync(AnalyzerRunner.Compile(/* lang=c#-test */ """
            using System.Collections.Generic;
            static class C
            {
                static int Sum(List<int> xs) { var s = 0; foreach (var x in xs) s += x; return s; }
                static System.Runtime.InteropServices.Architecture A => System.Runtime.InteropServices.Architecture.X64;
            }
            """));

        foreach (var (id, info) in telemetry)
        {
            Assert.True(info.CodeBlockActionsCount == 0, $"{id} registered a code-block action");
            Assert.True(info.SymbolActionsCount == 0, $"{id} registered a symbol action");
            Assert.True(info.SyntaxNodeActionsCount == 0, $"{id} registered a syntax-node action");
        }
    }

    [Theory]
    [InlineData("using System.Runtime.Intrinsics.X86;", "CPUID001")]
    [InlineData("// Vector<T> is System.Numerics'", "CPUID013")]
    [InlineData("// a [RequiresIsa] helper", "CPUID008")]
    public async Task CodeThatMentionsWhatARuleLooksFor_Registers(string line, string id)
    {
        var telemetry = await TelemetryAsync(AnalyzerRunner.Compile(line + "\nstatic class C { static int M() => 1; }"));

        Assert.Equal(1, telemetry[id].CodeBlockActionsCount);
    }

    [Fact]
    public async Task ContractInAReferencedAssembly_IsSeenFromCodeThatNeverMentionsIntrinsics()
    {
        var app = CSharpCompilation.Create("App",
            new[] { CSharpSyntaxTree.ParseText("static class App { static int Run(int x) => SimdLib.Kernels.Sum(x); }") },
            Basic.Reference.Assemblies.Net100.References.All.Append(IsaContractTests.LibraryAsMetadata()),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        var diagnostics = await app.WithAnalyzers(AllRulesVerifier.Analyzers.ToImmutableArray()).GetAnalyzerDiagnosticsAsync();

        Assert.Equal("CPUID008", Assert.Single(diagnostics).Id);
    }

    private static async Task<ImmutableDictionary<string, AnalyzerTelemetryInfo>> TelemetryAsync(Compilation compilation)
    {
        var analyzers = AllRulesVerifier.Analyzers.ToImmutableArray();
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        var builder = ImmutableDictionary.CreateBuilder<string, AnalyzerTelemetryInfo>();
        foreach (var analyzer in analyzers)
            builder[analyzer.SupportedDiagnostics[0].Id] = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default);
        return builder.ToImmutable();
    }
}
