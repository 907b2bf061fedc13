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
    private const string Utf8Validator = /* lang=c#-test */ """
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
        expected: new DiagnosticResult(Rules.IsaUse.CPUID002WrongGuardAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'Utf8Validator.IsAsciiSse41' requires Sse41 (inferred: it uses Sse41.TestZ at line 37), but this call is guarded by " +
                "Ssse3.IsSupported, which does not imply Sse41; check Sse41.IsSupported"));

    [Fact]
    public Task Utf8Validator_RemovedGuard_IsCPUID008NamingTheUse() => Verify(Snippet.Usings + Utf8Validator
        .Replace("GUARD_SSE", "true")
        .Replace("if (true) return IsAsciiSse41(data);", "return {|#0:IsAsciiSse41|}(data);"),
        expected: new DiagnosticResult(Rules.Contracts.CPUID008UnguardedContractCallAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'Utf8Validator.IsAsciiSse41' requires Sse41 (inferred: it uses Sse41.TestZ at line 37), but this call is reachable where that is " +
                "not known; check Sse41.IsSupported before it, or give the caller the same requirement"));

    /// <summary>A Base64 decoder: Ssse3 shuffles in a helper two calls deep.</summary>
    private const string Base64 = /* lang=c#-test */ """
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
    private const string CsvParser = /* lang=c#-test */ """
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
    private const string PackedSearch = /* lang=c#-test */ """
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
        expected: new DiagnosticResult(Rules.IsaUse.CPUID002WrongGuardAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'PackedSearch.PackedIndexOf' requires AdvSimd.Arm64 or PackedSimd or Sse2 (inferred: it uses " +
                "PackedSimd.ConvertNarrowingSaturateUnsigned at line 19), but this call is guarded by AdvSimd.IsSupported, which does not imply " +
                "AdvSimd.Arm64 or PackedSimd or Sse2; check AdvSimd.Arm64.IsSupported || PackedSimd.IsSupported || Sse2.IsSupported"));

    [Fact]
    public Task PublicHelpers_AreNeverInferred() => Verify(Snippet.Usings + /* lang=c#-test */ """
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
    public Task HelperWithoutCallSites_IsAnalyzedOnItsOwn() => Verify(Snippet.Members(/* lang=c#-test */ """
        private static int Unused(int x) => {|CPUID001:Avx2.MoveMask|}(Vector256.Create((byte)x));
        private static int Unused(string s) => s.Length;
        private static int Caller(string s) => Unused(s);
        """));

    [Fact]
    public Task RecursionConverges() => Verify(Snippet.Members(/* lang=c#-test */ """
        public static int Run(int n) => Popcnt.IsSupported ? Even(n) : 0;
        private static int Even(int n) => n == 0 ? 0 : Odd(n - 1) + (int)Popcnt.PopCount((uint)n);
        private static int Odd(int n) => n == 0 ? 1 : Even(n - 1);
        public static int Broken(int n) => {|CPUID008:Odd|}(n);
        """));

    [Fact]
    public Task StrictMode_TurnsInferenceOff() => Verify(Snippet.Members(/* lang=c#-test */ """
        public static int Run(int x) => Avx2.IsSupported ? Helper(x) : x;
        private static int Helper(int x) => {|CPUID001:Avx2.MoveMask|}(Vector256.Create((byte)x));
        """), "cpuid_analyzers.infer_requirements = false");

    [Fact]
    public Task InternalsVisibleTo_StopsInferenceForInternals_UnlessAskedFor()
    {
        const string Source = /* lang=c#-test */ """
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
            Verify(Snippet.Usings + Source.Replace("MARK", "Avx2.MoveMask(Vector256.Create((byte)x))"),
                "cpuid_analyzers.infer_internal_with_internals_visible_to = true"));
    }

    /// <summary>A library with friends: an internal helper reached under the check, and one call that is not.</summary>
    private const string LibraryWithFriends = /* lang=c#-test */ """
        FRIENDS

        static class C
        {
            public static int Run(int x) => Avx2.IsSupported ? Helper(x) : x;
            public static int Unchecked(int x) => CALL(x);
            internal static int Helper(int x) => USE(Vector256.Create((byte)x));
        }
        """;

    private const string CastlePublicKey =
        "0024000004800000940000000602000000240000525341310004000001000100c547cac37abd99c8db225ef2f6c8a3602f3b3606cc9891605d02baa56104f4"
        + "cfc0734aa39b93bf7852f7d9266654753cc297e7d2edfe0bac1cdcf9f717241550e0a7b191195b7667bb4f64bcb8e2121380fd1d9d46ad2d92d2d15605093"
        + "924cceaf74c4861eff62abf69b9291ed0a340e113be11e6a7d3113e92484cf7045cc7";

    private static string Friends(params string[] friends) =>
        string.Join("\n", System.Array.ConvertAll(friends, f => $"[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"{f}\")]"));

    /// <summary>Inferred, as without friends: the helper is quiet, and the unguarded call is reported.</summary>
    private static string Inferred(string friends) => Snippet.Usings + LibraryWithFriends
        .Replace("FRIENDS", friends).Replace("CALL", "{|CPUID008:Helper|}").Replace("USE", "Avx2.MoveMask");

    /// <summary>Not inferred: the helper is analyzed on its own, and its call is not checked.</summary>
    private static string NotInferred(string friends) => Snippet.Usings + LibraryWithFriends
        .Replace("FRIENDS", friends).Replace("CALL", "Helper").Replace("USE", "{|CPUID001:Avx2.MoveMask|}");

    [Theory]
    [InlineData("MyLib.Tests")]
    [InlineData("MyLib.Tests, PublicKey=" + CastlePublicKey)]
    [InlineData("DynamicProxyGenAssembly2, PublicKey=" + CastlePublicKey)]
    [InlineData("DynamicProxyGenAssembly2")]
    [InlineData("MyLib.UnitTests")]
    [InlineData("mylib.benchmarks")]
    [InlineData("MyLib.Specs")]
    [InlineData("NSubstitute")]
    public Task TestFriends_KeepInferenceForInternals(string friend) => Verify(Inferred(Friends(friend)));

    [Fact]
    public Task SeveralTestFriends_KeepInferenceForInternals() =>
        Verify(Inferred(Friends("MyLib.Tests", "MyLib.IntegrationTests", "MyLib.Benchmark", "MyLib.Perf", "FakeItEasy")));

    [Theory]
    [InlineData("OtherLib")]
    [InlineData("Tests")] // a name, not a suffix
    [InlineData("MyLib.Testing")]
    public Task AnotherFriend_StopsInferenceForInternals(string friend) => Verify(NotInferred(Friends(friend)));

    [Fact]
    public Task ATestFriendBesideAnotherFriend_StopsInferenceForInternals() =>
        Verify(NotInferred(Friends("MyLib.Tests", "OtherLib, PublicKey=" + CastlePublicKey)));

    [Fact]
    public Task TestFriendsOption_NamesMoreTestFriends() => Task.WhenAll(
        Verify(Inferred(Friends("OtherLib")), "cpuid_analyzers.test_friends = OtherLib"),
        Verify(Inferred(Friends("MyLib.Tests", "otherlib, PublicKey=" + CastlePublicKey, "Harness")), "cpuid_analyzers.test_friends = OtherLib, Harness"),
        Verify(Inferred(Friends("A", "B")), "cpuid_analyzers.test_friends = A B"),
        Verify(NotInferred(Friends("OtherLib", "Harness")), "cpuid_analyzers.test_friends = OtherLib"));

    [Fact]
    public Task DebugAssertInAPrivateHelper_IsAPreconditionItsCallersMustEstablish() => Verify(Snippet.Members(/* lang=c#-test */ """
        public static int Run(int x) => Avx2.IsSupported ? Helper(x) : 0;
        public static int Unchecked(int x) => {|#0:Helper|}(x);
        private static int Helper(int x)
        {
            Debug.Assert(Avx2.IsSupported); // gone in Release builds: the callers must check
            return Avx2.MoveMask(Vector256.Create((byte)x));
        }
        """), expected: new DiagnosticResult(Rules.Contracts.CPUID008UnguardedContractCallAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'C.Helper' requires Avx2 (inferred: it asserts Avx2.IsSupported at line 13), but this call is reachable where that is not known; " +
                "check Avx2.IsSupported before it, or give the caller the same requirement"));

    [Fact]
    public Task AnAlwaysFailingBranchInAHelper_IsReportedInTheHelper() => Verify(Snippet.Members(/* lang=c#-test */ """
        public static Vector256<int> Run(Vector256<int> a) => Helper(a);
        private static Vector256<int> Helper(Vector256<int> a)
        {
            if (Avx2.IsSupported) return Avx2.Add(a, a);
            else return {|CPUID003:Avx2.Subtract|}(a, a);
        }
        """));

    private static Task VerifyFiles(string[] sources, params DiagnosticResult[] expected)
    {
        var test = new AllRulesVerifier.Test();
        foreach (var source in sources) test.TestState.Sources.Add(source);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    // ---- Property accessors: each read, write or compound assignment is a call of the accessors it runs ----

    /// <summary>A checksum accumulator: private properties and an indexer use Sse42, Popcnt and Sse41; the public methods check.</summary>
    private const string Accumulator = /* lang=c#-test */ """
        public sealed class Accumulator
        {
            private uint _crc = ~0u;
            private ulong _seen;
            private Vector128<int> _lanes;

            public uint Append(ReadOnlySpan<byte> data)
            {
                if (Sse42.IsSupported)
                    for (int i = 0; i < data.Length; i++) Next = data[i];
                if (Popcnt.IsSupported) return Crc + (uint)SetBits;
                return 0;
            }

            public Vector128<int> Mix(Vector128<int> v)
            {
                if (Sse2.IsSupported) Lanes = v;      // a write runs only the setter: Sse2
                if (Sse41.IsSupported) Lanes += v;    // += runs both: Sse41
                if (Sse41.IsSupported) return Vector128.Create(this[1]);
                return v;
            }

            // Written, never read: only its setter has callers.
            private byte Next { set => _crc = Sse42.Crc32(_crc, value); }

            private uint Crc => ~_crc;
            private int SetBits => (int)Popcnt.PopCount((uint)_seen);

            private Vector128<int> Lanes
            {
                get => Sse41.Max(_lanes, Vector128<int>.Zero);
                set => _lanes = Sse2.Add(value, _lanes);
            }

            private int this[int lane] => Sse41.Extract(_lanes, 1) + lane;
        }
        """;

    [Fact]
    public Task Properties_UsedUnderTheChecksTheirAccessorsNeed_AreClean() => Verify(Snippet.Usings + Accumulator);

    [Fact]
    public Task Property_WriteWithoutTheCheck_IsCPUID008AtTheWrite() => Verify(Snippet.Usings + Accumulator
        .Replace(/* lang=c#-test */ """
                if (Sse42.IsSupported)
                    for (int i = 0; i < data.Length; i++) Next = data[i];
        """, /* lang=c#-test */ """
                for (int i = 0; i < data.Length; i++) {|#0:Next|} = data[i];
        """),
        expected: new DiagnosticResult(Rules.Contracts.CPUID008UnguardedContractCallAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'Accumulator.Next' requires Sse42 (inferred: it uses Sse42.Crc32 at line 29), but this property write is reachable where that is " +
                "not known; check Sse42.IsSupported before it, or give the caller the same requirement"));

    [Fact]
    public Task Property_ReadUnderAWeakerCheck_IsCPUID002AtTheRead() => Verify(Snippet.Usings + Accumulator
        .Replace("if (Popcnt.IsSupported) return Crc + (uint)SetBits;", "if (Sse42.IsSupported) return Crc + (uint){|#0:SetBits|};"),
        expected: new DiagnosticResult(Rules.IsaUse.CPUID002WrongGuardAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'Accumulator.SetBits' requires Popcnt (inferred: it uses Popcnt.PopCount at line 33), but this property read is guarded by " +
                "Sse42.IsSupported, which does not imply Popcnt; check Popcnt.IsSupported"));

    [Fact]
    public Task Property_CompoundAssignment_NeedsTheGetterToo() => Verify(Snippet.Usings + Accumulator
        .Replace("if (Sse41.IsSupported) Lanes += v;", "if (Sse2.IsSupported) {|#0:Lanes|} += v;"),
        expected: new DiagnosticResult(Rules.IsaUse.CPUID002WrongGuardAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'Accumulator.Lanes' requires Sse41 (inferred: it uses Sse41.Max at line 37), but this property read and write is guarded by " +
                "Sse2.IsSupported, which does not imply Sse41; check Sse41.IsSupported"));

    [Fact]
    public Task Indexer_ReadWithoutTheCheck_IsCPUID008AtTheElementAccess() => Verify(Snippet.Usings + Accumulator
        .Replace("if (Sse41.IsSupported) return Vector128.Create(this[1]);", "return Vector128.Create({|#0:this[1]|});"),
        expected: new DiagnosticResult(Rules.Contracts.CPUID008UnguardedContractCallAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'Accumulator.this[]' requires Sse41 (inferred: it uses Sse41.Extract at line 41), but this indexer read is reachable where that " +
                "is not known; check Sse41.IsSupported before it, or give the caller the same requirement"));

    /// <summary>Internal accessors: their uses in other files are found through the compilation's index of references.</summary>
    private const string BitTable = /* lang=c#-test */ """
        public sealed class BitTable
        {
            private readonly ulong[] _words;

            public BitTable(ulong[] words) => _words = words;

            internal int this[int word] => (int)Popcnt.X64.PopCount(_words[word]);

            internal static Vector128<byte> ReverseBytes => Ssse3.Shuffle(Vector128<byte>.AllBitsSet, Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
        }
        """;

    private const string BitCounter = /* lang=c#-test */ """
        static class BitCounter
        {
            public static int Count(BitTable table, int words)
            {
                int total = 0;
                if (Popcnt.X64.IsSupported)
                    for (int i = 0; i < words; i++) total += table[i];
                return total;
            }

            public static Vector128<byte> Mask() => Ssse3.IsSupported ? BitTable.ReverseBytes : Vector128<byte>.Zero;
        }
        """;

    [Fact]
    public Task InternalIndexerAndProperty_UsedUnderTheCheckInAnotherFile_AreClean() =>
        VerifyFiles(new[] { Snippet.Usings + BitTable, Snippet.Usings + BitCounter });

    [Fact]
    public Task InternalIndexerAndProperty_UsedWithoutTheCheckInAnotherFile_AreReportedThere() => VerifyFiles(new[]
        {
            Snippet.Usings + BitTable,
            Snippet.Usings + BitCounter
                .Replace(/* lang=c#-test */ """
                        if (Popcnt.X64.IsSupported)
                            for (int i = 0; i < words; i++) total += table[i];
                """, /* lang=c#-test */ """
                        for (int i = 0; i < words; i++) total += {|#0:table[i]|};
                """)
                .Replace("Ssse3.IsSupported ? BitTable.ReverseBytes", "Sse3.IsSupported ? {|#1:BitTable.ReverseBytes|}"),
        },
        new DiagnosticResult(Rules.Contracts.CPUID008UnguardedContractCallAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'BitTable.this[]' requires Popcnt.X64 (inferred: it uses Popcnt.X64.PopCount at line 13), but this indexer read is reachable " +
                "where that is not known; check Popcnt.X64.IsSupported before it, or give the caller the same requirement"),
        new DiagnosticResult(Rules.IsaUse.CPUID002WrongGuardAnalyzer.Descriptor).WithLocation(1)
            .WithMessage("'BitTable.ReverseBytes' requires Ssse3 (inferred: it uses Ssse3.Shuffle at line 15), but this property read is guarded by " +
                "Sse3.IsSupported, which does not imply Ssse3; check Ssse3.IsSupported"));

    [Fact]
    public Task PropertiesOthersCanCall_AreNotInferred() => Verify(Snippet.Usings + /* lang=c#-test */ """
        public class Vectors
        {
            public static int Run() => Avx2.IsSupported ? Mask + Shared + Settable : 0;
            public static int Mask => {|CPUID001:Avx2.MoveMask|}(Vector256<byte>.AllBitsSet);
            protected internal static int Shared => {|CPUID001:Avx2.MoveMask|}(Vector256<byte>.Zero);
            // A public property's private setter is not followed either: the property is visible outside.
            private static int s_settable;
            public static int Settable { get => s_settable; private set => s_settable = value + {|CPUID001:Avx2.MoveMask|}(Vector256<byte>.Zero); }
            public static void Set() { if (Avx2.IsSupported) Settable = 1; }
        }
        """);

    // ---- Local functions: inferred like private helpers, their calls checked instead of their bodies ----

    /// <summary>A CRC-32C loop whose local functions use Sse42.X64 and Sse42; one checks a flag its body captured.</summary>
    private const string Crc32c = /* lang=c#-test */ """
        public static class Crc32c
        {
            public static uint Compute(ReadOnlySpan<byte> data)
            {
                uint crc = ~0u;
                bool useSse42 = Sse42.IsSupported;
                int i = 0;
                if (Sse42.X64.IsSupported)
                {
                    for (; i + 8 <= data.Length; i += 8)
                        crc = Step8(crc, BitConverter.ToUInt64(data.Slice(i, 8)));
                }
                for (; i < data.Length; i++)
                    crc = Step1(crc, data[i]);
                return ~crc;

                static uint Step8(uint c, ulong block) => (uint)Sse42.X64.Crc32(c, block);

                // Checks the captured flag itself: every call knows what the flag means.
                uint Step1(uint c, byte value) => useSse42 ? Sse42.Crc32(c, value) : Scalar(c, value);
            }

            private static uint Scalar(uint crc, byte value)
            {
                crc ^= value;
                for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0x82F63B78u & (uint)-(int)(crc & 1));
                return crc;
            }
        }
        """;

    [Fact]
    public Task LocalFunctions_CalledUnderTheCheck_AreClean() => Verify(Snippet.Usings + Crc32c);

    [Fact]
    public Task LocalFunction_CalledWithoutTheCheck_IsCPUID008AtTheCall() => Verify(Snippet.Usings + Crc32c
        .Replace("if (Sse42.X64.IsSupported)\n", "")
        .Replace("crc = Step8(crc,", "crc = {|#0:Step8|}(crc,"),
        expected: new DiagnosticResult(Rules.Contracts.CPUID008UnguardedContractCallAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'Step8' requires Sse42.X64 (inferred: it uses Sse42.X64.Crc32 at line 22), but this call is reachable where that is not known; " +
                "check Sse42.X64.IsSupported before it, or give the caller the same requirement"));

    [Fact]
    public Task LocalFunction_CalledUnderAWeakerCheck_IsCPUID002AtTheCall() => Verify(Snippet.Usings + Crc32c
        .Replace("if (Sse42.X64.IsSupported)", "if (Sse42.IsSupported)")
        .Replace("crc = Step8(crc,", "crc = {|#0:Step8|}(crc,"),
        expected: new DiagnosticResult(Rules.IsaUse.CPUID002WrongGuardAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'Step8' requires Sse42.X64 (inferred: it uses Sse42.X64.Crc32 at line 23), but this call is guarded by Sse42.IsSupported, which " +
                "does not imply Sse42.X64; check Sse42.X64.IsSupported"));

    [Fact]
    public Task LocalFunction_ConvertedToADelegateWithoutTheCheck_IsCPUID008AtTheConversion() => Verify(Snippet.Members(/* lang=c#-test */ """
        public static Func<Vector256<int>, Vector256<int>> Pick()
        {
            Func<Vector256<int>, Vector256<int>> twice = {|#0:Twice|};   // the delegate can be called anywhere later
            return twice;

            static Vector256<int> Twice(Vector256<int> v) => Avx2.Add(v, v);
        }
        """), expected: new DiagnosticResult(Rules.Contracts.CPUID008UnguardedContractCallAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'Twice' requires Avx2 (inferred: it uses Avx2.Add at line 14), but this method group is reachable where that is not known; check " +
                "Avx2.IsSupported before it, or give the caller the same requirement"));

    [Fact]
    public Task LocalFunction_InStrictMode_StartsFromItsCalls() => Verify(Snippet.Members(/* lang=c#-test */ """
        public static Vector256<int> Twice(Vector256<int> v)
        {
            if (Avx2.IsSupported) v = Add(v);
            return Add(v);

            static Vector256<int> Add(Vector256<int> x) => {|CPUID001:Avx2.Add|}(x, x);
        }
        """), "cpuid_analyzers.infer_requirements = false");

    // ---- Strategy classes: unsealed bases whose classes below are all here, target-typed `new()`, structs ----

    /// <summary>A CSV search family: an abstract base with the Avx2 kernel, two separators deriving from it, an unsealed Sse2 class.</summary>
    private const string SeparatorFamily = /* lang=c#-test */ """
        interface ISeparatorSearch { int IndexOf(ReadOnlySpan<byte> line); }

        static class SeparatorSearches
        {
            public static ISeparatorSearch Create(byte separator)
            {
                if (Avx2.IsSupported) return separator == (byte)',' ? new CommaSearchAvx2() : new TabSearchAvx2();
                if (Sse2.IsSupported) return new SearchSse2(separator);
                return new SearchScalar(separator);
            }
        }

        // Not sealed: every class below it is in this project, and none can be created or derived from outside.
        abstract class SearchAvx2Base : ISeparatorSearch
        {
            private readonly Vector256<byte> _separator;

            protected SearchAvx2Base(byte separator) => _separator = Vector256.Create(separator);

            public abstract int IndexOf(ReadOnlySpan<byte> line);

            protected int FirstMatch(ReadOnlySpan<byte> line)
            {
                uint mask = (uint)Avx2.MoveMask(Avx2.CompareEqual(Vector256.Create(line), _separator));
                return mask == 0 ? -1 : System.Numerics.BitOperations.TrailingZeroCount(mask);
            }
        }

        sealed class CommaSearchAvx2 : SearchAvx2Base
        {
            internal CommaSearchAvx2() : base((byte)',') { }
            public override int IndexOf(ReadOnlySpan<byte> line) => line.Length < 32 ? line.IndexOf((byte)',') : FirstMatch(line);
        }

        sealed class TabSearchAvx2 : SearchAvx2Base
        {
            internal TabSearchAvx2() : base((byte)'\t') { }
            public override int IndexOf(ReadOnlySpan<byte> line) => line.Length < 32 ? line.IndexOf((byte)'\t') : FirstMatch(line);
        }

        // Not sealed either, and nothing derives from it.
        class SearchSse2 : ISeparatorSearch
        {
            private readonly Vector128<byte> _separator;
            internal SearchSse2(byte separator) => _separator = Vector128.Create(separator);
            public int IndexOf(ReadOnlySpan<byte> line) =>
                line.Length < 16 ? line.IndexOf(_separator.ToScalar()) : Sse2.MoveMask(Sse2.CompareEqual(Vector128.Create(line), _separator));
        }

        sealed class SearchScalar : ISeparatorSearch
        {
            private readonly byte _separator;
            internal SearchScalar(byte separator) => _separator = separator;
            public int IndexOf(ReadOnlySpan<byte> line) => line.IndexOf(_separator);
        }
        """;

    [Fact]
    public Task UnsealedStrategyClasses_CreatedUnderTheCheck_AreClean() => Verify(Snippet.Usings + SeparatorFamily);

    [Fact]
    public Task DerivedStrategy_CreatedWithoutTheCheck_IsCPUID008AtTheNew() => Verify(Snippet.Usings + SeparatorFamily
        .Replace("if (Avx2.IsSupported) return separator == (byte)',' ? new CommaSearchAvx2() : new TabSearchAvx2();", 
            "if (separator == (byte)'\\t') return {|#0:new TabSearchAvx2()|};   // a shortcut that forgot the check\n"
            + "        if (Avx2.IsSupported) return new CommaSearchAvx2();"),
        expected: new DiagnosticResult(Rules.Contracts.CPUID008UnguardedContractCallAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'new TabSearchAvx2' requires Avx2 (inferred: it uses Avx2.MoveMask at line 31), but this object creation is reachable where that " +
                "is not known; check Avx2.IsSupported before it, or give the caller the same requirement"));

    [Fact]
    public Task UnsealedStrategy_CreatedUnderAWeakerCheck_IsCPUID002AtTheNew() => Verify(Snippet.Usings + SeparatorFamily
        .Replace("if (Sse2.IsSupported) return new SearchSse2(separator);", "if (X86Base.IsSupported) return {|#0:new SearchSse2(separator)|};"),
        expected: new DiagnosticResult(Rules.IsaUse.CPUID002WrongGuardAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'new SearchSse2' requires Sse2 (inferred: it uses Sse2.MoveMask at line 53), but this object creation is guarded by " +
                "X86Base.IsSupported, which does not imply Sse2; check Sse2.IsSupported"));

    [Fact]
    public Task BaseWithAClassBelowOthersCanCreate_IsNotFollowed() => Verify(Snippet.Usings + /* lang=c#-test */ """
        public abstract class KernelBase
        {
            private protected KernelBase() { }
            protected static Vector256<int> Twice(Vector256<int> v) => v + v;
            protected Vector256<int> Add(Vector256<int> a, Vector256<int> b) => {|CPUID001:Avx2.Add|}(a, b);
        }

        // Public, with a public constructor: other assemblies can create it without a check.
        public sealed class PublicKernel : KernelBase
        {
            public PublicKernel() { }
            public Vector256<int> Run(Vector256<int> v) => Avx2.IsSupported ? Add(v, v) : Twice(v);
        }

        static class Kernels
        {
            public static Vector256<int> Run(Vector256<int> v) => Avx2.IsSupported ? new PublicKernel().Run(v) : v;
        }
        """);

    /// <summary>
    /// Structs are not followed: a struct value exists without a constructor call (<c>default</c>, array
    /// elements, fields, generic code's <c>default(T)</c>), so all its creations cannot be known. Its members
    /// check, or the struct carries [RequiresIsa].
    /// </summary>
    [Fact]
    public Task StructStrategies_AreNotFollowed() => Verify(Snippet.Usings + /* lang=c#-test */ """
        interface IMatcher { int Count(Vector256<byte> block); }

        static class Matchers
        {
            public static int Count<TMatcher>(TMatcher matcher, Vector256<byte> block) where TMatcher : struct, IMatcher => matcher.Count(block);

            public static int CountZeros(Vector256<byte> block) => Avx2.IsSupported ? Count(new ZeroMatcherAvx2(0), block) : 0;

            // Nothing stops this: default(ZeroMatcherAvx2) runs Avx2 without any constructor call or check.
            public static int Unchecked(Vector256<byte> block) => Count(default(ZeroMatcherAvx2), block);
        }

        readonly struct ZeroMatcherAvx2 : IMatcher
        {
            private readonly Vector256<byte> _value;
            internal ZeroMatcherAvx2(byte value) => _value = Vector256.Create(value);
            public int Count(Vector256<byte> block) => System.Numerics.BitOperations.PopCount((uint){|CPUID001:Avx2.MoveMask|}({|CPUID001:Avx2.CompareEqual|}(block, _value)));
        }
        """);

    /// <summary>A hasher created only by target-typed <c>new()</c>, in another file than its internal constructor.</summary>
    private const string Avx2Hasher = /* lang=c#-test */ """
        interface IHasher { int Hash(ReadOnlySpan<byte> data); }

        internal sealed class Avx2Hasher : IHasher
        {
            internal Avx2Hasher() { }

            public int Hash(ReadOnlySpan<byte> data)
            {
                var sum = Vector256<int>.Zero;
                for (int i = 0; i + 32 <= data.Length; i += 32)
                    sum = Avx2.Add(sum, Vector256.Create(data.Slice(i, 32)).AsInt32());
                return Vector256.Sum(sum);
            }
        }
        """;

    private const string Hashers = /* lang=c#-test */ """
        static class Hashers
        {
            public static IHasher Create() => Avx2.IsSupported ? Fast() : new ScalarHasher();

            private static Avx2Hasher Fast() => new();

            private sealed class ScalarHasher : IHasher
            {
                public int Hash(ReadOnlySpan<byte> data) { int h = 0; for (int i = 0; i < data.Length; i++) h = h * 31 + data[i]; return h; }
            }
        }
        """;

    [Fact]
    public Task InternalClass_CreatedByTargetTypedNewUnderTheCheck_IsClean() =>
        VerifyFiles(new[] { Snippet.Usings + Avx2Hasher, Snippet.Usings + Hashers });

    [Fact]
    public Task InternalClass_CreatedByTargetTypedNewWithoutTheCheck_IsReportedAtTheCaller() => VerifyFiles(new[]
        {
            Snippet.Usings + Avx2Hasher,
            Snippet.Usings + Hashers.Replace("Avx2.IsSupported ? Fast() :", "Avx.IsSupported ? {|#0:Fast|}() :"),
        },
        new DiagnosticResult(Rules.IsaUse.CPUID002WrongGuardAnalyzer.Descriptor).WithLocation(0)
            .WithMessage("'Hashers.Fast' requires Avx2 (inferred: it calls new Avx2Hasher at line 11), but this call is guarded by Avx.IsSupported, which " +
                "does not imply Avx2; check Avx2.IsSupported"));

    // ---- Uses that name only a field or a derived class: the syntax filter must still let their bodies through ----

    [Fact]
    public Task Indexer_ReadThroughAField_IsStillReported() => Verify(Snippet.Usings + /* lang=c#-test */ """
        public sealed class BitTable
        {
            private readonly ulong[] _words;
            public BitTable(ulong[] words) => _words = words;
            internal int this[int word] => (int)Popcnt.X64.PopCount(_words[word]);
        }

        static class Totals
        {
            private static readonly BitTable s_table = new(new ulong[] { 1, 3 });
            public static int First() => {|CPUID008:s_table[0]|};
        }
        """);

    [Fact]
    public Task DerivedClassThatOnlyOverridesAHook_CreatedWithoutTheCheck_IsStillReported() => Verify(Snippet.Usings + /* lang=c#-test */ """
        abstract class ScannerBase
        {
            private protected ScannerBase() { }
            public int Scan(Vector256<byte> block) => Hook(Avx2.MoveMask(block));
            protected abstract int Hook(int mask);
        }

        sealed class LowestBitScanner : ScannerBase
        {
            protected override int Hook(int mask) => mask & -mask;
        }

        static class Scanners
        {
            public static int Guarded(Vector256<byte> block) => Avx2.IsSupported ? new LowestBitScanner().Scan(block) : 0;
            public static object Unchecked() => {|CPUID008:new LowestBitScanner()|};
        }
        """);

    // ---- Files that never spell Intrinsics: ISA class names count there only through a global using or a declaration ----

    [Fact]
    public Task HelperNamedLikeAnIsaClass_CalledFromAFileThatCannotSeeIntrinsics_IsStillReported() => VerifyFiles(
        new[]
        {
            """
            internal static class Cpu
            {
                internal static int Sse2(int x) =>
                    System.Runtime.Intrinsics.X86.Sse2.ConvertToInt32(System.Runtime.Intrinsics.Vector128.Create(x));
            }
            """,
            """
            public static class Caller
            {
                public static int Run(int x) => {|CPUID008:Cpu.Sse2|}(x);
            }
            """,
        });

    [Fact]
    public Task HelperThatSeesIntrinsicsThroughAGlobalUsing_IsFollowedFromAnotherFile() => VerifyFiles(
        new[]
        {
            """
            global using System.Runtime.Intrinsics;
            global using System.Runtime.Intrinsics.X86;
            """,
            """
            internal static class Lanes
            {
                internal static Vector128<int> Double(Vector128<int> v) => Sse2.Add(v, v);
            }
            """,
            """
            public static class Caller
            {
                public static object Run() => {|CPUID008:Lanes.Double|}(default);
                public static object Checked() => Sse2.IsSupported ? Lanes.Double(default) : null;
            }
            """,
        });
}
