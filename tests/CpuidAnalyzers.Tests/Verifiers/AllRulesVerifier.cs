using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace CpuidAnalyzers.Tests.Verifiers;

/// <summary>
/// Runs every analyzer of the package at once, as a user's build does, so a test shows which one
/// rule speaks at each call site (and that no other does).
/// </summary>
public static class AllRulesVerifier
{
    public static IReadOnlyList<DiagnosticAnalyzer> Analyzers { get; } = typeof(HelpLinks).Assembly.GetTypes()
        .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
        .OrderBy(t => t.Name)
        .Select(t => (DiagnosticAnalyzer)System.Activator.CreateInstance(t)!)
        .ToList();

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public sealed class Test : CSharpAnalyzerTest<Rules.IsaUse.CPUID001UnguardedIsaUseAnalyzer, DefaultVerifier>
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

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => Analyzers;
    }
}
