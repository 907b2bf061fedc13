namespace CpuidAnalyzers.EndToEnd;

/// <summary>
/// The sources a consumer project builds. A line <c>// expect CPUIDnnn</c> says the diagnostic is
/// expected on the next line; the tests compare the build output with exactly these markers.
/// </summary>
internal static class ConsumerSources
{
    /// <summary>One warning each of CPUID001 and CPUID002 (CPUID003, an error by default, is left out so the build succeeds).</summary>
    public const string Unguarded = """
        using System.Runtime.Intrinsics;
        using System.Runtime.Intrinsics.X86;

        var a = Vector256.Create(1);
        var b = Vector256.Create(2);
        // expect CPUID001
        var sum = Avx2.Add(a, b);
        if (Avx.IsSupported)
        {
            // expect CPUID002
            sum = Avx2.Subtract(sum, b);
        }
        if (Avx2.IsSupported)
            sum = Avx2.Max(sum, a); // guarded: no diagnostic
        Console.WriteLine(sum);
        """;

    /// <summary>The same work, every use behind its check: no diagnostic at all.</summary>
    public const string Guarded = """
        using System.Runtime.Intrinsics;
        using System.Runtime.Intrinsics.X86;

        var a = Vector256.Create(1);
        var b = Vector256.Create(2);
        var sum = Avx2.IsSupported ? Avx2.Add(a, b) : a + b;
        if (!Avx2.IsSupported)
        {
            Console.WriteLine(sum);
            return;
        }
        sum = Avx2.Subtract(sum, b);
        Console.WriteLine(Avx2.Max(sum, a));
        """;

    /// <summary>A second file in a folder of its own, for a folder-specific .editorconfig section.</summary>
    public const string LegacyFile = """
        using System.Runtime.Intrinsics;
        using System.Runtime.Intrinsics.X86;

        static class Legacy
        {
            // expect CPUID001
            public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => Avx2.Add(a, b);
        }
        """;

    /// <summary>A use that always throws: CPUID003, an error by default, so the build fails.</summary>
    public const string FailingFile = """
        using System.Runtime.Intrinsics;
        using System.Runtime.Intrinsics.X86;

        static class Failing
        {
            public static Vector256<int> Subtract(Vector256<int> a, Vector256<int> b)
            {
                if (Avx2.IsSupported)
                    return Avx2.Add(a, b);
                // expect CPUID003
                return Avx2.Subtract(a, b);
            }
        }
        """;
}
