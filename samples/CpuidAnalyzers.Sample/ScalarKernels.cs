namespace CpuidAnalyzers.Sample;

/// <summary>The reference implementations: run on every CPU, and the fallback of every SIMD path.</summary>
internal static class ScalarKernels
{
    public static int Sum(ReadOnlySpan<int> values)
    {
        int sum = 0;
        foreach (int value in values) sum += value;
        return sum;
    }

    public static int SumOfSquares(ReadOnlySpan<int> values)
    {
        int sum = 0;
        foreach (int value in values) sum += value * value;
        return sum;
    }

    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        float sum = 0;
        for (int i = 0; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }

    public static int Max(ReadOnlySpan<int> values)
    {
        int max = int.MinValue;
        foreach (int value in values) max = Math.Max(max, value);
        return max;
    }

    public static int Min(ReadOnlySpan<int> values)
    {
        int min = int.MaxValue;
        foreach (int value in values) min = Math.Min(min, value);
        return min;
    }
}
