using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CpuidAnalyzers.Flow;

/// <summary>Turns a declaration (what a code block action or a symbol's declaring syntax gives) into the operations to analyze.</summary>
internal static class CodeBlocks
{
    /// <summary>The operations a graph can be built for in a code block: its body, expression body or initializer.</summary>
    public static IEnumerable<IOperation> GraphRoots(SyntaxNode codeBlock, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        IEnumerable<SyntaxNode?> parts = codeBlock switch
        {
            BasePropertyDeclarationSyntax property => new SyntaxNode?[]
            {
                (property as PropertyDeclarationSyntax)?.ExpressionBody ?? (SyntaxNode?)(property as IndexerDeclarationSyntax)?.ExpressionBody,
                (property as PropertyDeclarationSyntax)?.Initializer,
            },
            BaseFieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Initializer),
            VariableDeclaratorSyntax declarator => new SyntaxNode?[] { declarator.Initializer },
            ParameterSyntax parameter => new SyntaxNode?[] { parameter.Default },
            _ => new SyntaxNode?[] { codeBlock },
        };

        foreach (var part in parts)
        {
            if (part is null || semanticModel.GetOperation(part, cancellationToken) is not { } operation) continue;
            while (operation.Parent is not null) operation = operation.Parent;
            if (GuardFlowAnalysis.IsGraphRoot(operation)) yield return operation;
        }
    }

}
