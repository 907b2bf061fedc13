namespace CpuidAnalyzers.EndToEnd.Oracle;

/// <summary>
/// Issue 11's oracle programs: code that does or does not assume a Vector&lt;T&gt; width (CPUID013), the
/// shapes of docs/rules/CPUID013.md and of CPUID013VectorWidthAssumedTests. Each computes its answer
/// twice, with vectors (<c>W.Run()</c>) and with plain scalar code (<c>W.Reference()</c>), and exits with
/// <see cref="WrongResultExitCode"/> after printing "WRONG RESULT ..." when they differ, so a width
/// assumption shows either as an exception (ArgumentOutOfRangeException, IndexOutOfRangeException, ...)
/// or as a wrong result, which is what it usually is: no exception at all.
/// </summary>
public static class WidthPrograms
{
    /// <summary>The exit code of a program whose vector result differs from its scalar reference.</summary>
    public const int WrongResultExitCode = 42;

    /// <summary>The switch that makes Vector&lt;int&gt;.Count 4 on any x64 host (it turns AVX2 off).</summary>
    public const string Narrow = "DOTNET_EnableAVX2=0";

    /// <summary>The switch that makes Vector&lt;int&gt;.Count 16, on an AVX-512 host only.</summary>
    public const string Wide = "DOTNET_MaxVectorTBitWidth=512";

    private static string Program(string title, string members) => $$"""
        // {{title}}
        using System.Diagnostics;
        using System.Numerics;
        using System.Runtime.InteropServices;
        using System.Runtime.Intrinsics;

        long expected = W.Reference();
        long actual = W.Run();
        Console.WriteLine($"Vector<int>.Count={Vector<int>.Count}: expected {expected}, got {actual}");
        if (actual != expected)
        {
            Console.WriteLine($"WRONG RESULT: expected {expected}, got {actual} with Vector<int>.Count == {Vector<int>.Count}");
            return {{WrongResultExitCode}};
        }
        return 0;

        static class W
        {
        {{Indent(members, 4)}}
        }
        """;

    private static OracleProgram Ok(string name, string title, string members) =>
        new(name, Intent.Correct, title, Program(title, members));

    private static OracleProgram Bug(string name, string title, string members, string? mustMisbehaveUnder = null) =>
        new(name, Intent.Broken, title, Program(title, members), MustThrowUnder: mustMisbehaveUnder);

    /// <summary>The scalar sum of 1..n, the reference of most programs.</summary>
    private const string SumOneTo = """
        static long SumOneTo(int n)
        {
            long sum = 0;
            for (int i = 1; i <= n; i++) sum += i;
            return sum;
        }
        """;

    public static readonly IReadOnlyList<OracleProgram> All = new OracleProgram[]
    {
        // ---------------------------------------------------------------- broken: assume one width
        Bug("WB01_ArrayOfEight", "new Vector<int>(new int[] { 1..8 }): one vector's worth on an AVX2 machine", """
            public static long Run() => Vector.Sum(new Vector<int>(new int[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
            public static long Reference() => SumOneTo(8);
            """ + "\n" + SumOneTo, mustMisbehaveUnder: Narrow),
        Bug("WB02_CreateFromStackalloc", "Vector.Create from a stackalloc of 8 ints", """
            public static long Run()
            {
                Span<int> buffer = stackalloc int[8];
                for (int i = 0; i < buffer.Length; i++) buffer[i] = i + 1;
                return Vector.Sum(Vector.Create<int>(buffer));
            }
            public static long Reference() => SumOneTo(8);
            """ + "\n" + SumOneTo, mustMisbehaveUnder: Narrow),
        Bug("WB03_LoadUnsafeFromConstantArray", "Vector.LoadUnsafe from an array of 8 ints (reads past its end with 16 lanes)", """
            public static long Run()
            {
                int[] data = new int[8];
                for (int i = 0; i < data.Length; i++) data[i] = i + 1;
                return Vector.Sum(Vector.LoadUnsafe(ref data[0]));
            }
            public static long Reference() => SumOneTo(8);
            """ + "\n" + SumOneTo, mustMisbehaveUnder: Narrow),
        Bug("WB04_LoopStepsByEight", "a loop stepping i += 8 while loading Vector<int> at i", """
            public static long Run() => Sum(Enumerable.Range(1, 16).ToArray());
            public static long Reference() => SumOneTo(16);

            static long Sum(int[] values)
            {
                var acc = Vector<int>.Zero;
                int i = 0;
                for (; i + 8 <= values.Length; i += 8)
                    acc += new Vector<int>(values, i);
                long sum = Vector.Sum(acc);
                for (; i < values.Length; i++) sum += values[i];
                return sum;
            }
            """ + "\n" + SumOneTo, mustMisbehaveUnder: Narrow),
        Bug("WB05_LoadUnsafeStepsByEight", "Vector.LoadUnsafe over a span, stepping i += 8 (reads past the end with 16 lanes)", """
            public static long Run() => Sum(Enumerable.Range(1, 20).ToArray());
            public static long Reference() => SumOneTo(20);

            static long Sum(ReadOnlySpan<int> values)
            {
                ref int start = ref MemoryMarshal.GetReference(values);
                var acc = Vector<int>.Zero;
                int i = 0;
                for (; i + 8 <= values.Length; i += 8)
                    acc += Vector.LoadUnsafe(ref start, (nuint)i);
                long sum = Vector.Sum(acc);
                for (; i < values.Length; i++) sum += values[i];
                return sum;
            }
            """ + "\n" + SumOneTo, mustMisbehaveUnder: Narrow),
        Bug("WB06_UnrolledStepSixteen", "an unrolled loop: loads at i and i + 8, i += 16", """
            public static long Run() => Sum(Enumerable.Range(1, 32).ToArray());
            public static long Reference() => SumOneTo(32);

            static long Sum(int[] values)
            {
                var acc = Vector<int>.Zero;
                int i = 0;
                for (; i + 16 <= values.Length; i += 16)
                    acc += new Vector<int>(values, i) + new Vector<int>(values, i + 8);
                long sum = Vector.Sum(acc);
                for (; i < values.Length; i++) sum += values[i];
                return sum;
            }
            """ + "\n" + SumOneTo, mustMisbehaveUnder: Narrow),
        Bug("WB07_DebugAssertWidth", "Debug.Assert(Vector<int>.Count == 8), then a loop that relies on it (the assert is compiled out of Release)", """
            public static long Run() => Sum(Enumerable.Range(1, 16).ToArray());
            public static long Reference() => SumOneTo(16);

            static long Sum(int[] values)
            {
                Debug.Assert(Vector<int>.Count == 8);
                var acc = Vector<int>.Zero;
                int i = 0;
                for (; i + 8 <= values.Length; i += 8)
                    acc += new Vector<int>(values, i);
                long sum = Vector.Sum(acc);
                for (; i < values.Length; i++) sum += values[i];
                return sum;
            }
            """ + "\n" + SumOneTo, mustMisbehaveUnder: Narrow),
        Bug("WB08_CastToVectorThenIndex", "MemoryMarshal.Cast<int, Vector<int>> of 8 ints, then [0]", """
            public static long Run()
            {
                int[] data = { 1, 2, 3, 4, 5, 6, 7, 8 };
                return Vector.Sum(MemoryMarshal.Cast<int, Vector<int>>(data)[0]);
            }
            public static long Reference() => SumOneTo(8);
            """ + "\n" + SumOneTo, mustMisbehaveUnder: Narrow),
        Bug("WB09_CopyToStackallocOfEight", "Vector<int>.CopyTo a stackalloc of 8 ints", """
            public static long Run()
            {
                Span<int> lanes = stackalloc int[8];
                new Vector<int>(3).CopyTo(lanes);
                long sum = 0;
                foreach (var lane in lanes) sum += lane;
                return sum;
            }
            public static long Reference() => 8 * 3;
            """, mustMisbehaveUnder: Narrow),
        Bug("WB10_StaticReadonlyTable", "a static readonly Vector<int> built from 8 weights", """
            static readonly Vector<int> Weights = new Vector<int>(new int[] { 1, 2, 3, 4, 5, 6, 7, 8 });
            public static long Run() => Vector.Sum(Weights);
            public static long Reference() => SumOneTo(8);
            """ + "\n" + SumOneTo, mustMisbehaveUnder: Narrow),
        Bug("WB11_CheckInTheWrongDirection", "'fits in one vector' checked the wrong way round: only 16 lanes reach the load", """
            public static long Run()
            {
                int[] eight = { 1, 2, 3, 4, 5, 6, 7, 8 };
                return eight.Length < Vector<int>.Count ? Vector.Sum(new Vector<int>(eight)) : SumOf(eight);
            }
            public static long Reference() => SumOneTo(8);

            static long SumOf(int[] values)
            {
                long sum = 0;
                foreach (var v in values) sum += v;
                return sum;
            }
            """ + "\n" + SumOneTo, mustMisbehaveUnder: Wide),

        // ------------------------- broken, but not flagged by design (documented)
        Bug("WP01_CheckOfAnotherBuffer", "a length check of one buffer protects a load from another (any check counts)", """
            public static long Run()
            {
                int[] big = new int[64];
                int[] small = { 1, 2, 3, 4, 5, 6, 7, 8 };
                if (big.Length >= Vector<int>.Count)
                    return Vector.Sum(new Vector<int>(small));
                return 0;
            }
            public static long Reference() => SumOneTo(8);
            """ + "\n" + SumOneTo, mustMisbehaveUnder: Narrow),
        Bug("WP02_ParameterOfUnknownLength", "a parameter's length is unknown: 8 ints passed to a one-vector helper", """
            public static long Run() => First(new int[] { 1, 2, 3, 4, 5, 6, 7, 8 });
            public static long Reference() => SumOneTo(8);

            static long First(int[] values) => Vector.Sum(new Vector<int>(values));
            """ + "\n" + SumOneTo, mustMisbehaveUnder: Narrow),

        // ---------------------------------------------------------------- correct: derive the width
        Ok("WC01_StrideByCount", "a loop stepping by Vector<int>.Count, bounded by length - Count, with a scalar tail", """
            public static long Run() => Sum(Enumerable.Range(1, 37).ToArray());
            public static long Reference() => SumOneTo(37);

            static long Sum(int[] values)
            {
                var acc = Vector<int>.Zero;
                int i = 0;
                for (; i <= values.Length - Vector<int>.Count; i += Vector<int>.Count)
                    acc += new Vector<int>(values, i);
                long sum = Vector.Sum(acc);
                for (; i < values.Length; i++) sum += values[i];
                return sum;
            }
            """ + "\n" + SumOneTo),
        Ok("WC02_EarlyExitOnShortBuffer", "a stackalloc of 8 ints, with an early exit when it is shorter than one vector", """
            public static long Run()
            {
                Span<int> buffer = stackalloc int[8];
                for (int i = 0; i < buffer.Length; i++) buffer[i] = i + 1;
                if (buffer.Length < Vector<int>.Count)
                    return SumOf(buffer);
                return Vector.Sum(new Vector<int>(buffer)) + SumOf(buffer.Slice(Vector<int>.Count));
            }
            public static long Reference() => SumOneTo(8);

            static long SumOf(ReadOnlySpan<int> values)
            {
                long sum = 0;
                foreach (var v in values) sum += v;
                return sum;
            }
            """ + "\n" + SumOneTo),
        Ok("WC03_LengthCheckBeforeLoad", "an array of 8 ints loaded only where data.Length >= Vector<int>.Count", """
            public static long Run()
            {
                int[] data = { 1, 2, 3, 4, 5, 6, 7, 8 };
                long sum = 0;
                int i = 0;
                if (data.Length >= Vector<int>.Count)
                {
                    sum = Vector.Sum(new Vector<int>(data));
                    i = Vector<int>.Count;
                }
                for (; i < data.Length; i++) sum += data[i];
                return sum;
            }
            public static long Reference() => SumOneTo(8);
            """ + "\n" + SumOneTo),
        Ok("WC04_BufferSizedByCount", "CopyTo a stackalloc of Vector<int>.Count ints", """
            public static long Run()
            {
                Span<int> lanes = stackalloc int[Vector<int>.Count];
                new Vector<int>(3).CopyTo(lanes);
                long sum = 0;
                foreach (var lane in lanes) sum += lane;
                return sum;
            }
            public static long Reference() => 3L * Vector<int>.Count;
            """),
        Ok("WC05_BufferForTheLargestVector", "CopyTo a stackalloc of 16 ints (64 bytes: every width fits)", """
            public static long Run()
            {
                Span<int> lanes = stackalloc int[16];
                new Vector<int>(3).CopyTo(lanes);
                long sum = 0;
                foreach (var lane in lanes) sum += lane;
                return sum;
            }
            public static long Reference() => 3L * Vector<int>.Count;
            """),
        Ok("WC06_ExplicitWidthDispatch", "a loop stepping by 8 only where Vector<int>.Count == 8, a Count loop elsewhere", """
            public static long Run() => Sum(Enumerable.Range(1, 16).ToArray());
            public static long Reference() => SumOneTo(16);

            static long Sum(int[] values)
            {
                var acc = Vector<int>.Zero;
                int i = 0;
                if (Vector<int>.Count == 8)
                {
                    for (; i + 8 <= values.Length; i += 8)
                        acc += new Vector<int>(values, i);
                }
                else
                {
                    for (; i <= values.Length - Vector<int>.Count; i += Vector<int>.Count)
                        acc += new Vector<int>(values, i);
                }
                long sum = Vector.Sum(acc);
                for (; i < values.Length; i++) sum += values[i];
                return sum;
            }
            """ + "\n" + SumOneTo),
        Ok("WC07_AssertTrueOnEveryCpu", "Debug.Assert(Vector<int>.Count >= 4), true on every CPU, and a Count stride", """
            public static long Run() => Sum(Enumerable.Range(1, 16).ToArray());
            public static long Reference() => SumOneTo(16);

            static long Sum(int[] values)
            {
                Debug.Assert(Vector<int>.Count >= 4);
                var acc = Vector<int>.Zero;
                int i = 0;
                for (; i <= values.Length - Vector<int>.Count; i += Vector<int>.Count)
                    acc += new Vector<int>(values, i);
                long sum = Vector.Sum(acc);
                for (; i < values.Length; i++) sum += values[i];
                return sum;
            }
            """ + "\n" + SumOneTo),
        Ok("WC08_CastThenLoopOverItsLength", "MemoryMarshal.Cast<int, Vector<int>> of 12 ints, indexed below its Length, scalar tail", """
            public static long Run()
            {
                int[] data = new int[12];
                for (int i = 0; i < data.Length; i++) data[i] = i + 1;
                var vectors = MemoryMarshal.Cast<int, Vector<int>>(data);
                var acc = Vector<int>.Zero;
                for (int k = 0; k < vectors.Length; k++)
                    acc += vectors[k];
                long sum = Vector.Sum(acc);
                for (int i = vectors.Length * Vector<int>.Count; i < data.Length; i++) sum += data[i];
                return sum;
            }
            public static long Reference() => SumOneTo(12);
            """ + "\n" + SumOneTo),
        Ok("WC09_LoadUnsafeBoundedByCount", "Vector.LoadUnsafe over a stackalloc of 8 ints, bounded by length - Count", """
            public static long Run()
            {
                Span<int> buffer = stackalloc int[8];
                for (int i = 0; i < buffer.Length; i++) buffer[i] = i + 1;
                var acc = Vector<int>.Zero;
                int j = 0;
                for (; j <= buffer.Length - Vector<int>.Count; j += Vector<int>.Count)
                    acc += Vector.LoadUnsafe(ref buffer[0], (nuint)j);
                long sum = Vector.Sum(acc);
                for (; j < buffer.Length; j++) sum += buffer[j];
                return sum;
            }
            public static long Reference() => SumOneTo(8);
            """ + "\n" + SumOneTo),
        Ok("WC10_BroadcastAndLargeBuffers", "new Vector<int>(value) broadcasts; an array of 64 bytes or more fits every width", """
            public static long Run()
            {
                var eights = new Vector<int>(8);
                var data = new int[16];
                for (int i = 0; i < data.Length; i++) data[i] = i + 1;
                return Vector.Sum(eights) + Vector.Sum(new Vector<int>(data));
            }
            public static long Reference() => 8L * Vector<int>.Count + SumOneTo(Vector<int>.Count);
            """ + "\n" + SumOneTo),
        Ok("WC11_FixedWidthVector256", "Vector256 of 8 ints and a loop stepping by 8: 8 lanes on every CPU", """
            public static long Run()
            {
                var a = Vector256.Create(new int[] { 1, 2, 3, 4, 5, 6, 7, 8 });
                var values = Enumerable.Range(1, 16).ToArray();
                var acc = Vector256<int>.Zero;
                for (int i = 0; i + 8 <= values.Length; i += 8)
                    acc += Vector256.LoadUnsafe(ref values[0], (nuint)i);
                return Vector256.Sum(a) + Vector256.Sum(acc);
            }
            public static long Reference() => SumOneTo(8) + SumOneTo(16);
            """ + "\n" + SumOneTo),
        Ok("WC12_FixedWidthVector128", "Vector128 of 4 ints from a stackalloc of 4: 4 lanes on every CPU", """
            public static long Run()
            {
                Span<int> four = stackalloc int[4];
                for (int i = 0; i < four.Length; i++) four[i] = i + 1;
                return Vector128.Sum(Vector128.Create<int>(four));
            }
            public static long Reference() => SumOneTo(4);
            """ + "\n" + SumOneTo),
        Ok("WC13_Vector512BesideVector256", "a Vector512 path beside a Vector256 one without an acceleration check (CPUID014 is about speed)", """
            public static long Run()
            {
                var values = Enumerable.Range(1, 24).ToArray();
                var wide = Vector512<int>.Zero;
                int i = 0;
                for (; i + 16 <= values.Length; i += 16)
                    wide += Vector512.LoadUnsafe(ref values[0], (nuint)i);
                var narrow = Vector256<int>.Zero;
                for (; i + 8 <= values.Length; i += 8)
                    narrow += Vector256.LoadUnsafe(ref values[0], (nuint)i);
                return Vector512.Sum(wide) + Vector256.Sum(narrow);
            }
            public static long Reference() => SumOneTo(24);
            """ + "\n" + SumOneTo),
    };

    private static string Indent(string text, int spaces)
    {
        var pad = new string(' ', spaces);
        return string.Join("\n", text.Replace("\r\n", "\n").Split('\n').Select(line => line.Length == 0 ? line : pad + line));
    }
}
