using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;

namespace CpuidAnalyzers.Tests;

/// <summary>
/// dotnet/runtime's Base64 and SearchValues shape (issue #20, part 3): generic code calls static abstract interface
/// members through a type parameter (<c>TOps.Combine(a, b)</c>), each implementation struct uses one ISA, and the caller
/// that instantiates the generic code checks it. The call is judged against what the type argument's implementation needs.
/// </summary>
public class StaticAbstractStrategyTests
{
    private static Task Verify(string source, params DiagnosticResult[] expected)
    {
        var test = new AllRulesVerifier.Test { TestState = { Sources = { source, Contracts.AttributeSource } } };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private const string Strategies = /* lang=c#-test */ """
        internal interface IVectorOps
        {
            static abstract Vector128<int> Combine(Vector128<int> left, Vector128<int> right);
            static abstract int Mask(Vector128<int> value);
        }

        internal interface INegator
        {
            static abstract int NegateIfNeeded(int mask);
        }

        internal readonly struct DontNegate : INegator { public static int NegateIfNeeded(int mask) => mask; }

        internal readonly struct Negate : INegator { public static int NegateIfNeeded(int mask) => ~mask; }

        // No check and no contract of their own: what each needs is read from its body.
        internal readonly struct Sse41Ops : IVectorOps
        {
            public static Vector128<int> Combine(Vector128<int> a, Vector128<int> b) => Sse41.Max(a, b);
            public static int Mask(Vector128<int> value) => (int)value.ExtractMostSignificantBits();
        }

        internal readonly struct AdvSimdOps : IVectorOps
        {
            public static Vector128<int> Combine(Vector128<int> a, Vector128<int> b) => AdvSimd.Max(a, b);
            public static int Mask(Vector128<int> value) => (int)value.ExtractMostSignificantBits();
        }

        internal static class Blocks
        {
            // The shared algorithm checks nothing: its callers do, for the ops they pass.
            public static int Sum<TOps, TNegator>(ReadOnlySpan<int> data)
                where TOps : struct, IVectorOps
                where TNegator : struct, INegator
            {
                var acc = Vector128<int>.Zero;
                for (int i = 0; i + 4 <= data.Length; i += 4)
                    acc = TOps.Combine(acc, Vector128.Create(data.Slice(i, 4)));
                return TNegator.NegateIfNeeded(TOps.Mask(acc));
            }

            // Passes its own type parameter on: its callers are judged for what Sum does with it.
            public static int Count<TOps>(ReadOnlySpan<int> data) where TOps : struct, IVectorOps => Sum<TOps, Negate>(data);
        }

        """;

    [Fact]
    public Task EveryInstantiationChecked_IsClean() => Verify(Snippet.Usings + Strategies + /* lang=c#-test */ """
        public static class Api
        {
            public static int Run(ReadOnlySpan<int> data)
            {
                if (Sse41.IsSupported) return Blocks.Sum<Sse41Ops, DontNegate>(data) + Blocks.Count<Sse41Ops>(data);
                if (AdvSimd.IsSupported) return Blocks.Sum<AdvSimdOps, Negate>(data);
                return data.Length;
            }

            public static Func<int[], int> Pick() => Sse41.IsSupported ? static d => Blocks.Sum<Sse41Ops, DontNegate>(d) : static d => d.Length;
        }
        """);

    [Fact]
    public Task InstantiationWithoutTheCheck_IsReportedAtTheCall() => Verify(Snippet.Usings + Strategies + /* lang=c#-test */ """
        public static class Api
        {
            public static int Unchecked(ReadOnlySpan<int> data) => {|#0:Blocks.Sum<Sse41Ops, DontNegate>|}(data);

            public static int WrongCheck(ReadOnlySpan<int> data) => Sse2.IsSupported ? {|#1:Blocks.Sum<Sse41Ops, DontNegate>|}(data) : 0;

            public static int Crossed(ReadOnlySpan<int> data) => AdvSimd.IsSupported ? {|#2:Blocks.Count<Sse41Ops>|}(data) : 0;

            // The negator needs nothing: only the ops are judged.
            public static int Fine(ReadOnlySpan<int> data) => AdvSimd.IsSupported ? Blocks.Sum<AdvSimdOps, Negate>(data) : 0;
        }
        """,
        new DiagnosticResult("CPUID008", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0).WithMessage(
            "'Blocks.Sum' requires Sse41 (inferred: it uses Sse41.Max at line 25), but this call is reachable where that is not known; check " +
                "Sse41.IsSupported before it, or give the caller the same requirement"),
        new DiagnosticResult("CPUID002", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(1),
        new DiagnosticResult("CPUID002", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(2));

    [Fact]
    public Task ImplementationsWithContracts_AreNotCPUID010_AndTheirCallersAreJudged() => Verify(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        // Base64's IBase64Decoder shape: the implementation states what it needs.
        internal interface IDecoder
        {
            static abstract bool TryDecode128Core(Vector128<byte> block, out Vector128<byte> result);
        }

        internal readonly struct Ssse3Decoder : IDecoder
        {
            [RequiresAnyIsa(typeof(AdvSimd.Arm64), typeof(Ssse3))]
            public static bool TryDecode128Core(Vector128<byte> block, out Vector128<byte> result)
            {
                result = Ssse3.IsSupported ? Ssse3.Shuffle(block, block) : AdvSimd.Arm64.VectorTableLookup(block, block);
                return true;
            }
        }

        internal static class Base64
        {
            private static bool Decode<TDecoder>(Vector128<byte> block) where TDecoder : IDecoder => TDecoder.TryDecode128Core(block, out _);

            public static bool Run(Vector128<byte> block) =>
                (Ssse3.IsSupported || AdvSimd.Arm64.IsSupported) && Decode<Ssse3Decoder>(block);

            public static bool RunUnchecked(Vector128<byte> block) => {|CPUID008:Decode<Ssse3Decoder>|}(block);
        }
        """);

    [Fact]
    public Task ThroughATypeParameterOfAGenericType_NeedsOneOfTheImplementations() => Verify(Snippet.Usings + Strategies + /* lang=c#-test */ """
        // A type parameter of a type, not of a generic method: its instantiations are not followed, so the call needs
        // one of the implementations in the compilation. (A struct, whose members nothing calls: each is analyzed on its own.)
        internal readonly struct Runner<TOps> where TOps : struct, IVectorOps
        {
            public int Run(Vector128<int> v) => TOps.Mask({|CPUID008:TOps.Combine|}(v, v));

            public int Checked(Vector128<int> v) => Sse41.IsSupported || AdvSimd.IsSupported ? TOps.Mask(TOps.Combine(v, v)) : 0;
        }
        """);

    [Fact]
    public Task ThroughATypeParameterOfAnOverride_NeedsOneOfTheImplementations() => Verify(Snippet.Usings + Strategies + /* lang=c#-test */ """
        // A call through Algo.Run<Sse41Ops> would read the abstract member's (empty) body: the override's calls are judged where they are written.
        internal abstract class Algo
        {
            public abstract int Run<TOps>(Vector128<int> v) where TOps : struct, IVectorOps;
        }

        internal sealed class Plain : Algo
        {
            public override int Run<TOps>(Vector128<int> v) => TOps.Mask({|CPUID008:TOps.Combine|}(v, v));
        }
        """);

    [Fact]
    public Task InStrictMode_TheImplementationIsAnalyzedOnItsOwn() => new AllRulesVerifier.Test
    {
        TestState =
        {
            Sources =
            {
                Snippet.Usings + /* lang=c#-test */ """
                internal interface IOps { static abstract Vector128<int> Combine(Vector128<int> left, Vector128<int> right); }

                internal readonly struct Sse41Ops : IOps
                {
                    public static Vector128<int> Combine(Vector128<int> a, Vector128<int> b) => {|CPUID001:Sse41.Max|}(a, b);
                }

                internal static class Blocks
                {
                    public static Vector128<int> Twice<TOps>(Vector128<int> v) where TOps : IOps => TOps.Combine(v, v);
                    public static Vector128<int> Run(Vector128<int> v) => Sse41.IsSupported ? Twice<Sse41Ops>(v) : v;
                }
                """,
            },
            AnalyzerConfigFiles = { ("/.editorconfig", "root = true\n[*]\ncpuid_analyzers.infer_requirements = false\n") },
        },
    }.RunAsync();
}
