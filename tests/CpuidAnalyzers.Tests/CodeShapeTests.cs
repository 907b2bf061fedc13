using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CpuidAnalyzers.Tests.Verifiers.AllRulesVerifier;

namespace CpuidAnalyzers.Tests;

/// <summary>Every place code can live, every way a class can be spelled, and half-typed code.</summary>
public class CodeShapeTests
{
    [Fact]
    public Task FieldAndPropertyInitializers() => VerifyCS.VerifyAsync(Snippet.Members(/* lang=c#-test */ """
        static readonly Vector128<int> Ones = {|CPUID001:Sse2.Add|}(Vector128<int>.One, Vector128<int>.Zero);
        static readonly Vector128<int> Guarded = Sse2.IsSupported ? Sse2.Add(Vector128<int>.One, Vector128<int>.One) : default;
        static Vector128<int> Prop { get; } = {|CPUID001:Sse2.Subtract|}(Vector128<int>.One, Vector128<int>.One);
        static Func<Vector128<int>, Vector128<int>> Lambda = v => {|CPUID001:Sse2.Xor|}(v, v);
        """));

    [Fact]
    public Task PropertiesAccessorsConstructorsOperators() => VerifyCS.VerifyAsync(Snippet.Usings + /* lang=c#-test */ """
        class C
        {
            Vector128<int> _v;
            C() { _v = {|CPUID001:Sse2.Add|}(_v, _v); }
            C(int x) { if (Sse2.IsSupported) _v = Sse2.Add(_v, _v); }
            Vector128<int> Expression => {|CPUID001:Sse2.Or|}(_v, _v);
            Vector128<int> Accessor
            {
                get => Sse2.IsSupported ? Sse2.And(_v, _v) : _v;
                set => _v = {|CPUID001:Sse2.AndNot|}(value, value);
            }
            Vector128<int> this[int i] => {|CPUID001:Sse2.Xor|}(_v, _v);
            public static C operator +(C x, C y) { x._v = {|CPUID001:Sse2.Subtract|}(x._v, y._v); return x; }
        }
        """);

    [Fact]
    public Task TopLevelStatements() => new AllRulesVerifier.Test
    {
        TestCode = /* lang=c#-test */ """
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.X86;

            var v = Vector256.Create(1);
            if (Avx2.IsSupported) v = Avx2.Add(v, v);
            v = {|CPUID001:Avx2.Subtract|}(v, v);
            System.Console.WriteLine(v);
            """,
        TestState = { OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication },
    }.RunAsync();

    [Fact]
    public Task UsingStaticAndAliases() => VerifyCS.VerifyAsync(/* lang=c#-test */ """
        using System.Runtime.Intrinsics;
        using static System.Runtime.Intrinsics.X86.Avx2;
        using Simd = System.Runtime.Intrinsics.X86.Avx2;
        using X86 = System.Runtime.Intrinsics.X86;

        static class C
        {
            static Vector256<int> M(Vector256<int> a)
            {
                a = {|CPUID001:Add|}(a, a);
                a = {|CPUID001:Simd.Subtract|}(a, a);
                a = {|CPUID001:X86.Avx2.Xor|}(a, a);
                if (IsSupported) a = Add(a, a);
                if (Simd.IsSupported) a = Simd.Or(a, a);
                return a;
            }
        }
        """);

    [Fact]
    public Task GlobalUsingStaticInAnotherFile() => new AllRulesVerifier.Test
    {
        TestState =
        {
            Sources =
            {
                "global using static System.Runtime.Intrinsics.X86.Sse2;",
                """
                using System.Runtime.Intrinsics;

                static class C
                {
                    static Vector128<int> M(Vector128<int> a) => {|CPUID001:Add|}(a, a);
                }
                """,
            },
        },
    }.RunAsync();

    [Fact]
    public Task EscapedSpelling_IsStillAUse() => VerifyCS.VerifyAsync(/* lang=c#-test */ """
        using System.Runtime.Intrinsics;
        using System.Runtime.Intrinsics.X86;

        static class C
        {
            static Vector256<int> M(Vector256<int> a) => {|CPUID001:\u0041vx2.Add|}(a, a);
        }
        """);

    // The compilation-start gate searches the text for "Intrinsics": an escape may spell it, and so may be the only spelling.
    [Fact]
    public Task EscapedNamespace_IsStillSeen() => VerifyCS.VerifyAsync(/* lang=c#-test */ """
        static class C
        {
            static uint M(uint a) => {|CPUID001:System.Runtime.Intr\u0069nsics.X86.Popcnt.PopCount|}(a);
        }
        """);

    [Fact]
    public Task GlobalAliasInAnotherFile_UsedInAFileThatSpellsNoClass() => new AllRulesVerifier.Test
    {
        TestState =
        {
            Sources =
            {
                "global using Lz = System.Runtime.Intrinsics.X86.Lzcnt;",
                """
                static class C
                {
                    static uint M(uint x) => {|CPUID001:Lz.LeadingZeroCount|}(x);
                }
                """,
            },
        },
    }.RunAsync();

    [Fact]
    public Task HelperInAnotherFile_CalledFromAFileThatSpellsNoClass() => new AllRulesVerifier.Test
    {
        TestState =
        {
            Sources =
            {
                """
                using System.Runtime.Intrinsics.X86;

                static partial class Bits
                {
                    private static uint CountLzcnt(uint x) => Lzcnt.LeadingZeroCount(x);
                }
                """,
                """
                static partial class Bits
                {
                    public static uint Count(uint x) => {|CPUID008:CountLzcnt|}(x);
                }
                """,
            },
        },
    }.RunAsync();

    [Fact]
    public Task FullyQualifiedName() => VerifyCS.VerifyAsync(/* lang=c#-test */ """
        static class C
        {
            static System.Runtime.Intrinsics.Vector128<int> M(System.Runtime.Intrinsics.Vector128<int> a) =>
                {|CPUID001:System.Runtime.Intrinsics.X86.Sse2.Add|}(a, a);
        }
        """);

    [Fact]
    public Task NameofAndTypeofAreNotUses() => VerifyCS.VerifyAsync(Snippet.Members(/* lang=c#-test */ """
        static string N = nameof(Avx2.Add) + typeof(Avx2).Name + nameof(Avx2);
        """));

    [Fact]
    public Task DiagnosticNamesMemberIsaAndCarriesIsaProperty() => VerifyCS.VerifyAsync(
        Snippet.Method(/* lang=c#-test */ """
            return {|#0:Avx2.Add|}(a, b);
            """),
        new DiagnosticResult(Rules.IsaUse.CPUID001UnguardedIsaUseAnalyzer.Descriptor).WithLocation(0).WithArguments("Avx2.Add", "Avx2", "call")
            .WithMessage("'Avx2.Add' requires Avx2, but this call is reachable when Avx2.IsSupported is false; check Avx2.IsSupported (or a class that " +
                "implies it) before calling it"));

    [Fact]
    public async Task DiagnosticProperties_HoldTheIsaMetadataName()
    {
        var diagnostics = await AnalyzerRunner.GetDiagnosticsAsync(new Rules.IsaUse.CPUID001UnguardedIsaUseAnalyzer(), Snippet.Method(/* lang=c#-test */ """
            long x = Sse41.X64.Extract(a.GetLower().AsInt64(), 1);
            return a;
            """));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("System.Runtime.Intrinsics.X86.Sse41+X64", diagnostic.Properties["Isa"]);
        Assert.Equal("Sse41.X64", diagnostic.Properties["IsaDisplay"]);
        Assert.Contains("'Sse41.X64.Extract' requires Sse41.X64", diagnostic.GetMessage());
    }

    [Fact]
    public Task HalfTypedCode_NoCrashAndNoDiagnosticOnErrors() => VerifyCS.VerifyAsync(/* lang=c#-test */ """
        using System.Runtime.Intrinsics;
        using System.Runtime.Intrinsics.X86;

        static class C
        {
            static Vector256<int> M(Vector256<int> a)
            {
                if (Avx2.IsSupported{|CS1026:|}
                    a = Avx2.Add(a, a);
                a = Avx2.{|CS0117:Bogus|}(a);
                a = {|CS0103:Avx3|}.Add(a, a);
                {|CS0103:Unknown|}.Call(Avx2.IsSupported);
                return {|CPUID001:Avx2.Subtract|}(a, a){|CS1002:|}
            }
        }
        """);

    [Fact]
    public Task HalfTypedMember_NoCrash() => VerifyCS.VerifyAsync(/* lang=c#-test */ """
        using System.Runtime.Intrinsics.X86;

        static class C
        {
            static int M() => Avx2.;
            static int N() => Avx2.LeadingZeroCount(
        }
        """,
        DiagnosticResult.CompilerError("CS0117").WithSpan(5, 28, 5, 28).WithArguments("System.Runtime.Intrinsics.X86.Avx2", ""),
        DiagnosticResult.CompilerError("CS1001").WithSpan(5, 28, 5, 29),
        DiagnosticResult.CompilerError("CS0117").WithSpan(6, 28, 6, 44).WithArguments("System.Runtime.Intrinsics.X86.Avx2", "LeadingZeroCount"),
        DiagnosticResult.CompilerError("CS1002").WithSpan(6, 45, 6, 45),
        DiagnosticResult.CompilerError("CS1026").WithSpan(6, 45, 6, 45));

    [Fact]
    public Task NoIntrinsicsReferenced_NothingHappens() => VerifyCS.VerifyAsync(/* lang=c#-test */ """
        class Avx2 { public static bool IsSupported => true; public static int Add(int a, int b) => a + b; }
        static class C { static int M() => Avx2.Add(1, 2); }
        """);
}
