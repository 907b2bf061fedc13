using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace CpuidAnalyzers.Isa;

/// <summary>
/// An assumed ISA baseline: the classes a deployment guarantees, from a level name (x86-64-v3,
/// armv8.1-a…), the runtime's instruction-set names (avx2, bmi, sse4.1…) or ISA class names.
/// </summary>
/// <remarks>
/// Levels and names follow the runtime's own definitions, as NativeAOT's &lt;IlcInstructionSet&gt; reads
/// them: dotnet/runtime src/coreclr/tools/Common/JitInterface/ThunkGenerator/InstructionSetDesc.txt
/// ("instructionsetgroup" lines for the levels, the last column of "instructionset" lines for the
/// names). The psABI spellings x86-64-v1..v4 are accepted for the runtime's x86-x64, x86-x64-v2..v4.
/// </remarks>
internal static class IsaBaseline
{
    public enum Family
    {
        X86,
        Arm,
    }

    /// <summary>Runtime instruction-set name → ISA class (namespace-relative, '+' for nested).</summary>
    private static readonly ImmutableDictionary<string, (Family Family, string Class)> Names = new Dictionary<string, (Family, string)>
    {
        ["base"] = (Family.X86, "X86Base"),
        ["vpclmul"] = (Family.X86, "Pclmulqdq+V256"),
        ["vpclmul_v512"] = (Family.X86, "Pclmulqdq+V512"),
        ["gfni"] = (Family.X86, "Gfni"),
        ["avx512vbmi2"] = (Family.X86, "Avx512Vbmi2"),
        ["avx10v1"] = (Family.X86, "Avx10v1"),
        ["avx10v1_v512"] = (Family.X86, "Avx10v1+V512"),
        ["avx10v2"] = (Family.X86, "Avx10v2"),
        ["sse"] = (Family.X86, "Sse"),
        ["sse2"] = (Family.X86, "Sse2"),
        ["sse3"] = (Family.X86, "Sse3"),
        ["ssse3"] = (Family.X86, "Ssse3"),
        ["sse4.1"] = (Family.X86, "Sse41"),
        ["sse4.2"] = (Family.X86, "Sse42"),
        ["popcnt"] = (Family.X86, "Popcnt"),
        ["avx"] = (Family.X86, "Avx"),
        ["avx2"] = (Family.X86, "Avx2"),
        ["aes"] = (Family.X86, "Aes"),
        ["bmi"] = (Family.X86, "Bmi1"),
        ["bmi2"] = (Family.X86, "Bmi2"),
        ["fma"] = (Family.X86, "Fma"),
        ["lzcnt"] = (Family.X86, "Lzcnt"),
        ["pclmul"] = (Family.X86, "Pclmulqdq"),
        ["avxvnni"] = (Family.X86, "AvxVnni"),
        ["serialize"] = (Family.X86, "X86Serialize"),
        ["avx512f"] = (Family.X86, "Avx512F"),
        ["avx512f_vl"] = (Family.X86, "Avx512F+VL"),
        ["avx512bw"] = (Family.X86, "Avx512BW"),
        ["avx512bw_vl"] = (Family.X86, "Avx512BW+VL"),
        ["avx512cd"] = (Family.X86, "Avx512CD"),
        ["avx512cd_vl"] = (Family.X86, "Avx512CD+VL"),
        ["avx512dq"] = (Family.X86, "Avx512DQ"),
        ["avx512dq_vl"] = (Family.X86, "Avx512DQ+VL"),
        ["avx512vbmi"] = (Family.X86, "Avx512Vbmi"),
        ["avx512vbmi_vl"] = (Family.X86, "Avx512Vbmi+VL"),
        ["neon"] = (Family.Arm, "AdvSimd"),
        ["crc"] = (Family.Arm, "Crc32"),
        ["rdma"] = (Family.Arm, "Rdm"),
        ["dotprod"] = (Family.Arm, "Dp"),
        ["sha1"] = (Family.Arm, "Sha1"),
        ["sha2"] = (Family.Arm, "Sha256"),
        ["sve"] = (Family.Arm, "Sve"),
    }.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Names the runtime accepts that no public ISA class stands for (movbe, lse, rcpc…): known, but add nothing.</summary>
    private static readonly ImmutableHashSet<string> NoClass = ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase,
        "movbe", "lse", "rcpc", "rcpc2", "evex", "apx", "vectort128", "vectort256", "vectort512");

    /// <summary>Names both families use ("aes" is an x86 and an Arm64 instruction set).</summary>
    private static readonly ImmutableDictionary<string, (Family Family, string Class)> ArmAlso = new Dictionary<string, (Family, string)>
    {
        ["aes"] = (Family.Arm, "Aes"),
        ["base"] = (Family.Arm, "ArmBase"),
    }.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The levels, each with what it adds to the lower ones ("instructionsetgroup").</summary>
    private static readonly ImmutableDictionary<string, (Family Family, string[] Includes)> Levels = new Dictionary<string, (Family, string[])>
    {
        ["x86-x64"] = (Family.X86, new[] { "base", "sse", "sse2" }),
        ["x86-x64-v2"] = (Family.X86, new[] { "x86-x64", "sse3", "ssse3", "sse4.1", "sse4.2", "popcnt" }),
        ["x86-x64-v3"] = (Family.X86, new[] { "x86-x64-v2", "avx", "avx2", "bmi", "bmi2", "lzcnt", "movbe", "fma" }),
        ["skylake"] = (Family.X86, new[] { "x86-x64-v3" }),
        ["x86-x64-v4"] = (Family.X86, new[] { "x86-x64-v3", "avx512f", "avx512f_vl", "avx512bw", "avx512bw_vl", "avx512cd", "avx512cd_vl", "avx512dq",
            "avx512dq_vl" }),
        ["x86-64-v1"] = (Family.X86, new[] { "x86-x64" }),
        ["x86-64-v2"] = (Family.X86, new[] { "x86-x64-v2" }),
        ["x86-64-v3"] = (Family.X86, new[] { "x86-x64-v3" }),
        ["x86-64-v4"] = (Family.X86, new[] { "x86-x64-v4" }),
        ["armv8-a"] = (Family.Arm, new[] { "neon" }),
        ["armv8.1-a"] = (Family.Arm, new[] { "armv8-a", "lse", "crc", "rdma" }),
        ["armv8.2-a"] = (Family.Arm, new[] { "armv8.1-a" }),
        ["armv8.3-a"] = (Family.Arm, new[] { "armv8.2-a", "rcpc" }),
        ["armv8.4-a"] = (Family.Arm, new[] { "armv8.3-a", "dotprod", "rcpc2" }),
        ["armv8.5-a"] = (Family.Arm, new[] { "armv8.4-a" }),
        ["armv8.6-a"] = (Family.Arm, new[] { "armv8.5-a" }),
        ["apple-m1"] = (Family.Arm, new[] { "armv8.5-a" }),
    }.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase);

    public const string AcceptedValues =
        "x86-64-v1..v4 (or x86-x64, x86-x64-v2..v4, skylake), armv8-a..armv8.6-a, apple-m1, the runtime's names (avx2, bmi, bmi2, fma, lzcnt, popcnt, " +
            "sse4.1, sse4.2, neon, crc, dotprod…), or ISA class names (Avx2, Sse41, AdvSimd…), separated by commas or spaces";

    /// <summary>Items of a value spelled like ISA class names (Avx2, Sse41.X64), to check against the compilation's classes.</summary>
    public static IEnumerable<string> ClassNameItems(string value) =>
        value.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries).Select(i => i.Trim())
            .Where(i => !Levels.ContainsKey(i) && !Names.ContainsKey(i) && !NoClass.Contains(i) && i.Length > 0 && char.IsUpper(i[0]));

    /// <summary>The class names (namespace-relative) a value guarantees; unknown items are returned separately.</summary>
    public static (ImmutableArray<(Family Family, string Class)> Classes, ImmutableArray<string> Unknown) Parse(string value)
    {
        var classes = ImmutableArray.CreateBuilder<(Family, string)>();
        var unknown = ImmutableArray.CreateBuilder<string>();
        foreach (var item in value.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries))
            if (!Expand(item.Trim(), classes, depth: 0)) unknown.Add(item.Trim());
        return (classes.ToImmutable(), unknown.ToImmutable());
    }

    /// <summary>The atoms a parsed baseline guarantees on a process of the given family and bitness, closed under implication.</summary>
    public static AtomSet Atoms(IEnumerable<(Family Family, string Class)> classes, Family target, bool is64Bit, IsaModel model)
    {
        var atoms = AtomSet.Empty;
        foreach (var (family, name) in classes)
        {
            // A 32-bit process has no X64/Arm64 parts, whatever the setting names.
            if (family != target || !is64Bit && (name.EndsWith("+X64", StringComparison.OrdinalIgnoreCase)
                || name.EndsWith("+Arm64", StringComparison.OrdinalIgnoreCase)))
                continue;
            foreach (var atom in model.FindByRelativeName(family == Family.X86 ? "X86" : "Arm", name))
            {
                atoms = atoms.Union(model.WhenTrue(atom));
                // On a 64-bit process the class's X64/Arm64 part comes with it.
                if (is64Bit && model.FindNested(atom, family == Family.X86 ? "X64" : "Arm64") is int nested)
                    atoms = atoms.Union(model.WhenTrue(nested));
            }
        }
        return atoms;
    }

    private static bool Expand(string item, ImmutableArray<(Family, string)>.Builder classes, int depth)
    {
        if (depth > 8) return false;
        if (Levels.TryGetValue(item, out var level))
        {
            foreach (var included in level.Includes) Expand(included, classes, depth + 1);
            return true;
        }
        if (Names.TryGetValue(item, out var named))
        {
            classes.Add(named);
            if (ArmAlso.TryGetValue(item, out var arm)) classes.Add(arm);
            return true;
        }
        if (NoClass.Contains(item)) return true;
        // An ISA class name: Avx2, Sse41.X64, AdvSimd.Arm64 (the family is resolved against the model later).
        if (item.Length > 0 && char.IsUpper(item[0]) && item.All(c => char.IsLetterOrDigit(c) || c == '.'))
        {
            classes.Add((Family.X86, item.Replace('.', '+')));
            classes.Add((Family.Arm, item.Replace('.', '+')));
            return true;
        }
        return false;
    }
}
