using System.Collections.Generic;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace CpuidAnalyzers.Tests.Verifiers;

/// <summary>
/// Runs one code fix provider against every analyzer of the package (a fix for one rule must not leave
/// another rule's diagnostic behind unnoticed), on .NET 10 reference assemblies from a package, so no
/// test downloads anything. Besides the fix of each diagnostic in turn, the test library applies Fix All
/// in document, project and solution scope and expects the same result.
/// Markup: <c>{|CPUID001:Avx2.Add|}</c> marks an expected diagnostic, in the source and in the fixed source.
/// </summary>
public static class CSharpCodeFixVerifier<TCodeFix>
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyCodeFixAsync(string source, string fixedSource) => VerifyCodeFixAsync(source, fixedSource, null);

    public static Task VerifyCodeFixAsync(string source, string fixedSource, string? equivalenceKey, bool withContracts = false)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
        if (withContracts) test.WithContracts();
        return test.RunAsync();
    }

    public sealed class Test : CSharpCodeFixTest<Rules.IsaUse.CPUID001UnguardedIsaUseAnalyzer, TCodeFix, DefaultVerifier>
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
            // Markup in the fixed source lists the diagnostics that remain, even ones this provider could fix another way.
            FixedState.MarkupHandling = MarkupMode.Allow;
        }

        /// <summary>Adds the generated contract attributes, as the package's generator does, to the source and fixed states.</summary>
        public Test WithContracts()
        {
            TestState.Sources.Add(("ContractAttributes.g.cs", Contracts.AttributeSource));
            FixedState.Sources.Add(("ContractAttributes.g.cs", Contracts.AttributeSource));
            return this;
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => AllRulesVerifier.Analyzers;
    }
}
