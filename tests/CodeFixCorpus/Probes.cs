// Code-fix corpus: try/catch used as a feature probe.
using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Corpus;

public static class Probes
{
    private static bool s_logged;

    public static Vector256<int> Add(Vector256<int> a, Vector256<int> b)
    {
        try
        {
            return Avx2.Add(a, b);
        }
        catch (PlatformNotSupportedException)
        {
            return a + b;
        }
    }

    public static Vector256<int> Broad(Vector256<int> a, Vector256<int> b)
    {
        try { a = Avx2.Add(a, b); } catch (NotSupportedException) { }
        try { a = Avx2.Subtract(a, b); } catch (Exception) { a = b; }
        try { a = Avx2.Xor(a, b); } catch { }
        return a;
    }

    public static int Logged(Vector128<int> v)
    {
        try
        {
            var r = Sse41.MultiplyLow(v, v);
            return r.ToScalar();
        }
        catch (PlatformNotSupportedException e)
        {
            if (!s_logged) Console.WriteLine(e.Message);
            s_logged = true;
            return v.ToScalar() * v.ToScalar();
        }
        finally
        {
            Console.WriteLine("done");
        }
    }

    public static int Rethrow(Vector128<int> v)
    {
        try
        {
            return Sse41.Extract(v, 1);
        }
        catch (NotSupportedException) when (v.ToScalar() > 0)
        {
            throw;
        }
    }

    public static int Nested(Vector128<int> v)
    {
        try
        {
            v = Ssse3.Abs(v).AsInt32();
            try
            {
                v = Sse41.Max(v, Vector128<int>.One);
            }
            catch (PlatformNotSupportedException)
            {
                v = Vector128.Max(v, Vector128<int>.One);
            }
        }
        catch (PlatformNotSupportedException)
        {
            v = Vector128.Abs(v);
        }
        return v.ToScalar();
    }
}
