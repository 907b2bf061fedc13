using CpuidAnalyzers.CodeFixes.IsaUse;
using CpuidAnalyzers.Tests.Verifiers;
using VerifyCS = CpuidAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<CpuidAnalyzers.CodeFixes.IsaUse.RequireIsaInCallerCodeFixProvider>;

namespace CpuidAnalyzers.Tests;

public class RequireIsaInCallerCodeFixTests
{
    [Fact]
    public Task NonPublicMethod_GetsTheAttribute() => VerifyCS.VerifyCodeFixAsync(Snippet.Usings + /* lang=c#-test */ """
        static class C
        {
            /// <summary>Adds.</summary>
            static Vector256<int> Helper(Vector256<int> a) => {|CPUID001:Avx2.Add|}(a, a);
        }
        """, Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;
        static class C
        {
            /// <summary>Adds.</summary>
            [RequiresIsa(typeof(Avx2))]
            static Vector256<int> Helper(Vector256<int> a) => Avx2.Add(a, a);
        }
        """, RequireIsaInCallerCodeFixProvider.EquivalenceKey, withContracts: true);

    [Fact]
    public Task PublicMethod_IsASeparateAction() => VerifyCS.VerifyCodeFixAsync(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        public static class C
        {
            public static Vector256<int> Add(Vector256<int> a, Vector256<int> b)
            {
                var c = {|CPUID001:Avx2.Add|}(a, b);
                return {|CPUID001:Fma.MultiplyAdd|}(c.AsSingle(), c.AsSingle(), c.AsSingle()).AsInt32();
            }
        }
        """, Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        public static class C
        {
            [RequiresIsa(typeof(Avx2), typeof(Fma))]
            public static Vector256<int> Add(Vector256<int> a, Vector256<int> b)
            {
                var c = Avx2.Add(a, b);
                return Fma.MultiplyAdd(c.AsSingle(), c.AsSingle(), c.AsSingle()).AsInt32();
            }
        }
        """, RequireIsaInCallerCodeFixProvider.PublicEquivalenceKey, withContracts: true);

    [Fact]
    public Task ExistingRequirement_IsExtended() => VerifyCS.VerifyCodeFixAsync(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        public static class C
        {
            [RequiresIsa(typeof(Avx), typeof(Popcnt))]
            public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => {|CPUID002:Avx2.Add|}(a, b) + Vector256.Create((int)Popcnt.PopCount(1));
        }
        """, Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        public static class C
        {
            [RequiresIsa(typeof(Avx2), typeof(Popcnt))]
            public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => Avx2.Add(a, b) + Vector256.Create((int)Popcnt.PopCount(1));
        }
        """, RequireIsaInCallerCodeFixProvider.PublicEquivalenceKey, withContracts: true);

    /// <summary>
    /// In strict mode a local function's use is CPUID001 inside it, and the fix moves the check to its calls.
    /// (With inference on, the unguarded call is reported itself: RequirementInferenceTests.LocalFunction_*.)
    /// </summary>
    [Fact]
    public Task LocalFunction_MovesTheCheckToItsCallSite()
    {
        var test = new VerifyCS.Test
        {
            TestCode = Snippet.Usings + /* lang=c#-test */ """
            using CpuidAnalyzers;

            public static class C
            {
                public static int Count(int x)
                {
                    return Local(x);

                    static int Local(int y) => (int){|CPUID001:Popcnt.PopCount|}((uint)y);
                }
            }
            """,
            FixedCode = Snippet.Usings + /* lang=c#-test */ """
            using CpuidAnalyzers;

            public static class C
            {
                public static int Count(int x)
                {
                    return {|CPUID008:Local|}(x);

                    [RequiresIsa(typeof(Popcnt))]
                    static int Local(int y) => (int)Popcnt.PopCount((uint)y);
                }
            }
            """,
            CodeActionEquivalenceKey = RequireIsaInCallerCodeFixProvider.EquivalenceKey,
        }.WithContracts();
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\ncpuid_analyzers.infer_requirements = false\n"));
        return test.RunAsync();
    }

    /// <summary>Fix All over two files: one attribute per member with everything its uses need; public members are left to their own key.</summary>
    [Fact]
    public Task FixAll_AcrossDocuments_OneAttributePerMember()
    {
        var test = new VerifyCS.Test { CodeActionEquivalenceKey = RequireIsaInCallerCodeFixProvider.EquivalenceKey }.WithContracts();
        test.TestState.Sources.Add(Snippet.Usings + /* lang=c#-test */ """
            using CpuidAnalyzers;

            public static class A
            {
                public static Vector256<int> Entry(Vector256<int> a) => {|CPUID001:Avx2.Add|}(a, a);

                internal static void Store(Vector256<float> a, Vector256<int> b)
                {
                    var f = {|CPUID001:Fma.MultiplyAdd|}(a, a, a);
                    var s = {|CPUID001:Avx2.Subtract|}(b, b);
                    Console.WriteLine(f + s.AsSingle() + {|CPUID001:Sse41.Max|}(b.GetLower(), b.GetUpper()).AsSingle().ToVector256());
                }
            }
            """);
        test.TestState.Sources.Add(Snippet.Usings + /* lang=c#-test */ """
            internal class B
            {
                public virtual int Count(uint x) => (int){|CPUID001:Popcnt.PopCount|}(x);
            }
            """);
        test.FixedState.Sources.Add(Snippet.Usings + /* lang=c#-test */ """
            using CpuidAnalyzers;

            public static class A
            {
                public static Vector256<int> Entry(Vector256<int> a) => {|CPUID001:Avx2.Add|}(a, a);

                [RequiresIsa(typeof(Fma), typeof(Avx2))]
                internal static void Store(Vector256<float> a, Vector256<int> b)
                {
                    var f = Fma.MultiplyAdd(a, a, a);
                    var s = Avx2.Subtract(b, b);
                    Console.WriteLine(f + s.AsSingle() + Sse41.Max(b.GetLower(), b.GetUpper()).AsSingle().ToVector256());
                }
            }
            """);
        test.FixedState.Sources.Add(Snippet.Usings + /* lang=c#-test */ """
            using CpuidAnalyzers;
            internal class B
            {
                [RequiresIsa(typeof(Popcnt))]
                public virtual int Count(uint x) => (int)Popcnt.PopCount(x);
            }
            """);
        return test.RunAsync();
    }
}
