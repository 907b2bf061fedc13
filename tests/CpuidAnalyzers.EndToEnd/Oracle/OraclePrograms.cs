namespace CpuidAnalyzers.EndToEnd.Oracle;

/// <summary>
/// The oracle's programs: the guard styles of the unit tests (GuardAnalysisTests and the rule tests),
/// correct and broken, each a whole program. Most are one method
/// <c>C.M(Vector256&lt;int&gt; a, Vector256&lt;int&gt; b, bool flag)</c>, as the unit tests'
/// snippets are; <c>flag</c> is true at run time (no arguments are passed) but unknown to the analyzer.
/// A broken program keeps one bug, so a throw points at it. The source is also what a report prints.
/// </summary>
public static class OraclePrograms
{
    private const string Usings = """
        using System.Diagnostics;
        using System.Runtime.InteropServices;
        using System.Runtime.Intrinsics;
        using System.Runtime.Intrinsics.Arm;
        using System.Runtime.Intrinsics.X86;
        """;

    /// <summary>A program whose work is <c>C.M(a, b, flag)</c> with the given body and extra members of C.</summary>
    private static string Method(string title, string body, string members = "", string call = "C.M(a, b, flag)") => $$"""
        // {{title}}
        {{Usings}}

        var a = Vector256.Create(1, 2, 3, 4, 5, 6, 7, 8);
        var b = Vector256.Create(3);
        bool flag = args.Length == 0; // true when run without arguments, as the oracle runs it; unknown to the analyzer
        Console.WriteLine({{call}});
        return 0;

        static class C
        {
            public static Vector256<int> M(Vector256<int> a, Vector256<int> b, bool flag)
            {
        {{Indent(body, 8)}}
            }
        {{(members.Length == 0 ? "" : "\n" + Indent(members, 4))}}
        }
        """;

    private static OracleProgram Ok(string name, string title, string body, string members = "", string call = "C.M(a, b, flag)", bool onNet8 = false) =>
        new(name, Intent.Correct, title, Method(title, body, members, call), onNet8);

    private static OracleProgram Bug(string name, string title, string body, string members = "", bool onNet8 = false, string? mustThrowUnder = null) =>
        new(name, Intent.Broken, title, Method(title, body, members), onNet8, mustThrowUnder);

    /// <summary>Reads IsSupported under each switch, so the test can print what each switch really turns off.</summary>
    public const string ProbeName = "Probe";

    /// <summary>The ISA classes and IsHardwareAccelerated properties the probe reports (all exist on .NET 8 and 10).</summary>
    public static readonly string[] ProbedFeatures =
    {
        "X86Base", "Sse", "Sse2", "Sse3", "Ssse3", "Sse41", "Sse42", "Popcnt", "Aes", "Pclmulqdq",
        "Avx", "Avx2", "Fma", "Bmi1", "Bmi2", "Lzcnt", "Avx512F", "Avx512F.VL", "Avx512BW", "Avx512CD", "Avx512DQ", "Avx512Vbmi",
        "Vector128.IsHardwareAccelerated", "Vector256.IsHardwareAccelerated", "Vector512.IsHardwareAccelerated",
    };

    public static string ProbeSource
    {
        get
        {
            var lines = new List<string>
            {
                "// Prints what the runtime says it supports: one \"Name=True|False\" per line.",
                "using System.Runtime.Intrinsics;",
                "using System.Runtime.Intrinsics.X86;",
                "",
                "Console.WriteLine(\"Runtime=\" + Environment.Version);",
            };
            foreach (var feature in ProbedFeatures)
            {
                var expression = feature.EndsWith("IsHardwareAccelerated", StringComparison.Ordinal) ? feature : feature + ".IsSupported";
                lines.Add($"Console.WriteLine(\"{feature}=\" + {expression});");
            }
            // The width of Vector<T>, which DOTNET_EnableAVX2=0 and DOTNET_MaxVectorTBitWidth=512 change (issue 11).
            lines.Add("Console.WriteLine(\"Vector<int>.Count=\" + System.Numerics.Vector<int>.Count);");
            lines.Add("return 0;");
            return string.Join("\n", lines) + "\n";
        }
    }

    public static readonly IReadOnlyList<OracleProgram> All = new OracleProgram[]
    {
        // ---------------------------------------------------------------- correct: never throws
        Ok("C01_IfElseChain", "if / else if / else: the classic dispatcher", """
            if (Avx2.IsSupported) return Avx2.Add(a, b);
            else if (Sse2.IsSupported) return Vector256.Create(Sse2.Add(a.GetLower(), b.GetLower()), Sse2.Add(a.GetUpper(), b.GetUpper()));
            else return a + b;
            """),
        Ok("C02_EarlyReturn", "early return on the negated check", """
            if (!Avx2.IsSupported) return a + b;
            return Avx2.Add(a, b);
            """),
        Ok("C03_EarlyThrowBehindCallerCheck", "early throw of PlatformNotSupportedException; the caller checks first", """
            if (!Avx2.IsSupported) throw new PlatformNotSupportedException("this kernel needs AVX2");
            return Avx2.Add(a, b);
            """, call: "Avx2.IsSupported ? C.M(a, b, flag) : a + b"),
        Ok("C04_AndConditions", "&&, either order, the guarded right operand, and the non-short-circuit &", """
            if (Avx2.IsSupported && flag) a = Avx2.Add(a, b);
            if (flag && Avx2.IsSupported) a = Avx2.Subtract(a, b);
            if (Avx2.IsSupported & Bmi1.IsSupported) a = Avx2.Add(a, Vector256.Create((int)Bmi1.AndNot(1u, 3u)));
            return Avx2.IsSupported && Avx2.MoveMask(a.AsByte()) != 0 ? a : b;
            """),
        Ok("C05_ComparisonsAndPatterns", "== true, != false, is true, is not false, !!, and an early return on is false", """
            if (Avx2.IsSupported == true) a = Avx2.Add(a, b);
            if (true == Avx2.IsSupported) a = Avx2.Subtract(a, b);
            if (Avx2.IsSupported != false) a = Avx2.Xor(a, b);
            if (Avx2.IsSupported is true) a = Avx2.Or(a, b);
            if (Avx2.IsSupported is not false) a = Avx2.And(a, b);
            if (!!Avx2.IsSupported) a = Avx2.Min(a, b);
            if (Avx2.IsSupported is false) return a;
            return Avx2.Max(a, b);
            """),
        Ok("C06_NegatedOrEarlyReturn", "if (!Avx2.IsSupported || !Bmi2.IsSupported) return: both hold after it", """
            if (!Avx2.IsSupported || !Bmi2.IsSupported) return a;
            uint x = Bmi2.ParallelBitDeposit(1u, 6u);
            return Avx2.Add(a, Vector256.Create((int)x));
            """, onNet8: true),
        Ok("C07_Loops", "loop conditions, a for loop inside a guard, break and continue guards", """
            int i = 0;
            while (Avx2.IsSupported && i < 4) { a = Avx2.Add(a, b); i++; }
            for (int j = 0; Avx2.IsSupported && j < 4; j++) a = Avx2.Subtract(a, b);
            foreach (var x in new int[3])
            {
                if (!Avx2.IsSupported) break;
                a = Avx2.Xor(a, Vector256.Create(x));
            }
            for (int k = 0; k < 4; k++)
            {
                if (!Avx2.IsSupported) continue;
                a = Avx2.Or(a, b);
            }
            return a;
            """),
        Ok("C08_Goto", "goto to a fallback label", """
            if (!Avx2.IsSupported) goto fallback;
            return Avx2.Add(a, b);
            fallback:
            return a + b;
            """),
        Ok("C09_NestedGuardsWithFma", "nested Avx / Avx2 / Fma checks; Fma checked on its own", """
            if (Avx.IsSupported)
            {
                if (Avx2.IsSupported)
                {
                    if (Fma.IsSupported) a = Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), a.AsSingle()).AsInt32();
                    return Avx2.Add(a, b);
                }
                return Avx.Xor(a.AsSingle(), b.AsSingle()).AsInt32();
            }
            return a;
            """, onNet8: true),
        Ok("C10_TryCatchFinallyAfterGuard", "a guard before try holds in try, catch and finally", """
            if (!Avx2.IsSupported) return a;
            try
            {
                a = Avx2.Add(a, b);
                if (flag) throw new InvalidOperationException();
            }
            catch (InvalidOperationException) { a = Avx2.Subtract(a, b); }
            finally { b = Avx2.Xor(a, b); }
            return Avx2.Or(a, b);
            """),
        Ok("C11_LocalBools", "bool locals caching checks, and &= on one", """
            bool ok = Avx2.IsSupported && Bmi2.IsSupported;
            if (ok) a = Avx2.Add(a, Vector256.Create((int)Bmi2.ZeroHighBits(7u, 2u)));
            bool fused = Avx2.IsSupported;
            fused &= Fma.IsSupported;
            if (fused) a = Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), a.AsSingle()).AsInt32();
            if (!ok) return a;
            return Avx2.Subtract(a, b);
            """),
        Ok("C12_Switches", "switch statement and switch expression on IsSupported", """
            switch (Avx2.IsSupported)
            {
                case true: a = Avx2.Add(a, b); break;
                case false: a = a + b; break;
            }
            return Avx2.IsSupported switch
            {
                true => Avx2.Subtract(a, b),
                false => a - b,
            };
            """),
        Ok("C13_DebugAssertBehindCallerCheck", "Debug.Assert(Avx2.IsSupported) as a precondition the caller really guarantees", """
            Debug.Assert(Avx2.IsSupported);
            return Avx2.Add(a, b);
            """, call: "Avx2.IsSupported ? C.M(a, b, flag) : a + b"),
        Ok("C14_LambdasAndMethodGroupsUnderGuard", "a lambda and a method group created where the check holds", """
            if (!Avx2.IsSupported) return a;
            Func<Vector256<int>, Vector256<int>> add = x => Avx2.Add(x, b);
            Func<Vector256<int>, Vector256<int>, Vector256<int>> subtract = Avx2.Subtract;
            bool fast = Avx2.IsSupported;
            Func<Vector256<int>> maybe = () => fast ? Avx2.Max(a, b) : a;
            return add(subtract(maybe(), b));
            """),
        Ok("C15_LocalFunctions", "local functions called (or converted) only under the check, one recursive", """
            if (Avx2.IsSupported) a = Fast(a, b);
            if (Avx2.IsSupported) a = Repeat(a, 3);
            if (Avx2.IsSupported)
            {
                Func<Vector256<int>, Vector256<int>, Vector256<int>> f = Fast;
                a = f(a, b);
            }
            return a;

            static Vector256<int> Fast(Vector256<int> x, Vector256<int> y) => Avx2.Add(x, y);
            Vector256<int> Repeat(Vector256<int> x, int n) => n == 0 ? x : Repeat(Avx2.Add(x, b), n - 1);
            """),
        Ok("C16_GuardMembers", "a static readonly bool, an expression-bodied property and method that only name checks", """
            if (HasAvx2) a = Avx2.Add(a, b);
            if (CanUseBmi2) a = Avx2.Add(a, Vector256.Create((int)Bmi2.ParallelBitExtract(0xF0u, 0x30u)));
            if (HasFma()) a = Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), a.AsSingle()).AsInt32();
            return a;
            """, members: """
            static readonly bool HasAvx2 = Avx2.IsSupported;
            static bool CanUseBmi2 => Avx2.IsSupported && Bmi2.IsSupported;
            static bool HasFma() => Fma.IsSupported;
            """),
        Ok("C17_ImpliedClasses", "Avx2 covers Avx and Sse41; Sse41.X64 covers Sse41; Popcnt.X64 covers Popcnt", """
            if (Avx2.IsSupported)
            {
                var product = Avx.Multiply(a.AsSingle(), b.AsSingle()).AsInt32();
                a = Avx2.Add(product, Sse41.Max(a.GetLower(), b.GetLower()).ToVector256());
            }
            if (Sse41.X64.IsSupported)
                a += Vector256.Create((int)Sse41.X64.Extract(a.GetLower().AsInt64(), 1) + Sse41.Extract(a.GetLower(), 0));
            if (Popcnt.X64.IsSupported)
                a += Vector256.Create((int)Popcnt.X64.PopCount(255ul) + (int)Popcnt.PopCount(3u));
            return a;
            """),
        Ok("C18_AsyncAndIterator", "a check before an await, and before a yield", """
            a = AddLater(a).GetAwaiter().GetResult();
            foreach (var step in Steps(a, b)) a = step;
            return a;
            """, members: """
            static async Task<Vector256<int>> AddLater(Vector256<int> a)
            {
                if (!Avx2.IsSupported) return a;
                await Task.Yield();
                a = Avx2.Add(a, a);
                await Task.Yield();
                return a;
            }

            static IEnumerable<Vector256<int>> Steps(Vector256<int> a, Vector256<int> b)
            {
                if (!Avx2.IsSupported) yield break;
                for (int i = 0; i < 3; i++)
                {
                    a = Avx2.Add(a, b);
                    yield return a;
                }
            }
            """),
        Ok("C19_UsingAndLock", "a check holds inside lock and using", """
            if (!Avx2.IsSupported) return a;
            lock (typeof(C))
            {
                using var stream = new MemoryStream();
                return Avx2.Add(a, b);
            }
            """),
        Ok("C20_ImpossiblePath", "a path no CPU can take (Avx2 without Sse2) is not reported", """
            if (Avx2.IsSupported && !Sse2.IsSupported) return Avx512F.Add(a.ToVector512(), b.ToVector512()).GetLower();
            return a;
            """),
        Ok("C21_PortableVectorApi", "the cross-platform Vector256 API needs no check", """
            if (Vector256.IsHardwareAccelerated) a = Vector256.Add(a, b);
            if (Vector256.IsHardwareAccelerated && Avx2.IsSupported) a = Avx2.Add(a, b);
            return Vector256.Max(a, b);
            """),
        Ok("C22_CpuidForInformationOnly", "X86Base.CpuId read for information, the intrinsic behind its own check", """
            if (X86Base.IsSupported)
            {
                var (eax, _, _, _) = X86Base.CpuId(0, 0);
                a += Vector256.Create(eax & 0);
            }
            if (Avx2.IsSupported) return Avx2.Add(a, b);
            return a;
            """),
        Ok("C23_CatchAroundGuardedCalls", "catch blocks around calls that are guarded anyway", """
            try { if (Avx2.IsSupported) a = Avx2.Subtract(a, b); }
            catch (PlatformNotSupportedException) { a = b; }
            try { a = Avx2.IsSupported ? Avx2.Add(a, b) : a; }
            catch (ArgumentException) { }
            return a;
            """),
        Ok("C24_ArmAndX86Dispatch", "an AdvSimd branch and an Avx2 branch, each behind its own check", """
            if (AdvSimd.IsSupported) return Vector256.Create(AdvSimd.Add(a.GetLower(), b.GetLower()), AdvSimd.Add(a.GetUpper(), b.GetUpper()));
            if (Avx2.IsSupported) return Avx2.Add(a, b);
            return a + b;
            """),
        Ok("C25_ArchitectureAndFeatureCheck", "an architecture check together with the feature check", """
            if (RuntimeInformation.ProcessArchitecture == Architecture.X64 && Avx2.IsSupported) return Avx2.Add(a, b);
            return a;
            """),
        Ok("C26_Avx512Guarded", "Avx512F and Avx512F.VL behind their own checks", """
            if (Avx512F.VL.IsSupported) a = Avx512F.VL.Max(a.AsInt64(), b.AsInt64()).AsInt32();
            if (Avx512F.IsSupported) a = Avx512F.Add(a.ToVector512(), b.ToVector512()).GetLower();
            return a;
            """),

        // ------------------------- correct, but the analysis is conservative by design (documented)
        Ok("A01_MutableStaticFieldGuard", "a mutable static bool field holding the check (not trusted: it can change)", """
            if (s_useAvx2) return Avx2.Add(a, b);
            return a + b;
            """, members: """
            static bool s_useAvx2 = Avx2.IsSupported;
            """),
        Ok("A02_HelperWithParameter", "a helper with a parameter (the analysis does not look into it)", """
            if (CanVectorize(8)) return Avx2.Add(a, b);
            return a + b;
            """, members: """
            static bool CanVectorize(int n) => Avx2.IsSupported && n >= 8;
            """),
        Ok("A03_CheckPassedAsArgument", "the check passed as a bool argument (parameters are unknown)", """
            return Kernel(a, b, Avx2.IsSupported);
            """, members: """
            static Vector256<int> Kernel(Vector256<int> a, Vector256<int> b, bool fast)
            {
                if (fast) return Avx2.Add(a, b);
                return a + b;
            }
            """),

        // ------------------------- broken: a use reachable where its ISA is off
        Bug("B01_Unguarded", "no check at all", """
            return Avx2.Add(a, b);
            """, onNet8: true, mustThrowUnder: "DOTNET_EnableAVX2=0"),
        Bug("B02_AvxCheckForAvx2", "the wrong check: Avx does not imply Avx2", """
            if (Avx.IsSupported) return Avx2.Add(a, b);
            return a;
            """),
        Bug("B03_FmaUnderAvx2Check", "Avx2 does not imply Fma", """
            if (Avx2.IsSupported) return Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), a.AsSingle()).AsInt32();
            return a;
            """, onNet8: true),
        Bug("B04_Bmi2UnderAvx2Check", "Avx2 does not imply Bmi2", """
            if (Avx2.IsSupported) return a + Vector256.Create((int)Bmi2.ParallelBitDeposit(1u, 6u));
            return a;
            """, onNet8: true),
        Bug("B05_Sse41UnderSsse3Check", "Ssse3 does not imply Sse41 (a CPU or VM model with SSSE3 only)", """
            if (Ssse3.IsSupported) return Sse41.TestZ(a.GetLower(), b.GetLower()) ? a : b;
            return a;
            """, onNet8: true),
        Bug("B06_ElseBranch", "the use in the else of its own check (CPUID003)", """
            if (Avx2.IsSupported) return Avx2.Add(a, b);
            else return Avx2.Subtract(a, b);
            """),
        Bug("B07_CodeAfterIfBlock", "the check ends with its block", """
            if (Avx2.IsSupported) { a = Avx2.Add(a, b); }
            return Avx2.Subtract(a, b);
            """),
        Bug("B08_ConditionalOr", "|| does not guard", """
            if (Avx2.IsSupported || flag) return Avx2.Add(a, b);
            return a;
            """),
        Bug("B09_NonShortCircuitOr", "| does not guard either", """
            if (Avx2.IsSupported | flag) return Avx2.Add(a, b);
            return a;
            """),
        Bug("B10_TernaryFalseArm", "the use in the false arm of ?: (CPUID003)", """
            return Avx2.IsSupported ? a + b : Avx2.Subtract(a, b);
            """),
        Bug("B11_EqualsFalseAsGuard", "== false read as a guard (CPUID003)", """
            if (Avx2.IsSupported == false) return Avx2.Add(a, b);
            return a;
            """),
        Bug("B12_LoopThenUnguarded", "a continue-guard inside a loop does not cover the code after it", """
            for (int i = 0; i < 10; i++)
            {
                if (!Avx2.IsSupported) continue;
                a = Avx2.Add(a, b);
                if (flag) break;
            }
            return Avx2.Subtract(a, b);
            """),
        Bug("B13_GotoIntoUnguardedLabel", "a second goto reaches the label without the check", """
            if (Avx2.IsSupported) goto fast;
            if (flag) goto fast;
            return a;
            fast:
            return Avx2.Add(a, b);
            """),
        Bug("B14_GuardInsideTryNotFinally", "a check inside try does not cover finally", """
            try
            {
                if (!Avx2.IsSupported) return a;
                a = Avx2.Add(a, b);
            }
            finally { b = Avx2.Xor(a, b); }
            return a + b;
            """),
        Bug("B15_LocalBoolReassigned", "a cached check overwritten with something else", """
            bool ok = Avx2.IsSupported;
            ok = flag;
            if (ok) return Avx2.Add(a, b);
            return a;
            """),
        Bug("B16_LocalBoolWrittenByRef", "a cached check passed by ref and overwritten", """
            bool ok = Avx2.IsSupported;
            Set(ref ok);
            if (ok) return Avx2.Add(a, b);
            return a;

            static void Set(ref bool value) => value = true;
            """),
        Bug("B17_LocalBoolWrittenInLambda", "a cached check overwritten by a lambda", """
            bool ok = Avx2.IsSupported;
            Action set = () => ok = true;
            set();
            if (ok) return Avx2.Add(a, b);
            return a;
            """),
        Bug("B18_SwitchExpressionWrongArm", "the use in the false arm of a switch expression (CPUID003)", """
            return Avx2.IsSupported switch
            {
                true => a + b,
                false => Avx2.Add(a, b),
            };
            """),
        Bug("B19_ConstBool", "a const bool is not a check", """
            const bool UseAvx2 = true;
            if (UseAvx2) a = Avx2.Add(a, b);
            return a;
            """),
        Bug("B20_Is64BitProcess", "bitness is not a feature (CPUID004)", """
            if (Environment.Is64BitProcess) return Avx2.Add(a, b);
            return a;
            """),
        Bug("B21_Vector128AcceleratedForSse41", "Vector128.IsHardwareAccelerated holds with SSE2 alone (CPUID007)", """
            if (!Vector128.IsHardwareAccelerated) return a;
            return Sse41.Max(a.GetLower(), b.GetLower()).ToVector256();
            """),
        Bug("B22_Vector256AcceleratedForAvx2", "Vector256.IsHardwareAccelerated used as the Avx2 check (CPUID007)", """
            if (Vector256.IsHardwareAccelerated) return Avx2.Add(a, b);
            return a;
            """),
        Bug("B23_RawCpuidBits", "AVX2 decided from raw CPUID bits, which the runtime's switches do not change (CPUID005)", """
            if (!X86Base.IsSupported) return a;
            var (_, ebx, _, _) = X86Base.CpuId(7, 0);
            bool cpuHasAvx2 = (ebx & (1 << 5)) != 0;
            if (!cpuHasAvx2) return a;
            return Avx2.Add(a, b);
            """),
        Bug("B24_CatchAsProbe", "catching PlatformNotSupportedException as the feature check (CPUID006)", """
            try { return Avx2.Add(a, b); }
            catch (PlatformNotSupportedException) { return a + b; }
            """),
        Bug("B25_LambdaCreatedWithoutGuard", "a lambda created where nothing is known, then called", """
            Func<Vector256<int>, Vector256<int>> add = x => Avx2.Add(x, b);
            return add(a);
            """),
        Bug("B26_MethodGroupWithoutGuard", "a method group of an intrinsic, then called", """
            Func<Vector256<int>, Vector256<int>, Vector256<int>> f = Avx2.Add;
            return f(a, b);
            """),
        Bug("B27_LocalFunctionCalledUnguarded", "a local function called once without the check", """
            if (Avx2.IsSupported) a = Fast(a, b);
            return Fast(a, b);

            static Vector256<int> Fast(Vector256<int> x, Vector256<int> y) => Avx2.Add(x, y);
            """),
        Bug("B28_Sse41X64UnderSse41Check", "Sse41 does not imply Sse41.X64 (a 32-bit process)", """
            if (Sse41.IsSupported) return a + Vector256.Create((int)Sse41.X64.Extract(a.GetLower().AsInt64(), 1));
            return a;
            """),
        Bug("B29_Avx512VLUnderAvx512FCheck", "Avx512F does not imply Avx512F.VL", """
            if (Avx512F.IsSupported) return Avx512F.VL.Max(a.AsInt64(), b.AsInt64()).AsInt32();
            return a;
            """),
        Bug("B30_UnguardedAvx512F", "AVX-512 without a check", """
            return Avx512F.Add(a.ToVector512(), b.ToVector512()).GetLower();
            """),
        Bug("B31_UnguardedSse2", "even SSE2 can be off (DOTNET_EnableHWIntrinsic=0)", """
            return Vector256.Create(Sse2.Add(a.GetLower(), b.GetLower()), a.GetUpper());
            """, mustThrowUnder: "DOTNET_EnableHWIntrinsic=0"),
        Bug("B32_UnguardedPopcnt", "Popcnt without a check", """
            return a + Vector256.Create((int)Popcnt.PopCount(255u));
            """),
        Bug("B33_ArmOnlyPath", "AdvSimd behind an architecture check (CPUID004)", """
            if (RuntimeInformation.ProcessArchitecture == Architecture.Arm64)
                return Vector256.Create(AdvSimd.Add(a.GetLower(), b.GetLower()), a.GetUpper());
            return a;
            """),
        Bug("B34_ArmAssumedWhenNoSse2", "\"no SSE2, so it must be Arm\": the fallback calls AdvSimd unchecked", """
            if (Sse2.IsSupported) return Vector256.Create(Sse2.Add(a.GetLower(), b.GetLower()), a.GetUpper());
            return Vector256.Create(AdvSimd.Add(a.GetLower(), b.GetLower()), a.GetUpper());
            """),

        Bug("P01_DebugAssertOnly", "Debug.Assert(Avx2.IsSupported) as the only check, with no caller making it true", """
            Debug.Assert(Avx2.IsSupported);
            return Avx2.Add(a, b);
            """),

        // ------------------------- broken, in ways the flow analysis must see through
        Bug("X01_LambdaReadsLocalReassignedLater", "a lambda reads a cached check that is overwritten before the call", """
            bool fast = Avx2.IsSupported;
            Func<Vector256<int>> f = () => fast ? Avx2.Add(a, b) : a;
            fast = flag;
            return f();
            """),
        Bug("X02_LoopCarriedLocalBool", "a cached check overwritten at the end of a loop iteration", """
            bool ok = Avx2.IsSupported;
            for (int i = 0; i < 3; i++)
            {
                if (ok) a = Avx2.Add(a, b);
                ok = flag;
            }
            return a;
            """),
        Bug("X03_ReadonlyFieldWrittenInStaticConstructor", "a static readonly guard field overwritten by the static constructor", """
            if (Guards.HasAvx2) return Avx2.Add(a, b);
            return a;
            """, members: """
            static class Guards
            {
                public static readonly bool HasAvx2 = Avx2.IsSupported;
                static Guards() { HasAvx2 = true; }
            }
            """),
        Bug("X04_GuardOnlyInCatch", "the check only on the catch path", """
            try { a = a + b; }
            catch (Exception) { if (!Avx2.IsSupported) return a; }
            return Avx2.Add(a, b);
            """),
        Bug("X05_CatchReachedWhenUnsupported", "a catch entered exactly when Avx2 is off", """
            try
            {
                if (!Avx2.IsSupported) throw new InvalidOperationException();
                a = Avx2.Add(a, b);
            }
            catch (InvalidOperationException) { a = Avx2.Subtract(a, b); }
            return a;
            """),
        Bug("X06_LocalFunctionDelegateEscapes", "a local function converted to a delegate outside the check", """
            Func<Vector256<int>, Vector256<int>, Vector256<int>> f = Fast;
            if (Avx2.IsSupported) a = Fast(a, b);
            return f(a, b);

            static Vector256<int> Fast(Vector256<int> x, Vector256<int> y) => Avx2.Add(x, y);
            """),
        Bug("X07_GuardPropertyWithOr", "a guard property that is 'override || Avx2.IsSupported'", """
            if (CanUseAvx2) return Avx2.Add(a, b);
            return a;
            """, members: """
            static bool s_force = true;
            static bool CanUseAvx2 => s_force || Avx2.IsSupported;
            """),
        Bug("X08_StaticReadonlyWithOr", "a static readonly guard field that is 'Avx2.IsSupported || something'", """
            if (Fast) return Avx2.Add(a, b);
            return a;
            """, members: """
            static readonly bool Fast = Avx2.IsSupported || Environment.GetEnvironmentVariable("CPUID_E2E_UNSET_VARIABLE") is null;
            """),
        Bug("X09_DeconstructionWrite", "a cached check overwritten by a deconstruction", """
            bool ok = Avx2.IsSupported;
            (ok, _) = (flag, 0);
            if (ok) return Avx2.Add(a, b);
            return a;
            """),
        Bug("X10_OutArgumentWrite", "a cached check overwritten through out", """
            bool ok = Avx2.IsSupported;
            bool.TryParse("true", out ok);
            if (ok) return Avx2.Add(a, b);
            return a;
            """),
        Bug("X11_OrAssignment", "a cached check widened with |=", """
            bool ok = Avx2.IsSupported;
            ok |= flag;
            if (ok) return Avx2.Add(a, b);
            return a;
            """),
        Bug("X12_LocalFunctionWritesCapturedLocal", "a cached check overwritten by a local function", """
            bool ok = Avx2.IsSupported;
            Force();
            if (ok) return Avx2.Add(a, b);
            return a;

            void Force() => ok = true;
            """),
        Bug("X13_ConditionalInsideCondition", "flag ? true : Avx2.IsSupported is not a check", """
            if (flag ? true : Avx2.IsSupported) return Avx2.Add(a, b);
            return a;
            """),
    };

    private static string Indent(string text, int spaces)
    {
        var pad = new string(' ', spaces);
        return string.Join("\n", text.Replace("\r\n", "\n").Split('\n').Select(line => line.Length == 0 ? line : pad + line));
    }
}
