using System.Collections.Generic;

namespace CpuidAnalyzers.Matrix;

/// <summary>
/// One CPU configuration of the matrix: the runtime switches that give it, what it takes away, and
/// what real hardware it stands for.
/// </summary>
/// <param name="Name">Short name, used on the command line (<c>--only</c>) and in the reports.</param>
/// <param name="Environment">Environment variables set for the command (nothing else is changed).</param>
/// <param name="Removes">
/// What the configuration takes away, as patterns over ISA names: <c>X86.Avx2</c> is the class
/// <c>System.Runtime.Intrinsics.X86.Avx2</c>, nested classes keep their parent (<c>X86.Avx512F.VL</c>;
/// <c>X64</c> is dropped), a trailing <c>*</c> matches any suffix. The pseudo names <c>Vector128</c>,
/// <c>Vector256</c>, <c>Vector512</c> stand for that width's IsHardwareAccelerated turning false, and
/// <c>Vector&lt;T&gt;</c> for <c>System.Numerics.Vector&lt;T&gt;</c> getting narrower (or unaccelerated).
/// </param>
/// <param name="CpuModels">The real CPUs (and VM CPU models) this configuration stands for.</param>
/// <param name="RequiresHostFlags">
/// /proc/cpuinfo flags the host must have for the configuration to stand for its CPU models and to
/// differ from the host: without them it is reported "not run (host lacks …)", never as passed.
/// </param>
/// <param name="IsX86">Needs an x86-64 host (every configuration but <c>host</c>).</param>
/// <param name="EmulatedModel">
/// For <c>--emulate</c>: the QEMU CPU model the command runs under (<c>qemu-x86_64 -cpu MODEL</c>), with
/// no switch set; null for the configurations approximated by runtime switches on the host's CPU.
/// </param>
public sealed record CpuConfiguration(
    string Name,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Removes,
    string CpuModels,
    IReadOnlyList<string> RequiresHostFlags,
    bool IsX86 = true,
    string? EmulatedModel = null)
{
    /// <summary>The switches as one string, e.g. "DOTNET_EnableAVX=0" ("(none)" for the host; "qemu-x86_64 -cpu M" when emulated).</summary>
    public string Switches => EmulatedModel is not null ? $"qemu-x86_64 -cpu {EmulatedModel}"
        : Environment.Count == 0 ? "(none)" : string.Join(" ", System.Linq.Enumerable.Select(Environment, e => $"{e.Key}={e.Value}"));

    public bool IsEmulated => EmulatedModel is not null;
}

/// <summary>
/// The configuration table for .NET 10, whose switches act on groups of ISAs (measured; see
/// docs/cpuid-matrix.md and /work/shared/README.md). All of the data is here.
/// </summary>
public static class Configurations
{
    // What each switch turns off on .NET 10, cumulative down the x86-64 ladder.
    static readonly string[] Avx512Group = { "X86.Avx512*", "X86.Avx10*", "Vector512" };
    static readonly string[] AvxGroup =
    {
        "X86.Avx", "X86.Avx.*", "X86.Avx2", "X86.Avx2.*", "X86.Fma", "X86.Fma.*", "X86.Bmi1", "X86.Bmi1.*",
        "X86.Bmi2", "X86.Bmi2.*", "X86.Lzcnt", "X86.Lzcnt.*", "X86.AvxVnni*", "X86.F16c", "X86.F16c.*",
        "X86.Pclmulqdq.V256", "X86.Gfni.V256", "X86.Aes.V256", "Vector256", "Vector<T>",
    };
    // AVX without AVX2 (Sandy Bridge): what DOTNET_EnableAVX2=0 turns off.
    static readonly string[] AvxWithoutAvx =
    {
        "X86.Avx2", "X86.Avx2.*", "X86.Fma", "X86.Fma.*", "X86.Bmi1", "X86.Bmi1.*", "X86.Bmi2", "X86.Bmi2.*",
        "X86.Lzcnt", "X86.Lzcnt.*", "X86.AvxVnni*", "X86.F16c", "X86.F16c.*", "Vector256", "Vector<T>",
    };

    static readonly string[] Sse42Group =
    {
        "X86.Sse3", "X86.Sse3.*", "X86.Ssse3", "X86.Ssse3.*", "X86.Sse41", "X86.Sse41.*",
        "X86.Sse42", "X86.Sse42.*", "X86.Popcnt", "X86.Popcnt.*",
    };
    static readonly string[] EveryIsa = { "X86.*", "Vector128" };

    static string[] Join(params string[][] groups)
    {
        var all = new List<string>();
        foreach (var g in groups) all.AddRange(g);
        return all.ToArray();
    }

    static Dictionary<string, string> Env(params (string Key, string Value)[] pairs)
    {
        var d = new Dictionary<string, string>();
        foreach (var (k, v) in pairs) d[k] = v;
        return d;
    }

    // The same switch means the same on every runtime modelled here: one entry serves both tables.
    static readonly CpuConfiguration NoIntrinsics = new(
        "no-intrinsics", Env(("DOTNET_EnableHWIntrinsic", "0")), Join(Avx512Group, AvxGroup, Sse42Group, EveryIsa),
        "no SIMD at all: every IsSupported and IsHardwareAccelerated false (software fallbacks only)",
        new[] { "sse2" });

    static readonly CpuConfiguration VectorT128 = new(
        "vector-t-128", Env(("DOTNET_MaxVectorTBitWidth", "128")), new[] { "Vector<T>" },
        "Vector<T> of 16 bytes, as on SSE-only x86 CPUs and on Arm64",
        new[] { "avx2" });

    /// <summary>Every configuration, in the order they run: highest first, then the vector widths.</summary>
    public static IReadOnlyList<CpuConfiguration> All { get; } = new[]
    {
        new CpuConfiguration(
            "host", Env(), System.Array.Empty<string>(),
            "this machine, as it is",
            System.Array.Empty<string>(), IsX86: false),
        new CpuConfiguration(
            "x86-64-v3", Env(("DOTNET_EnableAVX512", "0")), Avx512Group,
            "Intel Haswell, Broadwell, Skylake, Alder Lake and later client cores; AMD Zen 1-3; QEMU -cpu Haswell",
            new[] { "avx512f", "avx2", "fma", "bmi1", "bmi2" }),
        new CpuConfiguration(
            "x86-64-v2", Env(("DOTNET_EnableAVX", "0")), Join(Avx512Group, AvxGroup),
            "Intel Nehalem, Westmere; Pentium/Celeron and Atom (Silvermont-Tremont) without AVX; QEMU -cpu Nehalem",
            new[] { "avx", "sse4_2", "popcnt" }),
        new CpuConfiguration(
            "x86-64-v1", Env(("DOTNET_EnableSSE42", "0")), Join(Avx512Group, AvxGroup, Sse42Group),
            "baseline x86-64 (SSE2, no SSE3+): AMD K8 (Athlon 64/Opteron before revision E); nearest to QEMU's default qemu64/kvm64 and Core 2 (Conroe, Penryn) models",
            new[] { "pni", "sse2" }),
        NoIntrinsics,
        VectorT128,
        new CpuConfiguration(
            "prefer-128", Env(("DOTNET_PreferredVectorBitWidth", "128")), new[] { "Vector256", "Vector512", "Vector<T>" },
            "a runtime that prefers 128-bit vectors: Vector256/Vector512.IsHardwareAccelerated false and Vector<T> of 16 bytes, every ISA still on",
            new[] { "avx2" }),
    };

    // .NET 8 and 9: one switch per ISA (measured on .NET 8 self-contained; see docs/cpuid-matrix.md).
    static readonly string[] Net8Avx512 = { "X86.Avx512*", "X86.Avx10*", "Vector512" };
    static readonly string[] Net8Avx2 = { "X86.Avx2", "X86.Avx2.*", "Vector256", "Vector<T>" };
    static readonly string[] Bmi2 = { "X86.Bmi2", "X86.Bmi2.*" };
    static readonly string[] FmaBmi1Lzcnt = { "X86.Fma", "X86.Fma.*", "X86.Bmi1", "X86.Bmi1.*", "X86.Lzcnt", "X86.Lzcnt.*" };
    static readonly string[] Avx = { "X86.Avx", "X86.Avx.*", "X86.AvxVnni*", "X86.F16c", "X86.F16c.*" };
    static readonly string[] Sse42Popcnt = { "X86.Sse42", "X86.Sse42.*", "X86.Popcnt", "X86.Popcnt.*" };
    static readonly string[] Sse41 = { "X86.Sse41", "X86.Sse41.*" };
    static readonly string[] Ssse3 = { "X86.Ssse3", "X86.Ssse3.*" };
    static readonly string[] Sse3 = { "X86.Sse3", "X86.Sse3.*" };
    static readonly string[] AesPclmul = { "X86.Aes", "X86.Aes.*", "X86.Pclmulqdq", "X86.Pclmulqdq.*" };

    /// <summary>
    /// The configurations for code that runs on .NET 8 or 9, whose switches act per ISA: the x86-64
    /// levels plus the CPUs between them that .NET 10's grouped switches cannot give (Piledriver,
    /// Sandy Bridge, Core 2, AMD K10). Each was checked against the same program under
    /// <c>qemu-x86_64 -cpu</c> of the model it names.
    /// </summary>
    public static IReadOnlyList<CpuConfiguration> Net8 { get; } = new[]
    {
        new CpuConfiguration(
            "host", Env(), System.Array.Empty<string>(), "this machine, as it is", System.Array.Empty<string>(), IsX86: false),
        new CpuConfiguration(
            "x86-64-v3", Env(("DOTNET_EnableAVX512F", "0")), Net8Avx512,
            "Intel Haswell, Broadwell, Skylake, Alder Lake and later client cores; AMD Zen 1-3; QEMU -cpu Haswell",
            new[] { "avx512f", "avx2", "fma", "bmi1", "bmi2" }),
        new CpuConfiguration(
            "piledriver", Env(("DOTNET_EnableAVX2", "0"), ("DOTNET_EnableBMI2", "0")), Join(Net8Avx512, Net8Avx2, Bmi2),
            "AMD Piledriver/Steamroller/Excavator (FX-8350, Opteron 6300, A10): AVX, FMA, BMI1, LZCNT, no AVX2 or BMI2; QEMU -cpu Opteron_G5 (which also lacks BMI1)",
            new[] { "avx2", "bmi2", "fma", "bmi1" }),
        new CpuConfiguration(
            "sandy-bridge", Env(("DOTNET_EnableAVX2", "0"), ("DOTNET_EnableFMA", "0"), ("DOTNET_EnableBMI1", "0"), ("DOTNET_EnableBMI2", "0"), ("DOTNET_EnableLZCNT", "0")),
            Join(Net8Avx512, Net8Avx2, Bmi2, FmaBmi1Lzcnt),
            "Intel Sandy Bridge, Ivy Bridge: AVX without AVX2, FMA or BMI; QEMU -cpu SandyBridge",
            new[] { "avx2", "avx" }),
        new CpuConfiguration(
            "x86-64-v2", Env(("DOTNET_EnableAVX", "0"), ("DOTNET_EnableLZCNT", "0")),
            Join(Net8Avx512, Net8Avx2, Bmi2, FmaBmi1Lzcnt, Avx),
            "Intel Nehalem, Westmere; Pentium/Celeron and Atom (Silvermont-Tremont) without AVX; QEMU -cpu Nehalem",
            new[] { "avx", "sse4_2", "popcnt" }),
        new CpuConfiguration(
            "core2", Env(("DOTNET_EnableSSE41", "0"), ("DOTNET_EnableLZCNT", "0"), ("DOTNET_EnableAES", "0"), ("DOTNET_EnablePCLMULQDQ", "0")),
            Join(Net8Avx512, Net8Avx2, Bmi2, FmaBmi1Lzcnt, Avx, Sse42Popcnt, Sse41, AesPclmul),
            "Intel Core 2 (Conroe, Merom): SSSE3, no SSE4.1; QEMU -cpu Conroe",
            new[] { "sse4_1", "ssse3" }),
        new CpuConfiguration(
            "amd-k10", Env(("DOTNET_EnableSSSE3", "0"), ("DOTNET_EnableAES", "0"), ("DOTNET_EnablePCLMULQDQ", "0")),
            Join(Net8Avx512, Net8Avx2, Bmi2, new[] { "X86.Fma", "X86.Fma.*", "X86.Bmi1", "X86.Bmi1.*" }, Avx, Sse42Popcnt, Sse41, Ssse3, AesPclmul),
            "AMD K10 (Phenom, Athlon II, Opteron 2300-6100): SSE3, SSE4a, LZCNT, no SSSE3 (.NET 8 turns POPCNT off with SSE4.2); QEMU -cpu Opteron_G3",
            new[] { "ssse3" }),
        new CpuConfiguration(
            "x86-64-v1", Env(("DOTNET_EnableSSE3", "0"), ("DOTNET_EnableLZCNT", "0"), ("DOTNET_EnableAES", "0"), ("DOTNET_EnablePCLMULQDQ", "0")),
            Join(Net8Avx512, Net8Avx2, Bmi2, FmaBmi1Lzcnt, Avx, Sse42Popcnt, Sse41, Ssse3, Sse3, AesPclmul),
            "baseline x86-64 (SSE2 only): AMD K8 (Athlon 64/Opteron before revision E)",
            new[] { "pni", "sse2" }),
        NoIntrinsics,
        VectorT128,
        new CpuConfiguration(
            "prefer-128", Env(("DOTNET_PreferredVectorBitWidth", "128")), new[] { "Vector256", "Vector512" },
            "a runtime that prefers 128-bit vectors: Vector256/Vector512.IsHardwareAccelerated false, every ISA still on (on .NET 8 Vector<T> stays 32 bytes)",
            new[] { "avx2" }),
    };

    /// <summary>The table for a runtime's major version: <see cref="Net8"/> for 8 and 9, <see cref="All"/> otherwise.</summary>
    public static IReadOnlyList<CpuConfiguration> For(int runtimeMajor) => runtimeMajor is 8 or 9 ? Net8 : All;

    /// <summary>For the report: what a set of ISAs needs beyond x86-64-v3 (no configuration runs it but the host).</summary>
    public const string AboveV3 = "x86-64-v4 (AVX-512): Intel Skylake-SP/X, Ice Lake, Sapphire Rapids; AMD Zen 4 and later";

    /// <summary>The lowest-to-highest ladder the report reads to find the least a set of ISAs needs.</summary>
    public static IReadOnlyList<string> Ladder { get; } = new[] { "no-intrinsics", "x86-64-v1", "x86-64-v2", "x86-64-v3" };

    /// <summary>Every runtime switch any configuration sets: cleared from the command's environment first.</summary>
    public static IReadOnlyList<string> ManagedSwitchPrefixes { get; } = new[]
    {
        "DOTNET_Enable", "COMPlus_Enable", "DOTNET_MaxVectorTBitWidth", "DOTNET_PreferredVectorBitWidth",
        "COMPlus_MaxVectorTBitWidth", "COMPlus_PreferredVectorBitWidth",
    };

    /// <summary>The models <c>--emulate</c> runs when given no list: one per rung .NET 10 tells apart.</summary>
    public static IReadOnlyList<string> DefaultEmulatedModels { get; } = new[] { "qemu64", "Nehalem", "SandyBridge", "Haswell" };

    // What .NET 10 reports under each QEMU model on qemu-user 7.2's TCG (measured: IsSupported of every
    // class, under qemu-x86_64 -cpu MODEL; see docs/cpuid-matrix.md). TCG has no AVX-512, so the server
    // models stop at x86-64-v3. Models not listed run, with what they lack unknown to the planner.
    static readonly Dictionary<string, (string Rung, string[] Removes)> KnownModels = new(System.StringComparer.OrdinalIgnoreCase)
    {
        ["qemu64"] = ("x86-64-v1", Join(Avx512Group, AvxGroup, Sse42Group)),
        ["kvm64"] = ("x86-64-v1", Join(Avx512Group, AvxGroup, Sse42Group)),
        ["Conroe"] = ("x86-64-v1", Join(Avx512Group, AvxGroup, Sse42Group)),
        ["Penryn"] = ("x86-64-v1", Join(Avx512Group, AvxGroup, Sse42Group)),
        ["Opteron_G3"] = ("x86-64-v1", Join(Avx512Group, AvxGroup, Sse42Group)),
        ["Nehalem"] = ("x86-64-v2", Join(Avx512Group, AvxGroup, new[] { "X86.Aes*", "X86.Pclmulqdq*" })),
        ["Westmere"] = ("x86-64-v2", Join(Avx512Group, AvxGroup)),
        ["SandyBridge"] = ("x86-64-v2 + AVX", Join(Avx512Group, AvxWithoutAvx)),
        ["IvyBridge"] = ("x86-64-v2 + AVX", Join(Avx512Group, AvxWithoutAvx)),
        ["Opteron_G5"] = ("x86-64-v2 + AVX", Join(Avx512Group, AvxWithoutAvx)),
        ["Haswell"] = ("x86-64-v3", Avx512Group),
        ["Skylake-Client"] = ("x86-64-v3", Avx512Group),
        ["Skylake-Server"] = ("x86-64-v3 (TCG lacks its AVX-512)", Avx512Group),
        ["Icelake-Server"] = ("x86-64-v3 (TCG lacks its AVX-512)", Avx512Group),
        ["EPYC"] = ("x86-64-v3", Avx512Group),
    };

    /// <summary>A configuration that runs the command under <c>qemu-x86_64 -cpu <paramref name="model"/></c>.</summary>
    public static CpuConfiguration Emulated(string model, int runtimeMajor = 10)
    {
        // The rungs are what .NET 10 sees; .NET 8 tells more apart (measured: Conroe keeps SSSE3 there).
        (string Rung, string[] Removes) k = default;
        bool known = runtimeMajor >= 10 && KnownModels.TryGetValue(model, out k);
        return new CpuConfiguration(
            "qemu:" + model, new Dictionary<string, string>(), known ? k.Removes! : System.Array.Empty<string>(),
            known ? $"QEMU -cpu {model}, emulated (.NET 10 sees {k.Rung})" : $"QEMU -cpu {model}, emulated (.NET {runtimeMajor})",
            System.Array.Empty<string>(), IsX86: true, EmulatedModel: model);
    }

    public static CpuConfiguration? Find(string name)
    {
        foreach (var c in All)
            if (string.Equals(c.Name, name, System.StringComparison.OrdinalIgnoreCase)) return c;
        return null;
    }

    /// <summary>Whether a removal pattern matches an ISA name.</summary>
    public static bool Matches(string pattern, string isa) =>
        pattern.EndsWith('*')
            ? isa.StartsWith(pattern[..^1], System.StringComparison.Ordinal)
            : string.Equals(pattern, isa, System.StringComparison.Ordinal);

    /// <summary>Whether a configuration takes away the ISA (or vector width) of that name.</summary>
    public static bool Removes(CpuConfiguration configuration, string isa)
    {
        foreach (var p in configuration.Removes)
            if (Matches(p, isa)) return true;
        return false;
    }
}
