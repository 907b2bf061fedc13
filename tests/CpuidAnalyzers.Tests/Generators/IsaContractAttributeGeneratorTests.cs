using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CpuidAnalyzers.Generators;
using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Tests;

/// <summary>The package adds the contract attributes to every compilation, unless the project opts out.</summary>
public class IsaContractAttributeGeneratorTests
{
    private const string User = /* lang=c#-test */ """
        using CpuidAnalyzers;
        using System.Runtime.Intrinsics.X86;

        static class C
        {
            [RequiresIsa(typeof(Avx2), typeof(Bmi2))]
            [RequiresAnyIsa(typeof(Sse2), typeof(System.Runtime.Intrinsics.Arm.AdvSimd))]
            static int M() => 0;
        }
        """;

    [Fact]
    public void AddsTheAttributes_AndTheUserCodeCompiles()
    {
        var (output, generated) = Run(switchValue: null);
        Assert.Equal(IsaContractAttributeGenerator.HintName, Path(Assert.Single(generated)));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var attribute = output.GetTypeByMetadataName("CpuidAnalyzers.RequiresIsaAttribute");
        Assert.NotNull(attribute);
        Assert.Equal(Accessibility.Internal, attribute!.DeclaredAccessibility);
    }

    [Theory]
    [InlineData("false")]
    [InlineData(" False ")]
    public void SwitchedOff_AddsNothing(string value)
    {
        var (output, generated) = Run(value);
        Assert.Empty(generated);
        Assert.Contains(output.GetDiagnostics(), d => d.Id == "CS0246"); // RequiresIsa no longer exists
    }

    [Fact]
    public void TheAttributesStayInMetadata()
    {
        // A library's contracts must reach its callers in other assemblies: no [Conditional] on them.
        var (output, _) = Run(switchValue: "true");
        var attribute = output.GetTypeByMetadataName("CpuidAnalyzers.RequiresIsaAttribute")!;
        Assert.DoesNotContain(attribute.GetAttributes(), a => a.AttributeClass?.Name == "ConditionalAttribute");
        var method = output.GetTypeByMetadataName("C")!.GetMembers("M").Single();
        Assert.Equal(2, method.GetAttributes().Length);
    }

    private static string Path(SyntaxTree tree) => System.IO.Path.GetFileName(tree.FilePath);

    private static (Compilation Output, ImmutableArray<SyntaxTree> Generated) Run(string? switchValue)
    {
        var input = AnalyzerRunner.Compile(User);
        var options = new Options(switchValue is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { [IsaContractAttributeGenerator.SwitchProperty] = switchValue });
        var driver = CSharpGeneratorDriver.Create(new[] { new IsaContractAttributeGenerator().AsSourceGenerator() }, optionsProvider: options);
        driver.RunGeneratorsAndUpdateCompilation(input, out var output, out _);
        return (output, output.SyntaxTrees.Except(input.SyntaxTrees).ToImmutableArray());
    }

    private sealed class Options : AnalyzerConfigOptionsProvider
    {
        private readonly Values _global;

        public Options(Dictionary<string, string> global) => _global = new Values(global);

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Values.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Values.Empty;

        private sealed class Values : AnalyzerConfigOptions
        {
            public static readonly Values Empty = new(new Dictionary<string, string>());
            private readonly Dictionary<string, string> _values;

            public Values(Dictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
        }
    }
}
