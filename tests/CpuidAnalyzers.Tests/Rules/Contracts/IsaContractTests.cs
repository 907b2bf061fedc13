using System.Collections.Immutable;
using System.IO;
using System.Linq;
using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace CpuidAnalyzers.Tests;

/// <summary>The dispatcher/helper pattern with contracts: the guard moves to the caller, across methods and assemblies.</summary>
public class IsaContractTests
{
    private static Task Verify(string source) => new AllRulesVerifier.Test
    {
        TestState = { Sources = { source, Contracts.AttributeSource } },
    }.RunAsync();

    [Fact]
    public Task DispatcherWithAnnotatedHelpers_IsClean() => Verify(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        static class Sum
        {
            public static int Run(int[] values)
            {
                if (Avx2.IsSupported) return SumAvx2(values);
                if (Sse41.IsSupported && Popcnt.IsSupported) return SumSse41(values);
                if (AdvSimd.IsSupported) return SumAdvSimd(values);
                return values.Length;
            }

            [RequiresIsa(typeof(Avx2))]
            static int SumAvx2(int[] values)
            {
                var acc = Avx2.Add(Vector256<int>.Zero, Vector256.Create(values[0]));
                acc = Sse2.Add(acc.GetLower(), acc.GetUpper()).ToVector256(); // Avx2 implies Sse2
                return Vector256.Sum(acc) + Helper(values);
            }

            [RequiresIsa(typeof(Avx2))]
            static int Helper(int[] values) => Avx2.MoveMask(Vector256.Create((byte)values[0]));

            [RequiresIsa(typeof(Sse41), typeof(Popcnt))]
            static int SumSse41(int[] values) => Sse41.Extract(Vector128.Create(values[0]), 0) + (int)Popcnt.PopCount(1u);

            [RequiresIsa(typeof(AdvSimd))]
            static int SumAdvSimd(int[] values) => AdvSimd.Extract(AdvSimd.Add(Vector128<int>.One, Vector128<int>.One), 0);
        }
        """);

    [Fact]
    public Task BrokenDispatcher_IsFlaggedAtTheCall() => Verify(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        static class Sum
        {
            public static int Run(int[] values)
            {
                if (Avx.IsSupported) values[0] = {|CPUID002:SumAvx2|}(values);
                if (Sse41.IsSupported) values[0] += {|CPUID002:SumSse41|}(values);
                if (!Avx2.IsSupported) return {|CPUID003:SumAvx2|}(values);
                return {|CPUID002:SumSse41|}(values) + SumAvx2(values); // Avx2 implies Sse41, not Popcnt
            }

            public static int RunUnchecked(int[] values)
            {
                return {|CPUID008:SumSse41|}(values);
            }

            [RequiresIsa(typeof(Avx2))]
            static int SumAvx2(int[] values) => Avx2.MoveMask(Vector256.Create((byte)values[0]));

            [RequiresIsa(typeof(Sse41))]
            [RequiresIsa(typeof(Popcnt))]
            static int SumSse41(int[] values) => Sse41.Extract(Vector128.Create(values[0]), 0) + (int)Popcnt.PopCount(1u);
        }
        """);

    [Fact]
    public Task UnguardedCall_MessageNamesMemberAndRequirement() => new AllRulesVerifier.Test
    {
        TestState = { Sources = { Snippet.Usings + /* lang=c#-test */ """
            using CpuidAnalyzers;

            static class C
            {
                static int Run(int x) => {|#0:Pack|}(x);

                [RequiresIsa(typeof(Avx2), typeof(Bmi2))]
                static int Pack(int x) => (int)Bmi2.ParallelBitDeposit((uint)x, 3u) + Avx2.MoveMask(Vector256<byte>.Zero);
            }
            """, Contracts.AttributeSource } },
        ExpectedDiagnostics =
        {
            new DiagnosticResult(Rules.Contracts.CPUID008UnguardedContractCallAnalyzer.Descriptor).WithLocation(0)
                .WithMessage("'C.Pack' requires Avx2 and Bmi2 (its ISA contract), but this call is reachable where that is not known; check " +
                    "Avx2.IsSupported && Bmi2.IsSupported before it, or give the caller the same requirement"),
        },
    }.RunAsync();

    [Fact]
    public Task WeakerAnnotationThanTheBodyNeeds_IsCPUID002Inside() => Verify(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        static class C
        {
            [RequiresIsa(typeof(Avx))]
            static Vector256<int> M(Vector256<int> a) => {|CPUID002:Avx2.Add|}(a, a);
        }
        """);

    [Fact]
    public Task AnyOfContract() => Verify(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        static class Packer
        {
            [RequiresAnyIsa(typeof(Sse2), typeof(PackedSimd))]
            static Vector128<byte> Pack(Vector128<short> a, Vector128<short> b) =>
                Sse2.IsSupported ? Sse2.PackUnsignedSaturate(a, b) : PackedSimd.ConvertNarrowingSaturateUnsigned(a, b);

            static Vector128<byte> Run(Vector128<short> a)
            {
                if (AdvSimd.IsSupported) return {|CPUID002:Pack|}(a, a);
                if (Sse2.IsSupported || PackedSimd.IsSupported) return Pack(a, a);
                return {|CPUID003:Pack|}(a, a);
            }

            static Vector128<byte> RunUnchecked(Vector128<short> a) => {|CPUID008:Pack|}(a, a);
        }
        """);

    [Fact]
    public Task AnyOfContract_BodyMustStillPick() => Verify(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        static class Packer
        {
            [RequiresAnyIsa(typeof(Sse2), typeof(PackedSimd))]
            static Vector128<byte> Pack(Vector128<short> a, Vector128<short> b) => {|CPUID002:Sse2.PackUnsignedSaturate|}(a, b);
        }
        """);

    [Fact]
    public Task TypeLevelContract() => Verify(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        [RequiresIsa(typeof(Avx2))]
        sealed class Avx2Parser
        {
            public int Parse(int x) => Avx2.MoveMask(Vector256.Create((byte)x)) + Helper(x);
            static int Helper(int x) => Avx2.MoveMask(Vector256.Create((byte)(x + 1)));
        }

        static class Factory
        {
            static int Run(int x) => Avx2.IsSupported ? new Avx2Parser().Parse(x) : x;

            static int RunUnchecked(int x)
            {
                var parser = {|CPUID008:new Avx2Parser()|};
                return {|CPUID008:parser.Parse|}(x);
            }
        }
        """);

    [Fact]
    public Task LocalFunctionContract() => Verify(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        static class C
        {
            static int Run(int x)
            {
                if (Avx2.IsSupported) x = Fast(x);
                return {|CPUID008:Fast|}(x);

                [RequiresIsa(typeof(Avx2))]
                static int Fast(int v) => Avx2.MoveMask(Vector256.Create((byte)v));
            }
        }
        """);

    [Fact]
    public Task MethodGroupOfContractMember_IsAUse() => Verify(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        static class C
        {
            static Func<int, int> Pick() => Avx2.IsSupported ? Fast : {|CPUID003:Fast|};

            [RequiresIsa(typeof(Avx2))]
            static int Fast(int v) => Avx2.MoveMask(Vector256.Create((byte)v));
        }
        """);

    [Fact]
    public Task CompExactlyDependsOn_SameArchitectureIsAllOf_DifferentIsAnyOf() => new AllRulesVerifier.Test
    {
        TestState =
        {
            Sources =
            {
                Snippet.Usings + /* lang=c#-test */ """
                using System.Runtime.CompilerServices;

                static class SpanHelpers
                {
                    [CompExactlyDependsOn(typeof(Avx2))]
                    [CompExactlyDependsOn(typeof(Bmi2))]
                    static uint Both(uint x) => Bmi2.ParallelBitDeposit(x, 3u) + (uint)Avx2.MoveMask(Vector256<byte>.Zero);

                    [CompExactlyDependsOn(typeof(Sse2))]
                    [CompExactlyDependsOn(typeof(PackedSimd))]
                    static Vector128<byte> Either(Vector128<short> a) =>
                        Sse2.IsSupported ? Sse2.PackUnsignedSaturate(a, a) : PackedSimd.ConvertNarrowingSaturateUnsigned(a, a);

                    static uint Run(uint x, Vector128<short> a)
                    {
                        if (Avx2.IsSupported) x = {|CPUID002:Both|}(x);
                        if (Avx2.IsSupported && Bmi2.IsSupported) x = Both(x);
                        if (Sse2.IsSupported) a = Either(a).AsInt16();
                        if (PackedSimd.IsSupported) a = Either(a).AsInt16();
                        return x;
                    }
                }
                """,
                Contracts.CompExactlyDependsOnSource,
            },
        },
    }.RunAsync();

    [Fact]
    public Task CompExactlyDependsOn_InSource_IsReadFromTheBody() => new AllRulesVerifier.Test
    {
        TestState =
        {
            Sources =
            {
                Snippet.Usings + /* lang=c#-test */ """
                using System.Runtime.CompilerServices;

                public static class SpanHelpers
                {
                    // Same architecture, yet "any of": the body picks. Sse2 alone is enough to call it.
                    [CompExactlyDependsOn(typeof(Avx2))]
                    [CompExactlyDependsOn(typeof(Sse2))]
                    public static int Picks(Vector128<byte> v) => Avx2.IsSupported ? Avx2.MoveMask(v.ToVector256()) : Sse2.MoveMask(v);

                    // The list says Sse2, the body needs Sse41 as well: the list is the wrong guard.
                    [CompExactlyDependsOn(typeof(Sse2))]
                    public static int Undeclared(Vector128<int> v) => Sse2.MoveMask(v.AsByte()) + {|CPUID002:Sse41.Extract|}(v, 1);

                    public static int Run(Vector128<byte> v) => Sse2.IsSupported ? Picks(v) : 0;

                    public static int RunUndeclared(Vector128<int> v) => Sse2.IsSupported ? {|CPUID002:Undeclared|}(v) : 0;
                }
                """,
                Contracts.CompExactlyDependsOnSource,
            },
        },
    }.RunAsync();

    /// <summary>The reproducer of issue #20 (1): an any-of list across architectures, and an Avx2 helper called under the body's own check.</summary>
    private const string CrossArchitectureListWithOwnCheck = Snippet.Usings + /* lang=c#-test */ """
        using System.Runtime.CompilerServices;

        static class S
        {
            public static int Entry(Vector256<byte> x) =>
                Ssse3.IsSupported || AdvSimd.IsSupported || PackedSimd.IsSupported ? Outer(x) : 0;

            [CompExactlyDependsOn(typeof(Ssse3))]
            [CompExactlyDependsOn(typeof(AdvSimd))]
            [CompExactlyDependsOn(typeof(PackedSimd))]
            private static int Outer(Vector256<byte> x)
            {
                if (Avx2.IsSupported && x[0] > 3)
                {
                    return Inner(x)[0];   // checked right here: safe on every CPU, whatever the list says
                }
                return 0;
            }

            [CompExactlyDependsOn(typeof(Ssse3))]
            private static int Unchecked(Vector256<byte> x) => {|CPUID002:Inner|}(x)[0];   // relies on the list, which lacks Avx2

            public static int EntryUnchecked(Vector256<byte> x) => Avx2.IsSupported ? Unchecked(x) : 0;

            [CompExactlyDependsOn(typeof(Avx2))]
            private static Vector256<byte> Inner(Vector256<byte> x) => Avx2.Add(x, x);
        }
        """;

    [Fact]
    public Task CompExactlyDependsOn_UseCheckedByTheBodyItself_IsNotJudgedAgainstTheList()
        => new CSharpAnalyzerVerifier<Rules.IsaUse.CPUID002WrongGuardAnalyzer>.Test
    {
        TestState = { Sources = { CrossArchitectureListWithOwnCheck, Contracts.CompExactlyDependsOnSource } },
    }.RunAsync();

    [Fact]
    public Task CompExactlyDependsOn_CrossArchitectureReproducer_AllRulesAreSilent() => new AllRulesVerifier.Test
    {
        // Issue #20: no CPUID002 at the checked call, and no CPUID009 on the list (AdvSimd and PackedSimd are never used here).
        TestState = { Sources = { CrossArchitectureListWithOwnCheck, Contracts.CompExactlyDependsOnSource } },
    }.RunAsync();

    // ---- Attribute arguments the contracts do not expect (issue #19): read, never thrown on ----

    [Fact]
    public Task NullParamsArrayOnAnUnrelatedAttribute_IsIgnored() => new AllRulesVerifier.Test
    {
        // xUnit's [InlineData(null)] on a test of SIMD code has this shape: a params array passed as null.
        TestCode = /* lang=c#-test */ """
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.X86;
            sealed class TagAttribute : System.Attribute { public TagAttribute(params string[] tags) { } }
            static class C
            {
                [Tag(null)]
                public static Vector256<int> M() => Avx2.IsSupported ? Avx2.Add(Vector256<int>.Zero, Vector256<int>.One) : default;
            }
            """,
    }.RunAsync();

    [Fact]
    public Task CompExactlyDependsOn_DeclaredWithParams_ReadsAsTheList() => new AllRulesVerifier.Test
    {
        // A params Type[] declaration: (typeof(Avx2)) is the list (Avx2), as with the runtime's one-type constructor.
        TestCode = /* lang=c#-test */ """
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.X86;
            namespace System.Runtime.CompilerServices
            { sealed class CompExactlyDependsOnAttribute : Attribute { public CompExactlyDependsOnAttribute(params Type[] types) { } } }
            static class C
            {
                [System.Runtime.CompilerServices.CompExactlyDependsOn(typeof(Avx2))]
                static Vector256<int> M() => Avx2.Add(Vector256<int>.Zero, Vector256<int>.One);
            }
            """,
    }.RunAsync();

    [Fact]
    public Task CompExactlyDependsOn_WithSeveralTypesInOneAttribute_IsLikeOneAttributeEach() => new AllRulesVerifier.Test
    {
        // (typeof(Avx2), typeof(Bmi2)) in one attribute is [CompExactlyDependsOn(typeof(Avx2))] [CompExactlyDependsOn(typeof(Bmi2))]:
        // in metadata, one architecture's list is all of it; in source, the body may rely on both.
        TestState =
        {
            Sources =
            {
                """
                using System.Runtime.CompilerServices;
                using System.Runtime.Intrinsics;
                using System.Runtime.Intrinsics.X86;
                namespace System.Runtime.CompilerServices
                { sealed class CompExactlyDependsOnAttribute : Attribute { public CompExactlyDependsOnAttribute(params Type[] types) { } } }
                public static class SpanHelpers
                {
                    [CompExactlyDependsOn(typeof(Avx2), typeof(Bmi2))]
                    public static uint Both(uint x) => Bmi2.ParallelBitDeposit(x, 3u) + (uint)Avx2.MoveMask(Vector256<byte>.Zero);

                    [CompExactlyDependsOn(typeof(Avx2), typeof(Bmi2))]
                    public static uint Undeclared(uint x) => Bmi2.ParallelBitDeposit(x, 3u) + (uint)Avx2.MoveMask(Vector256<byte>.Zero) + {|#0:Lzcnt.LeadingZeroCount|}(x);
                }
                """,
            },
            ExpectedDiagnostics =
            {
                new DiagnosticResult("CPUID002", DiagnosticSeverity.Warning).WithLocation(0).WithMessage(
                    "'Lzcnt.LeadingZeroCount' requires Lzcnt, but this call is guarded by the method's [CompExactlyDependsOn] list (Avx2, Bmi2), which does " +
                        "not imply Lzcnt; check Lzcnt.IsSupported"),
            },
        },
    }.RunAsync();

    [Fact]
    public Task RequiresIsaOfNull_NamesNothing_LikeNoAttribute() => Verify(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        static class C
        {
            // A null list names nothing: M is a helper without a contract, whose requirement is inferred from its body.
            [RequiresIsa(null)]
            static Vector256<int> M() => Avx2.Add(Vector256<int>.Zero, Vector256<int>.One);

            static Vector256<int> Run() => {|CPUID008:M|}();
            static Vector256<int> RunChecked() => Avx2.IsSupported ? M() : default;
        }
        """);

    [Fact]
    public Task AcrossAProjectReference()
    {
        var test = new AllRulesVerifier.Test
        {
            TestState =
            {
                Sources =
                {
                    Snippet.Usings + /* lang=c#-test */ """
                    static class App
                    {
                        static int Run(int x)
                        {
                            if (Avx2.IsSupported) x = SimdLib.Kernels.Sum(x);
                            return {|CPUID008:SimdLib.Kernels.Sum|}(x);
                        }
                    }
                    """,
                },
                AdditionalProjectReferences = { "SimdLib" },
            },
        };
        var library = test.TestState.AdditionalProjects["SimdLib"];
        library.Sources.Add(LibrarySource);
        library.Sources.Add(Contracts.AttributeSource);
        library.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
        return test.RunAsync();
    }

    [Fact]
    public async Task AcrossAssemblies_FromMetadata()
    {
        var reference = LibraryAsMetadata();

        var app = CSharpCompilation.Create(
            "App",
            new[] { CSharpSyntaxTree.ParseText(Snippet.Usings + /* lang=c#-test */ """
                static class App
                {
                    static int Run(int x) => Avx2.IsSupported ? SimdLib.Kernels.Sum(x) : SimdLib.Kernels.Sum(x + 1);
                }
                """) },
            Basic.Reference.Assemblies.Net100.References.All.Append(reference),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var diagnostics = await app.WithAnalyzers(AllRulesVerifier.Analyzers.ToImmutableArray()).GetAnalyzerDiagnosticsAsync();

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("CPUID003", diagnostic.Id);
        Assert.Equal("'Kernels.Sum' requires Avx2 (its ISA contract), but this path runs only when Avx2.IsSupported is false: the call cannot succeed here",
            diagnostic.GetMessage());
    }

    /// <summary>The library compiled and emitted on its own: a caller sees its contract only in metadata.</summary>
    internal static MetadataReference LibraryAsMetadata()
    {
        var library = CSharpCompilation.Create(
            "SimdLib",
            new[] { CSharpSyntaxTree.ParseText(LibrarySource), CSharpSyntaxTree.ParseText(Contracts.AttributeSource) },
            Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        Assert.True(library.Emit(image).Success);
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    internal const string LibrarySource = /* lang=c#-test */ """
        using System.Runtime.Intrinsics;
        using System.Runtime.Intrinsics.X86;
        using CpuidAnalyzers;

        namespace SimdLib
        {
            public static class Kernels
            {
                [RequiresIsa(typeof(Avx2))]
                public static int Sum(int x) => Avx2.MoveMask(Vector256.Create((byte)x));
            }
        }
        """;
}
