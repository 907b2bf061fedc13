namespace CpuidAnalyzers.Tests.Verifiers;

/// <summary>Wraps statements in the usings and class a user would have, so tests show only what matters.</summary>
internal static class Snippet
{
    public const string Usings = /* lang=c#-test */ """
        using System;
        using System.Diagnostics;
        using System.Runtime.Intrinsics;
        using System.Runtime.Intrinsics.X86;
        using System.Runtime.Intrinsics.Arm;
        using System.Runtime.Intrinsics.Wasm;

        """;

    /// <summary>A static method <c>M(Vector256&lt;int&gt; a, Vector256&lt;int&gt; b, bool flag)</c> with the given body.</summary>
    public static string Method(string body) => Usings + /* lang=c#-test */ $$"""
        static class C
        {
            static Vector256<int> M(Vector256<int> a, Vector256<int> b, bool flag)
            {
        {{Indent(body, 8)}}
            }
        }
        """;

    /// <summary>A static class with the given members.</summary>
    public static string Members(string members) => Usings + /* lang=c#-test */ $$"""
        static class C
        {
        {{Indent(members, 4)}}
        }
        """;

    private static string Indent(string text, int spaces)
    {
        var pad = new string(' ', spaces);
        return pad + text.Replace("\n", "\n" + pad);
    }
}
