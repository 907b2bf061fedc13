using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CpuidAnalyzers.Analysis;

/// <summary>
/// For inference, the syntax filter must also let through a body that calls a helper that (perhaps
/// through other helpers) uses an ISA class. From the seed names (ISA classes, contracts), this adds
/// the names of every member whose declaration mentions a reached name, transitively, and of its type
/// (for <c>new T</c>); only members inference can apply to spread (not public or protected in a public
/// type, not virtual). One walk of the compilation's declarations, once, on demand.
/// </summary>
internal static class ReachingNames
{
    public static ImmutableHashSet<string> Collect(Compilation compilation, ImmutableHashSet<string> seeds, CancellationToken cancellationToken)
    {
        var mentionedBy = new Dictionary<string, List<string[]>>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var root = tree.GetRoot(cancellationToken);
            foreach (var member in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax).OfType<MemberDeclarationSyntax>())
            {
                if (member is BaseTypeDeclarationSyntax or BaseNamespaceDeclarationSyntax || !MayBeInferred(member)) continue;
                var declared = DeclaredNames(member);
                if (declared.Length == 0) continue;
                foreach (var name in member.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText).Distinct())
                {
                    if (!mentionedBy.TryGetValue(name, out var declarations)) mentionedBy[name] = declarations = new List<string[]>();
                    declarations.Add(declared);
                }
            }
        }

        var reached = new HashSet<string>(seeds);
        var pending = new Queue<string>(seeds);
        while (pending.Count > 0)
        {
            if (!mentionedBy.TryGetValue(pending.Dequeue(), out var declarations)) continue;
            foreach (var name in declarations.SelectMany(d => d))
                if (reached.Add(name)) pending.Enqueue(name);
        }
        return reached.ToImmutableHashSet();
    }

    /// <summary>The member's name and its type's (a <c>new T</c> reaches T's instance members).</summary>
    private static string[] DeclaredNames(MemberDeclarationSyntax member)
    {
        var type = (member.Parent as BaseTypeDeclarationSyntax)?.Identifier.ValueText;
        var own = member switch
        {
            MethodDeclarationSyntax method => method.Identifier.ValueText,
            ConstructorDeclarationSyntax constructor => constructor.Identifier.ValueText,
            PropertyDeclarationSyntax property => property.Identifier.ValueText,
            _ => null,
        };
        return new[] { own, type }.Where(n => n is not null).Select(n => n!).ToArray();
    }

    /// <summary>Errs on the side of "may be": a member is left out only if it and every type around it are visible outside.</summary>
    private static bool MayBeInferred(MemberDeclarationSyntax member)
    {
        if (member.Modifiers.Any(m => m.IsKind(SyntaxKind.VirtualKeyword) || m.IsKind(SyntaxKind.AbstractKeyword) || m.IsKind(SyntaxKind.OverrideKeyword)))
            return false;
        if (!VisibleOutside(member.Modifiers)) return true;
        for (var parent = member.Parent; parent is BaseTypeDeclarationSyntax type; parent = parent.Parent)
            if (!VisibleOutside(type.Modifiers)) return true;
        return false;
    }

    // public, protected or protected internal; not private protected, internal or private (or no modifier).
    private static bool VisibleOutside(SyntaxTokenList modifiers) =>
        (modifiers.Any(SyntaxKind.PublicKeyword) || modifiers.Any(SyntaxKind.ProtectedKeyword)) && !modifiers.Any(SyntaxKind.PrivateKeyword);
}
