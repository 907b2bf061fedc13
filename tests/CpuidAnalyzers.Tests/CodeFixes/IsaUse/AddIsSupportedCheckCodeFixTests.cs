using CpuidAnalyzers.Tests.Verifiers;
using VerifyCS = CpuidAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<CpuidAnalyzers.CodeFixes.IsaUse.AddIsSupportedCheckCodeFixProvider>;

namespace CpuidAnalyzers.Tests;

public class AddIsSupportedCheckCodeFixTests
{
    [Fact]
    public Task LastStatementOfNonVoidMethod() => VerifyCS.VerifyCodeFixAsync(Snippet.Members(/* lang=c#-test */ """
        static Vector256<int> Add(Vector256<int> a, Vector256<int> b)
        {
            var c = a + b;
            return {|CPUID001:Avx2.Add|}(c, b);
        }
        """), Snippet.Members(/* lang=c#-test */ """
        static Vector256<int> Add(Vector256<int> a, Vector256<int> b)
        {
            var c = a + b;
            if (Avx2.IsSupported)
            {
                return Avx2.Add(c, b);
            }
            else
            {
                throw new PlatformNotSupportedException();
            }
        }
        """));

    [Fact]
    public Task LoopGetsOneGuard() => VerifyCS.VerifyCodeFixAsync(Snippet.Members(/* lang=c#-test */ """
        static Vector256<int> Sum(Vector256<int> a, Vector256<int> b, int n)
        {
            var acc = a;
            for (int i = 0; i < n; i++)
            {
                // accumulate
                acc = {|CPUID001:Avx2.Add|}(acc, b);
                b = b + a;
                acc = {|CPUID001:Avx2.Max|}(acc, a);
            }
            return acc;
        }
        """), Snippet.Members(/* lang=c#-test */ """
        static Vector256<int> Sum(Vector256<int> a, Vector256<int> b, int n)
        {
            var acc = a;
            for (int i = 0; i < n; i++)
            {
                if (Avx2.IsSupported)
                {
                    // accumulate
                    acc = Avx2.Add(acc, b);
                    b = b + a;
                    acc = Avx2.Max(acc, a);
                }
                else
                {
                    throw new PlatformNotSupportedException();
                }
            }
            return acc;
        }
        """));

    [Fact]
    public Task ExpressionBodies() => VerifyCS.VerifyCodeFixAsync(Snippet.Members(/* lang=c#-test */ """
        static readonly Vector128<int> Ones = {|CPUID001:Sse2.Add|}(Vector128<int>.One, Vector128<int>.Zero);
        static Vector128<int> Twice(Vector128<int> v) => {|CPUID001:Sse2.Add|}(v, v);
        static unsafe void Store(int* p, Vector128<int> v) => {|CPUID001:Sse2.Store|}(p, v);
        static Func<Vector128<int>, Vector128<int>> Clear = v => {|CPUID001:Sse2.Xor|}(v, v);
        """), Snippet.Members(/* lang=c#-test */ """
        static readonly Vector128<int> Ones = Sse2.IsSupported ? Sse2.Add(Vector128<int>.One, Vector128<int>.Zero) : throw new PlatformNotSupportedException();
        static Vector128<int> Twice(Vector128<int> v) => Sse2.IsSupported ? Sse2.Add(v, v) : throw new PlatformNotSupportedException();
        static unsafe void Store(int* p, Vector128<int> v)
        {
            if (Sse2.IsSupported)
            {
                Sse2.Store(p, v);
            }
            else
            {
                throw new PlatformNotSupportedException();
            }
        }
        static Func<Vector128<int>, Vector128<int>> Clear = v => Sse2.IsSupported ? Sse2.Xor(v, v) : throw new PlatformNotSupportedException();
        """));

    [Fact]
    public Task WrongGuard_IsReplacedOrExtended() => VerifyCS.VerifyCodeFixAsync(Snippet.Method(/* lang=c#-test */ """
        if (Avx.IsSupported) a = {|CPUID002:Avx2.Add|}(a, b);
        if (Avx2.IsSupported) a = {|CPUID002:Fma.MultiplyAdd|}(a.AsSingle(), b.AsSingle(), a.AsSingle()).AsInt32();
        if (Sse41.IsSupported) { long x = {|CPUID002:Sse41.X64.Extract|}(a.GetLower().AsInt64(), 1); }
        return a;
        """), Snippet.Method(/* lang=c#-test */ """
        if (Avx2.IsSupported) a = Avx2.Add(a, b);
        if (Avx2.IsSupported && Fma.IsSupported) a = Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), a.AsSingle()).AsInt32();
        if (Sse41.X64.IsSupported) { long x = Sse41.X64.Extract(a.GetLower().AsInt64(), 1); }
        return a;
        """));

    [Fact]
    public Task ArchitectureCpuidAndAccelerationChecks_AreExtended() => VerifyCS.VerifyCodeFixAsync(Snippet.Usings + /* lang=c#-test */ """
        using System.Runtime.InteropServices;

        static class C
        {
            static Vector256<int> OnX64(Vector256<int> a)
            {
                if (RuntimeInformation.ProcessArchitecture != Architecture.X64)
                    return a;
                return {|CPUID004:Avx2.Add|}(a, a);
            }

            static Vector256<int> AfterCpuid(Vector256<int> a)
            {
                if (!X86Base.IsSupported)
                    return a;
                var (_, ebx, _, _) = X86Base.CpuId(7, 0);
                bool cpuHasAvx2 = (ebx & (1 << 5)) != 0;
                if (!cpuHasAvx2)
                    return a;
                return {|CPUID005:Avx2.Add|}(a, a);
            }

            static Vector256<int> WhenAccelerated(Vector256<int> a) =>
                Vector256.IsHardwareAccelerated ? {|CPUID007:Avx2.Add|}(a, a) : a;
        }
        """, Snippet.Usings + /* lang=c#-test */ """
        using System.Runtime.InteropServices;

        static class C
        {
            static Vector256<int> OnX64(Vector256<int> a)
            {
                if (RuntimeInformation.ProcessArchitecture != Architecture.X64 || !Avx2.IsSupported)
                    return a;
                return Avx2.Add(a, a);
            }

            static Vector256<int> AfterCpuid(Vector256<int> a)
            {
                if (!X86Base.IsSupported)
                    return a;
                var (_, ebx, _, _) = X86Base.CpuId(7, 0);
                bool cpuHasAvx2 = (ebx & (1 << 5)) != 0;
                if (!cpuHasAvx2 || !Avx2.IsSupported)
                    return a;
                return Avx2.Add(a, a);
            }

            static Vector256<int> WhenAccelerated(Vector256<int> a) =>
                Vector256.IsHardwareAccelerated && Avx2.IsSupported ? Avx2.Add(a, a) : a;
        }
        """);

    [Fact]
    public Task MinimalCondition_DropsImpliedClassesAndSpellsX64() => VerifyCS.VerifyCodeFixAsync(Snippet.Members(/* lang=c#-test */ """
        static int Mixed(Vector256<int> a, Vector128<long> b)
        {
            a = {|CPUID001:Avx2.Add|}(a, a);
            var low = {|CPUID001:Sse41.Max|}(a.GetLower(), a.GetUpper());
            var f = {|CPUID001:Fma.MultiplyAdd|}(a.AsSingle(), a.AsSingle(), a.AsSingle());
            long x = {|CPUID001:Sse41.X64.Extract|}(b, 1);
            return low.ToScalar() + (int)x + (int)f.ToScalar();
        }
        """), Snippet.Members(/* lang=c#-test */ """
        static int Mixed(Vector256<int> a, Vector128<long> b)
        {
            if (Avx2.IsSupported && Fma.IsSupported && Sse41.X64.IsSupported)
            {
                a = Avx2.Add(a, a);
                var low = Sse41.Max(a.GetLower(), a.GetUpper());
                var f = Fma.MultiplyAdd(a.AsSingle(), a.AsSingle(), a.AsSingle());
                long x = Sse41.X64.Extract(b, 1);
                return low.ToScalar() + (int)x + (int)f.ToScalar();
            }
            else
            {
                throw new PlatformNotSupportedException();
            }
        }
        """));

    [Fact]
    public Task LocalsUsedLater_ExtendTheRange() => VerifyCS.VerifyCodeFixAsync(Snippet.Members(/* lang=c#-test */ """
        static void Print(Vector256<int> a)
        {
            Console.WriteLine("start");
            var sum = {|CPUID001:Avx2.Add|}(a, a);
            Console.WriteLine("middle");
            Console.WriteLine(sum);
            Console.WriteLine("end");
        }
        """), Snippet.Members(/* lang=c#-test */ """
        static void Print(Vector256<int> a)
        {
            Console.WriteLine("start");
            if (Avx2.IsSupported)
            {
                var sum = Avx2.Add(a, a);
                Console.WriteLine("middle");
                Console.WriteLine(sum);
            }
            else
            {
                throw new PlatformNotSupportedException();
            }
            Console.WriteLine("end");
        }
        """));

    [Fact]
    public Task FileSpelling_AliasAndUsingStatic() => VerifyCS.VerifyCodeFixAsync(/* lang=c#-test */ """
        using System;
        using System.Runtime.Intrinsics;
        using Simd = System.Runtime.Intrinsics.X86.Avx2;

        static class C
        {
            static Vector256<int> M(Vector256<int> a) => {|CPUID001:Simd.Add|}(a, a);
        }
        """, /* lang=c#-test */ """
        using System;
        using System.Runtime.Intrinsics;
        using Simd = System.Runtime.Intrinsics.X86.Avx2;

        static class C
        {
            static Vector256<int> M(Vector256<int> a) => Simd.IsSupported ? Simd.Add(a, a) : throw new PlatformNotSupportedException();
        }
        """);

    [Fact]
    public Task FileSpelling_UsingStatic() => VerifyCS.VerifyCodeFixAsync(/* lang=c#-test */ """
        using System.Runtime.Intrinsics;
        using static System.Runtime.Intrinsics.X86.Avx2;

        static class C
        {
            static Vector256<int> M(Vector256<int> a) => {|CPUID001:Add|}(a, a);
        }
        """, /* lang=c#-test */ """
        using System.Runtime.Intrinsics;
        using static System.Runtime.Intrinsics.X86.Avx2;

        static class C
        {
            static Vector256<int> M(Vector256<int> a) => IsSupported ? Add(a, a) : throw new System.PlatformNotSupportedException();
        }
        """);

    [Fact]
    public Task ContractCall_GetsTheContractsCheck() => VerifyCS.VerifyCodeFixAsync(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        public static class C
        {
            public static int Run(int x)
            {
                int y = x + 1;
                return {|CPUID008:Count|}(y);
            }

            [RequiresIsa(typeof(Popcnt))]
            public static int Count(int x) => (int)Popcnt.PopCount((uint)x);
        }
        """, Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        public static class C
        {
            public static int Run(int x)
            {
                int y = x + 1;
                if (Popcnt.IsSupported)
                {
                    return Count(y);
                }
                else
                {
                    throw new PlatformNotSupportedException();
                }
            }

            [RequiresIsa(typeof(Popcnt))]
            public static int Count(int x) => (int)Popcnt.PopCount((uint)x);
        }
        """, null, withContracts: true);

    [Fact]
    public Task EmbeddedStatementsAndSwitchSections() => VerifyCS.VerifyCodeFixAsync(Snippet.Members(/* lang=c#-test */ """
        static Vector256<int> M(Vector256<int> a, int mode, bool flag)
        {
            if (flag)
                a = {|CPUID001:Avx2.Add|}(a, a);
            switch (mode)
            {
                case 1:
                    a = {|CPUID001:Avx2.Subtract|}(a, a);
                    break;
            }
            return a;
        }
        """), Snippet.Members(/* lang=c#-test */ """
        static Vector256<int> M(Vector256<int> a, int mode, bool flag)
        {
            if (flag)
            {
                if (Avx2.IsSupported)
                {
                    a = Avx2.Add(a, a);
                }
                else
                {
                    throw new PlatformNotSupportedException();
                }
            }
            switch (mode)
            {
                case 1:
                    if (Avx2.IsSupported)
                    {
                        a = Avx2.Subtract(a, a);
                    }
                    else
                    {
                        throw new PlatformNotSupportedException();
                    }
                    break;
            }
            return a;
        }
        """));

    [Fact]
    public Task VoidLambda_GetsABlockBody() => VerifyCS.VerifyCodeFixAsync(Snippet.Members(/* lang=c#-test */ """
        static Action<Vector128<int>> Print() => v => Console.WriteLine({|CPUID001:Sse41.Max|}(v, v));
        """), Snippet.Members(/* lang=c#-test */ """
        static Action<Vector128<int>> Print() => v =>
        {
            if (Sse41.IsSupported)
            {
                Console.WriteLine(Sse41.Max(v, v));
            }
            else
            {
                throw new PlatformNotSupportedException();
            }
        };
        """));

    [Fact]
    public Task TopLevelStatements() => new VerifyCS.Test
    {
        TestCode = /* lang=c#-test */ """
            using System;
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.X86;

            var v = Vector256.Create(1);
            v = {|CPUID001:Avx2.Subtract|}(v, v);
            var w = {|CPUID001:Avx2.Add|}(v, v);
            Console.WriteLine(v);
            Console.WriteLine(w);
            """,
        FixedCode = /* lang=c#-test */ """
            using System;
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.X86;

            var v = Vector256.Create(1);
            if (Avx2.IsSupported)
            {
                v = Avx2.Subtract(v, v);
                var w = Avx2.Add(v, v);
                Console.WriteLine(v);
                Console.WriteLine(w);
            }
            else
            {
                throw new PlatformNotSupportedException();
            }
            """,
        TestState = { OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication },
    }.RunAsync();

    /// <summary>
    /// Fix All over two files, with groups in nested blocks and a wrong condition in the same method. One
    /// fix at a time converges differently: after the first guard, Avx2 is known below it, so the Fma use
    /// becomes CPUID002 and its fix extends that guard's condition instead.
    /// </summary>
    [Fact]
    public Task FixAll_AcrossDocuments()
    {
        const string Method = /* lang=c#-test */ """
            static Vector256<int> A(Vector256<int> a, int n)
            {
                a = {|CPUID001:Avx2.Add|}(a, a);
                for (int i = 0; i < n; i++)
                {
                    var f = {|CPUID001:Fma.MultiplyAdd|}(a.AsSingle(), a.AsSingle(), a.AsSingle());
                    a = f.AsInt32();
                }
                if (Avx.IsSupported)
                    a = {|CPUID002:Avx2.Max|}(a, a);
                return a;
            }
            """;
        const string Other = /* lang=c#-test */ """
            static class D
            {
                static Vector128<int> B(Vector128<int> a) => {|CPUID001:Sse41.Max|}(a, {|CPUID001:Sse2.Add|}(a, a));
            }
            """;
        const string OtherFixed = /* lang=c#-test */ """
            static class D
            {
                static Vector128<int> B(Vector128<int> a) => Sse41.IsSupported ? Sse41.Max(a, Sse2.Add(a, a)) : throw new PlatformNotSupportedException();
            }
            """;
        var test = new VerifyCS.Test();
        test.TestState.Sources.Add(Snippet.Members(Method));
        test.TestState.Sources.Add(Snippet.Usings + Other);
        test.FixedState.Sources.Add(Snippet.Members(/* lang=c#-test */ """
            static Vector256<int> A(Vector256<int> a, int n)
            {
                if (Avx2.IsSupported && Fma.IsSupported)
                {
                    a = Avx2.Add(a, a);
                }
                else
                {
                    throw new PlatformNotSupportedException();
                }
                for (int i = 0; i < n; i++)
                {
                    var f = Fma.MultiplyAdd(a.AsSingle(), a.AsSingle(), a.AsSingle());
                    a = f.AsInt32();
                }
                if (Avx.IsSupported)
                    a = Avx2.Max(a, a);
                return a;
            }
            """));
        test.FixedState.Sources.Add(Snippet.Usings + OtherFixed);
        test.BatchFixedState.Sources.Add(Snippet.Members(/* lang=c#-test */ """
            static Vector256<int> A(Vector256<int> a, int n)
            {
                if (Avx2.IsSupported)
                {
                    a = Avx2.Add(a, a);
                }
                else
                {
                    throw new PlatformNotSupportedException();
                }
                for (int i = 0; i < n; i++)
                {
                    if (Fma.IsSupported)
                    {
                        var f = Fma.MultiplyAdd(a.AsSingle(), a.AsSingle(), a.AsSingle());
                        a = f.AsInt32();
                    }
                    else
                    {
                        throw new PlatformNotSupportedException();
                    }
                }
                if (Avx2.IsSupported)
                    a = Avx2.Max(a, a);
                return a;
            }
            """));
        test.BatchFixedState.Sources.Add(Snippet.Usings + OtherFixed);
        return test.RunAsync();
    }
}
