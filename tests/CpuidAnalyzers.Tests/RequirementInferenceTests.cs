using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;

namespace CpuidAnalyzers.Tests;

/// <summary>
/// Real SIMD code is a dispatcher that checks once and helpers that do not: with no annotation, the
/// analysis infers what private and internal helpers need and checks their callers instead.
/// </summary>
public class RequirementInferenceTests
{
    private static Task Verify(string source, string? editorConfig = null, params DiagnosticResult[] expected)
    {
        var test = new AllRulesVerifier.Test { TestState = { Sources = { source } } };
        if (editorConfig is not null) test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + editorConfig));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>A UTF-8 validator: AVX-512, AVX2, SSE4.1 and AdvSimd paths behind one dispatcher.</summary>
    private const string Utf8Validator = """
        static class Utf8Validator
        {
            public static bool IsAscii(ReadOnlySpan<byte> data)
            {
                if (data.Length < 64) return IsAsciiScalar(data);
                if (Avx512BW.IsSupported) return IsAsciiAvx512(data);
                if (Avx2.IsSupported) return IsAsciiAvx2(data);
                if (GUARD_SSE) return IsAsciiSse41(data);
                if (AdvSimd.Arm64.IsSupported) return IsAsciiAdvSimd(data);
                return IsAsciiScalar(data);
            }

            private static bool IsAsciiAvx512(ReadOnlySpan<byte> data)
            {
                var v = Vector512.Create(data);
                return Avx512BW.MoveMask(v) == 0 && IsAsciiScalar(data.Slice(64));
            }

            private static bool IsAsciiAvx2(ReadOnlySpan<byte> data)
            {
                var v = Vector256.Create(data);
                return Avx2.MoveMask(v) == 0 && Tail(data.Slice(32));
            }

            private static bool Tail(ReadOnlySpan<byte> data) =>
                data.Length >= 16 ? IsAsciiSse41(data) : IsAsciiScalar(data);

            private static bool IsAsciiSse41(ReadOnlySpan<byte> data)
            {
                var v = Vector128.Create(data);
                return Sse41.TestZ(v, Vector128.Create((byte)0x80)) && IsAsciiScalar(data.Slice(16));
            }

            private static bool IsAsciiAdvSimd(ReadOnlySpan<byte> data)
            {
                var v = Vector128.Create(data);
                return AdvSimd.Arm64.MaxAcross(v).ToScalar() < 0x80 && IsAsciiScalar(data.Slice(16));
            }

            private static bool IsAsciiScalar(ReadOnlySpan<byte> data)
            {
                for (int i = 0; i < data.Length; i++) if (data[i] >= 0x80) return false;
                return true;
            }
        }
        """;

    [Fact]
    public Task Utf8Validator_IsClean() => Verify(Snippet.Usings + Utf8Validator.Replace("GUARD_SSE", "Sse41.IsSupported"));

    [Fact]
    public Task Utf8Validator_WeakerGuard_IsReportedAtTheCall() => Verify(Snippet.Usings + Utf8Validator
        .Replace("GUARD_SSE", "Ssse3.IsSupported")
        .Replace("if (Ssse3.IsSupported) return IsAsciiSse41(data);", "if (Ssse3.IsSupported) return {|#0:IsAsciiSse41|}(data);"),
        expected: new DiagnosticResult(Rules.CPUID002WrongGuardAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'Utf8Validator.IsAsciiSse41' requires Sse41 (inferred: it uses Sse41.TestZ at line 37), but this call is guarded by Ssse3.IsSupported, which does not imply Sse41; check Sse41.IsSupported"));

    [Fact]
    public Task Utf8Validator_RemovedGuard_IsCPUID008NamingTheUse() => Verify(Snippet.Usings + Utf8Validator
        .Replace("GUARD_SSE", "true")
        .Replace("if (true) return IsAsciiSse41(data);", "return {|#0:IsAsciiSse41|}(data);"),
        expected: new DiagnosticResult(Rules.CPUID008UnguardedContractCallAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'Utf8Validator.IsAsciiSse41' requires Sse41 (inferred: it uses Sse41.TestZ at line 37), but this call is reachable where that is not known; check Sse41.IsSupported before it, or give the caller the same requirement"));

    /// <summary>A Base64 decoder: Ssse3 shuffles in a helper two calls deep.</summary>
    private const string Base64 = """
        internal static class Base64
        {
            public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
            {
                int done = 0;
                if (GUARD) done = DecodeVectorized(source, destination);
                return done + DecodeScalar(source.Slice(done), destination.Slice(done));
            }

            private static int DecodeVectorized(ReadOnlySpan<byte> source, Span<byte> destination)
            {
                int i = 0;
                for (; i + 16 <= source.Length; i += 16)
                    DecodeBlock(Vector128.Create(source.Slice(i))).CopyTo(destination.Slice(i));
                return i;
            }

            private static Vector128<byte> DecodeBlock(Vector128<byte> block) =>
                Ssse3.Shuffle(block, Vector128.Create((byte)2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 255, 255, 255, 255));

            private static int DecodeScalar(ReadOnlySpan<byte> source, Span<byte> destination)
            {
                source.CopyTo(destination);
                return source.Length;
            }
        }
        """;

    [Fact]
    public Task Base64_TransitiveHelpers_AreClean() => Verify(Snippet.Usings + Base64.Replace("GUARD", "Ssse3.IsSupported"));

    [Fact]
    public Task Base64_WrongGuard_IsReportedAtTheDispatcher() => Verify(Snippet.Usings + Base64
        .Replace("if (GUARD) done = DecodeVectorized(", "if (Sse2.IsSupported) done = {|CPUID002:DecodeVectorized|}("));

    /// <summary>A CSV parser: strategy objects created under a guard by a factory, used through an interface.</summary>
    private const string CsvParser = """
        interface ISeparatorSearch { int IndexOf(ReadOnlySpan<byte> line); }

        static class CsvParserFactory
        {
            public static List<Func<byte, ISeparatorSearch>> Create()
            {
                var parsers = new List<Func<byte, ISeparatorSearch>>();
                if (GUARD) parsers.Add(static separator => NEW_AVX2);
                if (Sse2.IsSupported) parsers.Add(static separator => new SeparatorSearchSse2(separator));
                parsers.Add(static separator => new SeparatorSearchScalar(separator));
                return parsers;
            }
        }

        sealed class SeparatorSearchAvx2 : ISeparatorSearch
        {
            private readonly Vector256<byte> _separator;
            internal SeparatorSearchAvx2(byte separator) => _separator = Vector256.Create(separator);

            public int IndexOf(ReadOnlySpan<byte> line)
            {
                if (line.Length < 32) return line.IndexOf(_separator.ToScalar());
                var mask = (uint)Avx2.MoveMask(Avx2.CompareEqual(Vector256.Create(line), _separator));
                return mask == 0 ? -1 : System.Numerics.BitOperations.TrailingZeroCount(mask);
            }
        }

        sealed class SeparatorSearchSse2 : ISeparatorSearch
        {
            private readonly Vector128<byte> _separator;
            internal SeparatorSearchSse2(byte separator) => _separator = Vector128.Create(separator);

            public int IndexOf(ReadOnlySpan<byte> line) =>
                line.Length < 16 ? line.IndexOf(_separator.ToScalar()) : Sse2.MoveMask(Sse2.CompareEqual(Vector128.Create(line), _separator));
        }

        sealed class SeparatorSearchScalar : ISeparatorSearch
        {
            private readonly byte _separator;
            internal SeparatorSearchScalar(byte separator) => _separator = separator;
            public int IndexOf(ReadOnlySpan<byte> line) => line.IndexOf(_separator);
        }
        """;

    [Fact]
    public Task CsvParserFactory_StrategiesCreatedUnderGuards_AreClean() => Verify(Snippet.Usings + "using System.Collections.Generic;\n" + CsvParser
        .Replace("GUARD", "Avx2.IsSupported").Replace("NEW_AVX2", "new SeparatorSearchAvx2(separator)"));

    [Fact]
    public Task CsvParserFactory_UnguardedCreation_IsReportedAtNew() => Verify(Snippet.Usings + "using System.Collections.Generic;\n" + CsvParser
        .Replace("GUARD", "Avx.IsSupported").Replace("NEW_AVX2", "{|CPUID002:new SeparatorSearchAvx2(separator)|}"));

    /// <summary>A packed search that runs on any of three architectures: an any-of requirement, inferred.</summary>
    private const string PackedSearch = """
        static class PackedSearch
        {
            public static int IndexOf(Vector128<short> a, Vector128<short> b)
            {
                if (GUARD) return PackedIndexOf(a, b);
                return -1;
            }

            private static int PackedIndexOf(Vector128<short> a, Vector128<short> b)
            {
                Vector128<byte> packed = Sse2.IsSupported ? Sse2.PackUnsignedSaturate(a, b)
                    : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.UnzipEven(a.AsByte(), b.AsByte())
                    : PackedSimd.ConvertNarrowingSaturateUnsigned(a, b);
                return packed.ToScalar();
            }
        }
        """;

    [Theory]
    [InlineData("Sse2.IsSupported || AdvSimd.Arm64.IsSupported || PackedSimd.IsSupported")]
    [InlineData("Sse2.IsSupported")]
    [InlineData("PackedSimd.IsSupported")]
    [InlineData("AdvSimd.Arm64.IsSupported")]
    public Task PackedSearch_AnyOfRequirement_AnyOneSatisfiesIt(string guard) => Verify(Snippet.Usings + PackedSearch.Replace("GUARD", guard));

    [Fact]
    public Task PackedSearch_UnrelatedGuard_IsReported() => Verify(Snippet.Usings + PackedSearch
        .Replace("if (GUARD) return PackedIndexOf(", "if (AdvSimd.IsSupported) return {|#0:PackedIndexOf|}("),
        expected: new DiagnosticResult(Rules.CPUID002WrongGuardAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'PackedSearch.PackedIndexOf' requires AdvSimd.Arm64 or PackedSimd or Sse2 (inferred: it uses PackedSimd.ConvertNarrowingSaturateUnsigned at line 19), but this call is guarded by AdvSimd.IsSupported, which does not imply AdvSimd.Arm64 or PackedSimd or Sse2; check AdvSimd.Arm64.IsSupported || PackedSimd.IsSupported || Sse2.IsSupported"));

    [Fact]
    public Task PublicHelpers_AreNeverInferred() => Verify(Snippet.Usings + """
        public class C
        {
            public static int Run(int x) => Avx2.IsSupported ? Helper(x) : x;
            public static int Helper(int x) => {|CPUID001:Avx2.MoveMask|}(Vector256.Create((byte)x));
            protected internal static int Shared(int x) => {|CPUID001:Avx2.MoveMask|}(Vector256.Create((byte)x));
            internal static int Internal(int x) => Shared(x) + Avx2.MoveMask(Vector256.Create((byte)x));
            public static int UsesInternal(int x) => Avx2.IsSupported ? Internal(x) : x;
        }
        """);

    [Fact]
    public Task HelperWithoutCallSites_IsAnalyzedOnItsOwn() => Verify(Snippet.Members("""
        private static int Unused(int x) => {|CPUID001:Avx2.MoveMask|}(Vector256.Create((byte)x));
        private static int Unused(string s) => s.Length;
        private static int Caller(string s) => Unused(s);
        """));

    [Fact]
    public Task RecursionConverges() => Verify(Snippet.Members("""
        public static int Run(int n) => Popcnt.IsSupported ? Even(n) : 0;
        private static int Even(int n) => n == 0 ? 0 : Odd(n - 1) + (int)Popcnt.PopCount((uint)n);
        private static int Odd(int n) => n == 0 ? 1 : Even(n - 1);
        public static int Broken(int n) => {|CPUID008:Odd|}(n);
        """));

    [Fact]
    public Task StrictMode_TurnsInferenceOff() => Verify(Snippet.Members("""
        public static int Run(int x) => Avx2.IsSupported ? Helper(x) : x;
        private static int Helper(int x) => {|CPUID001:Avx2.MoveMask|}(Vector256.Create((byte)x));
        """), "cpuid_analyzers.infer_requirements = false");

    [Fact]
    public Task InternalsVisibleTo_StopsInferenceForInternals_UnlessAskedFor()
    {
        const string Source = """
            [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Tests")]

            static class C
            {
                public static int Run(int x) => Avx2.IsSupported ? Helper(x) + Hidden(x) : x;
                internal static int Helper(int x) => MARK;
                private static int Hidden(int x) => Avx2.MoveMask(Vector256.Create((byte)x));
            }
            """;
        return Task.WhenAll(
            Verify(Snippet.Usings + Source.Replace("MARK", "{|CPUID001:Avx2.MoveMask|}(Vector256.Create((byte)x))")),
            Verify(Snippet.Usings + Source.Replace("MARK", "Avx2.MoveMask(Vector256.Create((byte)x))"), "cpuid_analyzers.infer_internal_with_internals_visible_to = true"));
    }

    [Fact]
    public Task DebugAssertInAPrivateHelper_IsAPreconditionItsCallersMustEstablish() => Verify(Snippet.Members("""
        public static int Run(int x) => Avx2.IsSupported ? Helper(x) : 0;
        public static int Unchecked(int x) => {|#0:Helper|}(x);
        private static int Helper(int x)
        {
            Debug.Assert(Avx2.IsSupported); // gone in Release builds: the callers must check
            return Avx2.MoveMask(Vector256.Create((byte)x));
        }
        """), expected: new DiagnosticResult(Rules.CPUID008UnguardedContractCallAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'C.Helper' requires Avx2 (inferred: it asserts Avx2.IsSupported at line 13), but this call is reachable where that is not known; check Avx2.IsSupported before it, or give the caller the same requirement"));

    [Fact]
    public Task AnAlwaysFailingBranchInAHelper_IsReportedInTheHelper() => Verify(Snippet.Members("""
        public static Vector256<int> Run(Vector256<int> a) => Helper(a);
        private static Vector256<int> Helper(Vector256<int> a)
        {
            if (Avx2.IsSupported) return Avx2.Add(a, a);
            else return {|CPUID003:Avx2.Subtract|}(a, a);
        }
        """));
}
