using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace CpuidAnalyzers.Benchmarks;

/// <summary>What the guarded code calls: hardware intrinsics, or OS-specific APIs of the same shape.</summary>
internal enum Flavor
{
    /// <summary>Corpus (a): ordinary code only; the methods that would use intrinsics are ordinary ones too.</summary>
    Plain,

    /// <summary>Corpus (b)/(c): <c>Avx2.Add</c> under <c>Avx2.IsSupported</c> and so on.</summary>
    Intrinsics,

    /// <summary>
    /// Corpus (b')/(c'): the same text with every ISA class replaced by a <c>[SupportedOSPlatform]</c>
    /// class of the same methods and every <c>IsSupported</c> by an <c>OperatingSystem</c> check, so CA1416
    /// meets the same guard shapes our analyzers meet in (b)/(c).
    /// </summary>
    OsApis,
}

/// <summary>A generated file; <paramref name="ExpectedFindings"/> is how many of its ISA uses no check covers (ground truth).</summary>
internal sealed record SourceFile(string Path, string Text, int IntrinsicMethods, int ExpectedFindings = 0);

/// <summary>
/// Deterministic, seeded generator of the benchmark corpora. Every method draws from its own
/// <see cref="Random"/> seeded by (seed, file, method), so the three flavors of a corpus are the same
/// program except where a method is one of the 5% that use intrinsics.
/// </summary>
internal static class CorpusGenerator
{
    /// <summary>The share of methods that use intrinsics (or OS APIs) in (b)/(b').</summary>
    public const double IntrinsicShare = 0.05;

    public const string ApisFileName = "PlatformApis.cs";

    // ISA class -> (OS API class, guard expression, platform name). The implication Sse41 => Sse2
    // is mirrored by windows10.0.19041 => windows; Avx2 stands alone like linux.
    private static readonly Dictionary<string, (string Class, string Guard, string Platform)> Mirror = new()
    {
        ["Avx2"] = ("LinuxApi", "OperatingSystem.IsLinux()", "linux"),
        ["Sse41"] = ("Win10Api", "OperatingSystem.IsWindowsVersionAtLeast(10, 0, 19041)", "windows10.0.19041"),
        ["Sse2"] = ("WinApi", "OperatingSystem.IsWindows()", "windows"),
    };

    private static readonly Regex Token = new(@"\$(?<kind>[GCA])_(?<isa>Avx2|Sse41|Sse2)", RegexOptions.Compiled);

    /// <summary>Corpora (a), (b), (b'): <paramref name="files"/> files of ~150 lines plus the API file.</summary>
    public static List<SourceFile> Project(int seed, int files, Flavor flavor)
    {
        var result = new List<SourceFile>(files + 1) { new(ApisFileName, ApisFile(flavor), 0) };
        for (var file = 0; file < files; file++) result.Add(ProjectFile(seed, file, files, flavor));
        return result;
    }

    /// <summary>
    /// Corpus (c): one file holding one method of about <paramref name="targetLines"/> lines, hundreds of
    /// guarded and unguarded calls, nested <paramref name="depth"/> levels deep, plus the API file.
    /// </summary>
    public static List<SourceFile> Pathological(int seed, int targetLines, int depth, Flavor flavor)
    {
        var rng = new Random(seed * 7919 + targetLines * 31 + depth);
        var body = new StringBuilder();
        var lines = 0;
        var counter = 0;
        var calls = 0;
        var unguarded = 0;
        while (lines < targetLines - 8)
        {
            var segment = new StringBuilder();
            EmitSegment(segment, rng, 0, depth, new HashSet<string>(), 2, ref counter, ref calls, ref unguarded);
            body.Append(segment);
            lines += CountLines(segment.ToString());
        }

        var text = $$"""
            using System;
            using System.Runtime.Intrinsics;
            {{Usings(flavor)}}

            namespace Bench.Pathological
            {
                public static class Giant
                {
                    public static Vector128<int> Run(Vector128<int> x, Vector128<int> y, int[] data, int n)
                    {
                        int acc = 0;
            {{body}}
                        return x + Vector128.Create(acc);
                    }
                }
            }

            """;
        return new List<SourceFile> { new(ApisFileName, ApisFile(flavor), 0), new("Giant.cs", Substitute(text, flavor), calls, flavor == Flavor.Intrinsics ? unguarded : 0) };
    }

    // Corpus (d): the ISAs the strategy classes are built on, one per class in turn: the class name, its
    // namespace, the vector width its helpers work on, and the expression its Step helper computes.
    private static readonly (string Isa, string Namespace, string Vec, string Step)[] StrategyIsas =
    {
        // The first five, in this order, are those of /work/shared/perf-shapes/strategy_classes.py.
        ("Avx2", "X86", "Vector256", "ISA.Add(a, b)"),
        ("Sse2", "X86", "Vector128", "ISA.Add(a, b)"),
        ("Sse41", "X86", "Vector128", "ISA.Add(a, b)"),
        ("Ssse3", "X86", "Vector128", "ISA.Abs(a).AsInt32()"),
        ("Avx", "X86", "Vector256", "ISA.Add(a.AsSingle(), b.AsSingle()).AsInt32()"),
        // Extensions: the Arm, 512-bit and Wasm strategies real libraries add beside the x86 ones.
        ("AdvSimd", "Arm", "Vector128", "ISA.Add(a, b)"),
        ("Avx512F", "X86", "Vector512", "ISA.Add(a, b)"),
        ("PackedSimd", "Wasm", "Vector128", "ISA.Add(a, b)"),
    };

    /// <summary>
    /// Corpus (d), the "strategy classes" shape of SIMD libraries: <paramref name="classes"/> sealed classes
    /// implementing one interface, each on one ISA through a using alias, with private helpers of the same
    /// names in every class and no check of their own, created by a factory only under the ISA's
    /// <c>IsSupported</c>; plus generic methods called through static abstract interface members on struct
    /// type parameters, each generic caller checking the ISA before the call. Correct dispatch code: every
    /// ISA use is covered, so the expected findings are 0. A port of /work/shared/perf-shapes/strategy_classes.py
    /// ("same" mode), extended with the shapes named at each piece below, each copied from public code:
    /// <list type="bullet">
    /// <item>nietras/Sep (MIT), src/Sep/Internals/SepParserAvx2PackCmpOrMoveMaskTzcnt.cs and its Sse2/Vector128/…
    /// siblings, created in src/Sep/Internals/SepParserFactory.cs: <c>sealed class … : ISepParser</c>, <c>using ISA = System.Runtime.Intrinsics.X86.Avx2;</c> and
    /// <c>using Vec = System.Runtime.Intrinsics.Vector256;</c> aliases, readonly vector fields made with
    /// <c>Vec.Create</c>, a generic <c>[MethodImpl(MethodImplOptions.AggressiveInlining)] int Parse&lt;TColInfo,
    /// TColInfoMethods&gt;</c> helper of the same name in every parser, constrained to a static-abstract interface
    /// (<c>TColInfoMethods.GetColEnd(…)</c>), and the parsers created by a factory under <c>X.IsSupported</c>.</item>
    /// <item>dotnet/runtime (MIT), System.Private.CoreLib's Base64 (Buffers/Text/Base64Helper/*.cs, Base64Url/*.cs):
    /// <c>DecodeFrom&lt;TBase64Decoder, T&gt;(…) where TBase64Decoder : IBase64Decoder&lt;T&gt; where T : unmanaged</c>,
    /// readonly struct decoders (<c>Base64DecoderByte</c>, <c>Base64UrlDecoderChar</c>) whose static abstract
    /// members (<c>TBase64Decoder.SrcLength(…)</c>, lookup tables) the generic code calls, the ISA checked by
    /// the generic caller before the vectorized call.</item>
    /// <item>dotnet/runtime (MIT), System.Private.CoreLib's SearchValues/IndexOfAnyAsciiSearcher.cs:
    /// <c>where TNegator : struct, INegator where TOptimizations : struct, IOptimizations</c>, static abstract
    /// <c>NegateIfNeeded</c>/<c>ExtractMask</c> on <c>DontNegate</c>/<c>Negate</c> structs, and
    /// <c>IsVectorizationSupported =&gt; Ssse3.IsSupported || AdvSimd.Arm64.IsSupported || PackedSimd.IsSupported</c>
    /// checked before the generic vectorized path.</item>
    /// </list>
    /// </summary>
    public static List<SourceFile> StrategyClasses(int classes)
    {
        var result = new List<SourceFile>(classes + 2);
        var factory = new StringBuilder("""
            using System.Runtime.Intrinsics.Arm;
            using System.Runtime.Intrinsics.Wasm;
            using System.Runtime.Intrinsics.X86;

            namespace G;

            public interface IParser { int Parse(byte[] d); }

            // The factory is the only place a parser's ISA is checked (Sep's SepParserFactory shape).
            public static class Factory
            {
                public static IParser Create(int k)
                {

            """);
        for (var i = 0; i < classes; i++)
        {
            var (isa, ns, vec, step) = StrategyIsas[i % StrategyIsas.Length];
            result.Add(new SourceFile($"Parser{i}.cs", StrategyClass(i, isa, ns, vec, step), 0));
            factory.Append($"        if (k == {i} && {isa}.IsSupported) return new Parser{i}();\n");
        }
        factory.Append("""
                    return null!;
                }
            }

            """);
        result.Insert(0, new SourceFile("Factory.cs", factory.ToString(), 0));
        result.Insert(1, new SourceFile("Strategies.cs", StrategyInterfaces, 0));
        return result;
    }

    // The static abstract interfaces and the shared generic algorithm of corpus (d).
    private const string StrategyInterfaces = """
        using System;
        using System.Runtime.CompilerServices;

        namespace G;

        // Base64's IBase64Decoder<T> / Sep's ISepColInfoMethods<T>: what the vector code needs from one ISA,
        // as static abstract members, implemented by a readonly struct per ISA.
        internal interface IVectorOps<TVec> where TVec : struct
        {
            static abstract TVec Create(int value);
            static abstract TVec Combine(TVec left, TVec right);
            static abstract int Mask(TVec value);
        }

        // SearchValues' INegator with its DontNegate / Negate structs.
        internal interface INegator
        {
            static abstract bool NegateIfNeeded(bool result);
            static abstract int NegateIfNeeded(int mask);
        }

        internal readonly struct DontNegate : INegator
        {
            public static bool NegateIfNeeded(bool result) => result;
            public static int NegateIfNeeded(int mask) => mask;
        }

        internal readonly struct Negate : INegator
        {
            public static bool NegateIfNeeded(bool result) => !result;
            public static int NegateIfNeeded(int mask) => ~mask;
        }

        internal static class Blocks
        {
            // The shared algorithm, generic over the ISA's ops and the negator; it checks nothing: its callers do.
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static int Sum<TVec, TOps, TNegator>(ReadOnlySpan<byte> data)
                where TVec : struct
                where TOps : struct, IVectorOps<TVec>
                where TNegator : struct, INegator
            {
                var acc = TOps.Create(0);
                for (int j = 0; j + 8 <= data.Length; j += 8)
                {
                    acc = TOps.Combine(acc, TOps.Create(data[j]));
                    if (TNegator.NegateIfNeeded((TOps.Mask(acc) & 1) != 0)) break;
                }
                return TNegator.NegateIfNeeded(TOps.Mask(acc));
            }
        }

        """;

    private static string StrategyClass(int i, string isa, string ns, string vec, string step) => $$"""
        using System;
        using System.Runtime.CompilerServices;
        using System.Runtime.Intrinsics;
        using ISA = System.Runtime.Intrinsics.{{ns}}.{{isa}};
        using Vec = System.Runtime.Intrinsics.{{vec}};

        namespace G;

        // No check of its own: created by Factory.Create under {{isa}}.IsSupported (Sep's parser shape).
        sealed class Parser{{i}} : IParser
        {
            readonly {{vec}}<int> _k = Vec.Create({{i}});

            public int Parse(byte[] d) => Parse<int>(d) + Parse<long>(d) + Checksum(d) + Count<DontNegate>(d) + Count<Negate>(d);

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            int Parse<T>(byte[] d)
            {
                var acc = {{vec}}<int>.Zero;
                for (int j = 0; j + 8 <= d.Length; j += 8)
                {
                    var v = Vec.Create((int)d[j]);
                    acc = Step(acc, v);
                    if ((MoveMask(acc) & 1) != 0) acc = Step(acc, _k);
                    else if (d[j] == 0) break;
                }
                return MoveMask(acc);
            }

            {{vec}}<int> Step({{vec}}<int> a, {{vec}}<int> b) => {{step}};

            static int MoveMask({{vec}}<int> v) => v.ExtractMostSignificantBits() == 0 ? 0 : 1;

            // The generic caller checks the ISA before calling the generic algorithm on this ISA's struct
            // (Base64's DecodeFrom<TBase64Decoder, T>, SearchValues' IndexOfAny<TNegator, TOptimizations>).
            static int Count<TNegator>(ReadOnlySpan<byte> d) where TNegator : struct, INegator
            {
                if (ISA.IsSupported)
                {
                    return Blocks.Sum<{{vec}}<int>, Ops, TNegator>(d);
                }
                return TNegator.NegateIfNeeded(d.Length);
            }

            static int Checksum(ReadOnlySpan<byte> d) =>
                ISA.IsSupported ? Blocks.Sum<{{vec}}<int>, Ops, DontNegate>(d) : d.Length;

            // This ISA's strategy struct: static abstract members, no check of their own.
            private readonly struct Ops : IVectorOps<{{vec}}<int>>
            {
                public static {{vec}}<int> Create(int value) => Vec.Create(value);

                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static {{vec}}<int> Combine({{vec}}<int> a, {{vec}}<int> b) => {{step}};

                public static int Mask({{vec}}<int> value) => (int)(value.ExtractMostSignificantBits() & 0xFF);
            }
        }

        """;

    public static int CountLines(string text)
    {
        var n = 0;
        foreach (var ch in text)
            if (ch == '\n') n++;
        return n;
    }

    private static string Usings(Flavor flavor) => flavor switch
    {
        Flavor.Intrinsics => "using System.Runtime.Intrinsics.X86;",
        Flavor.OsApis => "using System.Runtime.Versioning;\nusing Bench.Platform;",
        _ => string.Empty,
    };

    /// <summary>
    /// One chain of nested constructs, <paramref name="maxDepth"/> levels deep: at each level an ordinary
    /// statement, an ISA call (guarded or not, depending on the checks around it), a nested construct
    /// (ISA guard, negated guard with else, loop, switch, try/finally, cached bool, plain if) and another call.
    /// </summary>
    private static void EmitSegment(StringBuilder sb, Random rng, int depth, int maxDepth, HashSet<string> known, int indent, ref int counter, ref int calls, ref int unguarded)
    {
        var pad = new string(' ', 4 * Math.Min(indent, 24));
        var isas = new[] { "Avx2", "Sse41", "Sse2" };
        sb.Append(pad).Append("acc += data[(acc & 0x7fffffff) % data.Length] ^ ").Append(rng.Next(1000)).Append(";\n");
        EmitCall(sb, rng, pad, isas[rng.Next(3)], known, ref calls, ref unguarded);
        if (depth < maxDepth)
        {
            var id = counter++;
            var isa = isas[rng.Next(3)];
            var inner = new HashSet<string>(known) { isa };
            switch (rng.Next(8))
            {
                case 0:
                case 1:
                    sb.Append(pad).Append("if ($G_").Append(isa).Append(")\n").Append(pad).Append("{\n");
                    EmitSegment(sb, rng, depth + 1, maxDepth, inner, indent + 1, ref counter, ref calls, ref unguarded);
                    sb.Append(pad).Append("}\n");
                    break;
                case 2:
                    sb.Append(pad).Append("if (!$G_").Append(isa).Append(")\n").Append(pad).Append("{\n");
                    sb.Append(pad).Append("    acc--;\n");
                    sb.Append(pad).Append("}\n").Append(pad).Append("else\n").Append(pad).Append("{\n");
                    EmitSegment(sb, rng, depth + 1, maxDepth, inner, indent + 1, ref counter, ref calls, ref unguarded);
                    sb.Append(pad).Append("}\n");
                    break;
                case 3:
                    sb.Append(pad).Append("for (int i").Append(id).Append(" = 0; i").Append(id).Append(" < n; i").Append(id).Append("++)\n").Append(pad).Append("{\n");
                    EmitSegment(sb, rng, depth + 1, maxDepth, known, indent + 1, ref counter, ref calls, ref unguarded);
                    sb.Append(pad).Append("}\n");
                    break;
                case 4:
                    sb.Append(pad).Append("bool f").Append(id).Append(" = $G_").Append(isa).Append(" && n > ").Append(rng.Next(100)).Append(";\n");
                    sb.Append(pad).Append("if (f").Append(id).Append(")\n").Append(pad).Append("{\n");
                    EmitSegment(sb, rng, depth + 1, maxDepth, inner, indent + 1, ref counter, ref calls, ref unguarded);
                    sb.Append(pad).Append("}\n");
                    break;
                case 5:
                    sb.Append(pad).Append("switch (n % 3)\n").Append(pad).Append("{\n");
                    sb.Append(pad).Append("    case 0:\n").Append(pad).Append("    {\n");
                    EmitSegment(sb, rng, depth + 1, maxDepth, known, indent + 2, ref counter, ref calls, ref unguarded);
                    sb.Append(pad).Append("        break;\n").Append(pad).Append("    }\n");
                    sb.Append(pad).Append("    default:\n").Append(pad).Append("        acc++;\n").Append(pad).Append("        break;\n");
                    sb.Append(pad).Append("}\n");
                    break;
                case 6:
                    sb.Append(pad).Append("try\n").Append(pad).Append("{\n");
                    EmitSegment(sb, rng, depth + 1, maxDepth, known, indent + 1, ref counter, ref calls, ref unguarded);
                    sb.Append(pad).Append("}\n").Append(pad).Append("finally\n").Append(pad).Append("{\n");
                    sb.Append(pad).Append("    acc ^= ").Append(rng.Next(1000)).Append(";\n").Append(pad).Append("}\n");
                    break;
                default:
                    sb.Append(pad).Append("if (data.Length > ").Append(rng.Next(64)).Append(")\n").Append(pad).Append("{\n");
                    EmitSegment(sb, rng, depth + 1, maxDepth, known, indent + 1, ref counter, ref calls, ref unguarded);
                    sb.Append(pad).Append("}\n");
                    break;
            }
        }
        EmitCall(sb, rng, pad, isas[rng.Next(3)], known, ref calls, ref unguarded);
    }

    private static void EmitCall(StringBuilder sb, Random rng, string pad, string isa, HashSet<string> known, ref int calls, ref int unguarded)
    {
        calls++;
        // The runtime's hierarchy: Avx2 implies Sse41, which implies Sse2.
        var covered = known.Contains(isa) || (isa == "Sse41" && known.Contains("Avx2")) || (isa == "Sse2" && (known.Contains("Sse41") || known.Contains("Avx2")));
        if (!covered) unguarded++;
        sb.Append(pad).Append(isa switch
        {
            "Avx2" => rng.Next(2) == 0 ? "x = $C_Avx2.Add(x.ToVector256(), y.ToVector256()).GetLower();" : "x = $C_Avx2.Max(x.ToVector256(), y.ToVector256()).GetLower();",
            "Sse41" => rng.Next(2) == 0 ? "x = $C_Sse41.Min(x, y);" : "x = $C_Sse41.MultiplyLow(x, y);",
            _ => rng.Next(2) == 0 ? "x = $C_Sse2.Add(x, y);" : "y = $C_Sse2.Subtract(y, x);",
        }).Append('\n');
    }

    /// <summary>The classes the OS flavor calls; in the other flavors the same classes without attributes (unused).</summary>
    private static string ApisFile(Flavor flavor)
    {
        string Attr(string isa) => flavor == Flavor.OsApis ? $"[SupportedOSPlatform(\"{Mirror[isa].Platform}\")]" : string.Empty;
        return $$"""
            using System.Runtime.Intrinsics;
            using System.Runtime.Versioning;

            namespace Bench.Platform
            {
                {{Attr("Avx2")}}
                public static class LinuxApi
                {
                    public static Vector256<int> Add(Vector256<int> left, Vector256<int> right) => left + right;
                    public static Vector256<int> Subtract(Vector256<int> left, Vector256<int> right) => left - right;
                    public static Vector256<int> Min(Vector256<int> left, Vector256<int> right) => Vector256.Min(left, right);
                    public static Vector256<int> Max(Vector256<int> left, Vector256<int> right) => Vector256.Max(left, right);
                }

                {{Attr("Sse41")}}
                public static class Win10Api
                {
                    public static Vector128<int> Min(Vector128<int> left, Vector128<int> right) => Vector128.Min(left, right);
                    public static Vector128<int> Max(Vector128<int> left, Vector128<int> right) => Vector128.Max(left, right);
                    public static Vector128<int> MultiplyLow(Vector128<int> left, Vector128<int> right) => left * right;
                }

                {{Attr("Sse2")}}
                public static class WinApi
                {
                    public static Vector128<int> Add(Vector128<int> left, Vector128<int> right) => left + right;
                    public static Vector128<int> Subtract(Vector128<int> left, Vector128<int> right) => left - right;
                }
            }

            """;
    }

    private static SourceFile ProjectFile(int seed, int file, int files, Flavor flavor)
    {
        var fileRng = new Random(unchecked(seed * 1_000_003 + file));
        var methodCount = 10 + fileRng.Next(4);
        var methods = new List<string>();
        var intrinsicMethods = 0;
        var expected = 0;
        for (var m = 0; m < methodCount; m++)
        {
            var rng = new Random(unchecked(seed * 1_000_003 + file * 1009 + m * 7 + 1));
            var useIntrinsics = rng.NextDouble() < IntrinsicShare;
            if (useIntrinsics && flavor != Flavor.Plain)
            {
                intrinsicMethods++;
                methods.Add(IntrinsicMethod(rng, m, out var bug));
                if (bug) expected++;
            }
            else
            {
                methods.Add(OrdinaryMethod(rng, file, m, files));
            }
        }

        var module = file % 40;
        var k1 = fileRng.Next(2, 50);
        var k2 = fileRng.Next(100);
        var text = $$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Text;
            {{(intrinsicMethods > 0 ? "using System.Runtime.Intrinsics;\n" + Usings(flavor) : string.Empty)}}

            namespace Bench.Module{{module}}
            {
                public sealed class Widget{{file}}
                {
                    private readonly List<int> _values = new List<int>();
                    private readonly Dictionary<string, int> _counts = new Dictionary<string, int>();
                    private int _total;

                    public Widget{{file}}(int seed)
                    {
                        for (int k = 0; k < 8; k++)
                            _values.Add(seed * k % 97);
                    }

                    public string Name { get; set; } = "Widget{{file}}";

                    public int Count => _values.Count;

                    public static int Compute(int x) => x * {{k1}} + {{k2}};

            {{string.Join("\n", methods)}}
                }
            }

            """;
        return new SourceFile($"Module{module}/Widget{file}.cs", Substitute(text, flavor), intrinsicMethods, flavor == Flavor.Intrinsics ? expected : 0);
    }

    private static string Substitute(string text, Flavor flavor) => Token.Replace(text, m =>
    {
        var isa = m.Groups["isa"].Value;
        var kind = m.Groups["kind"].Value;
        if (flavor == Flavor.OsApis)
        {
            var (cls, guard, platform) = Mirror[isa];
            return kind switch { "G" => guard, "C" => cls, _ => $"[SupportedOSPlatformGuard(\"{platform}\")]" };
        }
        return kind switch { "G" => isa + ".IsSupported", "C" => isa, _ => string.Empty };
    });

    private static string Indent(string body) =>
        string.Join("\n", body.Split('\n').Select(l => l.Length == 0 ? l : "        " + l));

    /// <summary>Ordinary code: loops, LINQ, strings, dictionaries, switches, patterns, exceptions, async, calls into other files.</summary>
    private static string OrdinaryMethod(Random rng, int file, int m, int files)
    {
        var k = rng.Next(2, 90);
        var other = rng.Next(files);
        var otherType = $"Bench.Module{other % 40}.Widget{other}";
        var pick = rng.Next(1000);
        string body;
        if (pick < 10)
        {
            // Rare, but real: names that collide with ISA classes (Architecture.X64, System.Security.Cryptography.Aes).
            body = rng.Next(2) == 0
                ? $$"""
                    public static string Method{{m}}()
                    {
                        var arch = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture;
                        return arch == System.Runtime.InteropServices.Architecture.X64 ? "x64-{{k}}" : arch.ToString();
                    }
                    """
                : $$"""
                    public static int Method{{m}}()
                    {
                        using var aes = System.Security.Cryptography.Aes.Create();
                        return aes.KeySize + {{k}};
                    }
                    """;
            return Indent(body) + "\n";
        }

        body = (pick % 10) switch
        {
            0 => $$"""
                public int Method{{m}}(int a, int b)
                {
                    int result = 0;
                    for (int i = 0; i < a; i++)
                    {
                        if (i % {{k}} == 0)
                            result += {{otherType}}.Compute(i);
                        else
                            result -= b;
                    }
                    _total += result;
                    return result;
                }
                """,
            1 => $$"""
                public List<string> Method{{m}}(int threshold)
                {
                    return _values
                        .Where(v => v > threshold + {{k}})
                        .OrderBy(v => v)
                        .Select(v => $"{Name}:{v}")
                        .ToList();
                }
                """,
            2 => $$"""
                public string Method{{m}}(IReadOnlyList<string> parts)
                {
                    var sb = new StringBuilder();
                    foreach (var part in parts)
                    {
                        if (string.IsNullOrEmpty(part))
                            continue;
                        sb.Append(part.Trim()).Append(',').Append({{k}});
                    }
                    return sb.ToString();
                }
                """,
            3 => $$"""
                public void Method{{m}}(string key, int amount)
                {
                    if (_counts.TryGetValue(key, out var existing))
                        _counts[key] = existing + amount * {{k}};
                    else
                        _counts.Add(key, amount);
                    _total += _counts.Count;
                }
                """,
            4 => $$"""
                public static string Method{{m}}(int code)
                {
                    switch (code % 5)
                    {
                        case 0: return "zero";
                        case 1: return "one";
                        case 2: return "two-{{k}}";
                        case 3: return string.Concat("three", code.ToString());
                        default: return code.ToString("X");
                    }
                }
                """,
            5 => $$"""
                public static double Method{{m}}(object value) => value switch
                {
                    int i when i > {{k}} => i * 1.5,
                    double d => d / 2,
                    string s => s.Length,
                    IEnumerable<int> e => e.Count(),
                    _ => 0,
                };
                """,
            6 => $$"""
                public int Method{{m}}(string text)
                {
                    try
                    {
                        return int.Parse(text) + _total + {{k}};
                    }
                    catch (FormatException ex)
                    {
                        _counts[ex.Message] = text.Length;
                        return -1;
                    }
                }
                """,
            7 => $$"""
                public async System.Threading.Tasks.Task<int> Method{{m}}Async(int delay)
                {
                    await System.Threading.Tasks.Task.Yield();
                    var other = new {{otherType}}(delay);
                    return other.Count + delay * {{k}} + _total;
                }
                """,
            8 => $$"""
                public (int Min, int Max) Method{{m}}()
                {
                    int min = int.MaxValue, max = int.MinValue;
                    foreach (var v in _values)
                    {
                        min = Math.Min(min, v - {{k}});
                        max = Math.Max(max, v);
                    }
                    return (min, max);
                }
                """,
            _ => $$"""
                public Dictionary<int, List<int>> Method{{m}}(int buckets)
                {
                    var groups = new Dictionary<int, List<int>>();
                    int index = 0;
                    while (index < _values.Count)
                    {
                        var key = _values[index] % Math.Max(1, buckets);
                        if (!groups.TryGetValue(key, out var list))
                            groups[key] = list = new List<int>();
                        list.Add(_values[index] + {{k}});
                        index++;
                    }
                    return groups;
                }
                """,
        };
        return Indent(body) + "\n";
    }

    /// <summary>The guard styles: dispatchers, helpers, loops, early returns, nested guards, ternaries, local bools, lambdas, and some bugs.</summary>
    private static string IntrinsicMethod(Random rng, int m, out bool bug)
    {
        var pick = rng.Next(100);
        // The last two shapes are bugs on purpose: one use each that no check covers.
        bug = pick >= 90;
        var body = pick switch
        {
            < 14 => $$"""
                public static int Kernel{{m}}(int[] data)
                {
                    int i = 0;
                    int total = 0;
                    if ($G_Avx2)
                    {
                        var acc = Vector256<int>.Zero;
                        for (; i + 8 <= data.Length; i += 8)
                            acc = $C_Avx2.Add(acc, Vector256.Create(data, i));
                        total += Vector256.Sum(acc);
                    }
                    else if ($G_Sse41)
                    {
                        var acc = Vector128<int>.Zero;
                        for (; i + 4 <= data.Length; i += 4)
                            acc = $C_Sse41.Max(acc, Vector128.Create(data, i));
                        total += Vector128.Sum(acc);
                    }
                    else if ($G_Sse2)
                    {
                        var acc = Vector128<int>.Zero;
                        for (; i + 4 <= data.Length; i += 4)
                            acc = $C_Sse2.Add(acc, Vector128.Create(data, i));
                        total += Vector128.Sum(acc);
                    }
                    for (; i < data.Length; i++)
                        total += data[i];
                    return total;
                }
                """,
            < 24 => $$"""
                $A_Avx2
                private static bool CanUseFast{{m}} => $G_Avx2;

                public static Vector256<int> Kernel{{m}}(Vector256<int> left, Vector256<int> right)
                {
                    if (CanUseFast{{m}})
                        return $C_Avx2.Min(left, right);
                    return Vector256.Min(left, right);
                }
                """,
            < 34 => $$"""
                public static Vector128<int> Kernel{{m}}(Vector128<int> left, Vector128<int> right)
                {
                    if (!$G_Sse41)
                        return Vector128.Max(left, right);
                    var max = $C_Sse41.Max(left, right);
                    return $C_Sse41.MultiplyLow(max, right);
                }
                """,
            < 44 => $$"""
                public static Vector128<int> Kernel{{m}}(Vector128<int> left, Vector128<int> right, int rounds)
                {
                    var result = left;
                    if ($G_Sse2)
                    {
                        for (int r = 0; r < rounds; r++)
                        {
                            result = $C_Sse2.Add(result, right);
                            if ($G_Sse41)
                            {
                                result = $C_Sse41.Min(result, right);
                                if ($G_Avx2)
                                    result = $C_Avx2.Add(result.ToVector256(), right.ToVector256()).GetLower();
                            }
                        }
                    }
                    return result;
                }
                """,
            < 52 => $$"""
                public static Vector256<int> Kernel{{m}}(Vector256<int> left, Vector256<int> right) =>
                    $G_Avx2 ? $C_Avx2.Subtract(left, right) : left - right;
                """,
            < 61 => $$"""
                public static int Kernel{{m}}(int[] data, int bias)
                {
                    bool fast = $G_Sse41 && data.Length >= 4;
                    int sum = bias;
                    if (fast)
                    {
                        var v = Vector128.Create(data, 0);
                        sum += Vector128.Sum($C_Sse41.MultiplyLow(v, v));
                    }
                    else
                    {
                        foreach (var x in data)
                            sum += x * x;
                    }
                    return sum;
                }
                """,
            < 70 => $$"""
                public static Vector128<int> Kernel{{m}}(Vector128<int>[] blocks)
                {
                    var acc = Vector128<int>.Zero;
                    for (int i = 0; i < blocks.Length; i++)
                    {
                        if ($G_Sse2)
                            acc = $C_Sse2.Add(acc, blocks[i]);
                        else
                            acc += blocks[i];
                    }
                    return acc;
                }
                """,
            < 77 => $$"""
                public static Vector128<int> Kernel{{m}}(Vector128<int> left, Vector128<int> right, int count)
                {
                    if ($G_Sse41)
                    {
                        var r = $C_Sse41.Max(left, right);
                        while (count-- > 0)
                            r = $C_Sse2.Subtract(r, right);
                        return r;
                    }
                    return left;
                }
                """,
            < 84 => $$"""
                public static Func<Vector256<int>, Vector256<int>, Vector256<int>> Kernel{{m}}()
                {
                    if ($G_Avx2)
                        return (a, b) => $C_Avx2.Max(a, b);
                    return (a, b) => Vector256.Max(a, b);
                }
                """,
            < 90 => $$"""
                public static Vector128<int> Kernel{{m}}(Vector128<int> left, Vector128<int> right, int op)
                {
                    if (!$G_Sse41)
                        throw new PlatformNotSupportedException();
                    switch (op)
                    {
                        case 0: return $C_Sse41.Min(left, right);
                        case 1: return $C_Sse41.Max(left, right);
                        default: return $C_Sse2.Add(left, right);
                    }
                }
                """,
            < 95 => $$"""
                public static Vector256<int> Kernel{{m}}(Vector256<int> left, Vector256<int> right)
                {
                    // Bug on purpose: no check at all.
                    var sum = $C_Avx2.Add(left, right);
                    return sum;
                }
                """,
            _ => $$"""
                public static Vector128<int> Kernel{{m}}(Vector128<int> left, Vector128<int> right)
                {
                    // Bug on purpose: the check does not cover the call.
                    if ($G_Sse2)
                        return $C_Sse41.Min(left, right);
                    return left;
                }
                """,
        };
        return Indent(body) + "\n";
    }
}
