using System.Linq;
using CpuidAnalyzers.Flow;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CpuidAnalyzers.Tests.Verifiers;

/// <summary>The operation tree of <c>C.M</c> in <see cref="Snippet.Method"/>, with what the guard engine needs, for tests of the engine itself.</summary>
internal sealed class MethodBody
{
    private MethodBody(IOperation root, IsaModel model, GuardMembers guardMembers) => (Root, Model, GuardMembers) = (root, model, guardMembers);

    public IOperation Root { get; }

    public IsaModel Model { get; }

    public GuardMembers GuardMembers { get; }

    /// <summary>Compiles the body (it must compile without errors) and binds it.</summary>
    public static MethodBody Of(string body)
    {
        var compilation = AnalyzerRunner.Compile(Snippet.Method(body));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var tree = compilation.SyntaxTrees.Single();
        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
        return new MethodBody(
            compilation.GetSemanticModel(tree).GetOperation(method)!,
            IsaModel.TryCreate(compilation)!,
            new GuardMembers(compilation, new SemanticModels(compilation)));
    }
}
