using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers;

/// <summary>
/// Semantic models of other trees than the one being analyzed (a callee's body, a guard member, a
/// call site), one per tree per compilation, so what one model has bound is not bound again.
/// </summary>
internal sealed class SemanticModels
{
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();

    public SemanticModels(Compilation compilation) => _compilation = compilation;

#pragma warning disable RS1030 // The code a rule follows lives in other trees; the models are cached per compilation.
    public SemanticModel For(SyntaxTree tree) => _models.GetOrAdd(tree, t => _compilation.GetSemanticModel(t));
#pragma warning restore RS1030
}
