using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.Inference;

/// <summary>Every type this compilation declares, nested ones included, from its symbols (no syntax walk).</summary>
internal static class SourceTypes
{
    public static IEnumerable<INamedTypeSymbol> Of(Compilation compilation, CancellationToken cancellationToken)
    {
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var container = pending.Pop();
            if (container is INamespaceSymbol ns)
                foreach (var inner in ns.GetNamespaceMembers()) pending.Push(inner);
            foreach (var type in container.GetTypeMembers())
            {
                pending.Push(type);
                yield return type;
            }
        }
    }
}
