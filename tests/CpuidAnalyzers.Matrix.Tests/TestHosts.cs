using CpuidAnalyzers.Matrix;

namespace CpuidAnalyzers.Matrix.Tests;

/// <summary>Made-up hosts: no test reads the real CPU.</summary>
static class TestHosts
{
    public static readonly string[] V3Flags = { "sse2", "pni", "ssse3", "sse4_1", "sse4_2", "popcnt", "avx", "avx2", "fma", "bmi1", "bmi2" };
    public static readonly string[] V4Flags = [.. V3Flags, "avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"];

    /// <summary>An AVX-512 machine: every configuration can run.</summary>
    public static HostCpu Avx512 => new(isX86: true, V4Flags);

    /// <summary>An AVX2 machine without AVX-512.</summary>
    public static HostCpu Avx2Only => new(isX86: true, V3Flags);

    public static HostCpu Arm64 => new(isX86: false, new[] { "asimd" });
}
