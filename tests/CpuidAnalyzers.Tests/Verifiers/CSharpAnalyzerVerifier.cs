using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace CpuidAnalyzers.Tests.Verifiers;

/// <summary>
/// Runs an analyzer on test source against .NET 10 reference assemblies shipped in a package, so
/// no test downloads anything. Markup: <c>{|CPUID001:Avx2.Add|}</c> marks an expected diagnostic.
/// </summary>
public static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        protected override System.Threading.Tasks.Task RunImplAsync(System.Threading.CancellationToken cancellationToken)
        {
            GuardLocations.JudgedOnlyWhereGiven(TestState);
            return base.RunImplAsync(cancellationToken);
        }

        public Test()
        {
            ReferenceAssemblies = TestReferences.Net100;
            TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
        }
    }
}

internal static class TestReferences
{
    /// <summary>No package to resolve: Basic.Reference.Assemblies supplies the references.</summary>
    public static readonly ReferenceAssemblies Net100 = new("net10.0");
}
