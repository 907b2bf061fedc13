using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CpuidAnalyzers.Prefilter;

/// <summary>Name spellings the syntax-only checks compare, before anything is bound.</summary>
internal static class SyntaxNames
{
    /// <summary><c>Avx2</c> in <c>System.Runtime.Intrinsics.X86.Avx2</c> or <c>global::Avx2</c>.</summary>
    public static string Rightmost(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => string.Empty,
    };
}
