using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.Prefilter;

/// <summary>
/// Whether a compilation may hold code the ISA rules look at, asked once when it starts: most compilations never
/// write <c>Intrinsics</c> (an ISA class is seen only through that namespace: a using, an alias, a qualified name, a
/// global using, CoreLib's own declarations), never spell a contract attribute, and reference no assembly with
/// contracts. The rules then register nothing, so the driver calls none of their callbacks for its code blocks.
/// </summary>
internal static class CompilationGate
{
    private static readonly ConditionalWeakTable<Compilation, StrongBox<bool>> Answers = new();

    // What a file that can see an ISA class or declare a contract spells ("Intrinsics" first: the likeliest).
    private static readonly string[] Words = new[] { "Intrinsics" }.Concat(IsaContracts.ContractAttributeSpellings).ToArray();

    // Per tree, shared by the compilations that hold it: after an edit only the edited file is searched again.
    private static readonly ConditionalWeakTable<SyntaxTree, StrongBox<bool>> Trees = new();

    public static bool MayHoldIsaCode(Compilation compilation, CancellationToken cancellationToken) =>
        Answers.GetValue(compilation, c => new StrongBox<bool>(
            // A plain search, word by word, up to the first file that writes one; only then what may spell one otherwise.
            Words.Any(word => c.SyntaxTrees.Any(tree => Trees.TryGetValue(tree, out var known) ? known.Value : PlainText.Writes(tree, word, cancellationToken)))
            || c.SyntaxTrees.Any(tree => Trees.GetValue(tree, t => new StrongBox<bool>(Words.Any(word => PlainText.MayContain(t, word, cancellationToken)))).Value)
            || ContractNames.AnyInReferences(c))).Value;
}
