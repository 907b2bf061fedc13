using CpuidAnalyzers.Tests.Verifiers;
using VerifyCS = CpuidAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<CpuidAnalyzers.CodeFixes.Probes.ReplaceExceptionProbeCodeFixProvider>;

namespace CpuidAnalyzers.Tests;

public class ReplaceExceptionProbeCodeFixTests
{
    [Fact]
    public Task PureProbe_BecomesIfElse() => VerifyCS.VerifyCodeFixAsync(Snippet.Members(/* lang=c#-test */ """
        static int Sum(Vector256<int> a, Vector256<int> b)
        {
            try
            {
                // the fast path
                var acc = {|CPUID006:Avx2.Add|}(a, b);
                acc = {|CPUID006:Avx2.Max|}(acc, b);
                return Vector256.Sum(acc);
            }
            catch (PlatformNotSupportedException)
            {
                return Vector256.Sum(a + b);
            }
        }
        """), Snippet.Members(/* lang=c#-test */ """
        static int Sum(Vector256<int> a, Vector256<int> b)
        {
            if (Avx2.IsSupported)
            {
                // the fast path
                var acc = Avx2.Add(a, b);
                acc = Avx2.Max(acc, b);
                return Vector256.Sum(acc);
            }
            else
            {
                return Vector256.Sum(a + b);
            }
        }
        """));

    [Fact]
    public Task EmptyCatch_LeavesNoElse() => VerifyCS.VerifyCodeFixAsync(Snippet.Method(/* lang=c#-test */ """
        try { a = {|CPUID006:Avx2.Add|}(a, b); } catch (NotSupportedException) { }
        return a;
        """), Snippet.Method(/* lang=c#-test */ """
        if (Avx2.IsSupported)
        { a = Avx2.Add(a, b); }
        return a;
        """));

    [Fact]
    public Task BroadCatches_KeepTheTryAndCheckInsideIt() => VerifyCS.VerifyCodeFixAsync(Snippet.Members(/* lang=c#-test */ """
        static Vector256<int> Broad(Vector256<int> a, Vector256<int> b, string s)
        {
            try
            {
                a = {|CPUID006:Avx2.Subtract|}(a, b) + Vector256.Create(int.Parse(s));
            }
            catch (Exception)
            {
                a = b;
            }
            try
            {
                a = {|CPUID006:Avx2.Xor|}(a, b);
            }
            catch (Exception e)
            {
                Console.WriteLine(e.Message);
            }
            return a;
        }
        """), Snippet.Members(/* lang=c#-test */ """
        static Vector256<int> Broad(Vector256<int> a, Vector256<int> b, string s)
        {
            try
            {
                if (Avx2.IsSupported)
                {
                    a = Avx2.Subtract(a, b) + Vector256.Create(int.Parse(s));
                }
                else
                {
                    a = b;
                }
            }
            catch (Exception)
            {
                a = b;
            }
            try
            {
                if (Avx2.IsSupported)
                {
                    a = Avx2.Xor(a, b);
                }
                else
                {
                    throw new PlatformNotSupportedException();
                }
            }
            catch (Exception e)
            {
                Console.WriteLine(e.Message);
            }
            return a;
        }
        """));

    [Fact]
    public Task NestedProbes_ComposeInFixAll() => VerifyCS.VerifyCodeFixAsync(Snippet.Members(/* lang=c#-test */ """
        static Vector256<float> Nested(Vector256<float> a)
        {
            try
            {
                a = {|CPUID006:Avx.Add|}(a, a);
                try
                {
                    a = {|CPUID006:Fma.MultiplyAdd|}(a, a, a);
                }
                catch (PlatformNotSupportedException)
                {
                    a = a * a + a;
                }
            }
            catch (PlatformNotSupportedException)
            {
                a = a + a;
            }
            return a;
        }
        """), Snippet.Members(/* lang=c#-test */ """
        static Vector256<float> Nested(Vector256<float> a)
        {
            if (Avx.IsSupported)
            {
                a = Avx.Add(a, a);
                if (Fma.IsSupported)
                {
                    a = Fma.MultiplyAdd(a, a, a);
                }
                else
                {
                    a = a * a + a;
                }
            }
            else
            {
                a = a + a;
            }
            return a;
        }
        """));

    [Fact]
    public Task FixAll_AcrossDocuments() => new VerifyCS.Test
    {
        TestState =
        {
            Sources =
            {
                Snippet.Method(/* lang=c#-test */ """
                    try { a = {|CPUID006:Avx2.Add|}(a, b); b = {|CPUID006:Avx2.Subtract|}(a, b); }
                    catch (PlatformNotSupportedException) { a = a + b; }
                    return a;
                    """),
                Snippet.Usings + /* lang=c#-test */ """
                    static class D
                    {
                        static uint N(uint x)
                        {
                            try { return {|CPUID006:Popcnt.PopCount|}(x); }
                            catch (PlatformNotSupportedException) { return (uint)System.Numerics.BitOperations.PopCount(x); }
                        }
                    }
                    """,
            },
        },
        FixedState =
        {
            Sources =
            {
                Snippet.Method(/* lang=c#-test */ """
                    if (Avx2.IsSupported)
                    { a = Avx2.Add(a, b); b = Avx2.Subtract(a, b); }
                    else
                    { a = a + b; }
                    return a;
                    """),
                Snippet.Usings + /* lang=c#-test */ """
                    static class D
                    {
                        static uint N(uint x)
                        {
                            if (Popcnt.IsSupported)
                            { return Popcnt.PopCount(x); }
                            else
                            { return (uint)System.Numerics.BitOperations.PopCount(x); }
                        }
                    }
                    """,
            },
        },
    }.RunAsync();
}
