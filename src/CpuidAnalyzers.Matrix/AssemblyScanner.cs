using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace CpuidAnalyzers.Matrix;

/// <summary>The ISA classes and vector types one assembly names.</summary>
/// <param name="Path">The assembly file.</param>
/// <param name="Name">Its simple name.</param>
/// <param name="Isas">
/// ISA names as <see cref="CpuConfiguration.Removes"/> spells them (X86.Avx2, X86.Avx512F.VL, Arm.AdvSimd,
/// Wasm.PackedSimd) and the pseudo names Vector128, Vector256, Vector512, Vector&lt;T&gt;; sorted.
/// </param>
/// <param name="TargetFramework">Its TargetFrameworkAttribute (".NETCoreApp,Version=v8.0"), or null.</param>
public sealed record AssemblyIsas(string Path, string Name, IReadOnlyList<string> Isas, string? TargetFramework = null)
{
    /// <summary>The .NET major version it targets (8 for ".NETCoreApp,Version=v8.0"), or null when it says none or is not .NETCoreApp.</summary>
    public int? RuntimeMajor
    {
        get
        {
            const string prefix = ".NETCoreApp,Version=v";
            if (TargetFramework is null || !TargetFramework.StartsWith(prefix, StringComparison.Ordinal)) return null;
            var version = TargetFramework[prefix.Length..].Split(',')[0];
            return Version.TryParse(version, out var v) ? v.Major : null;
        }
    }
}

/// <summary>
/// Reads built assemblies' metadata (System.Reflection.Metadata, no loading): which
/// System.Runtime.Intrinsics classes their TypeReferences name.
/// </summary>
public static class AssemblyScanner
{
    /// <summary>Files and folders (searched recursively for *.dll and *.exe) into assembly files.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
            {
                foreach (var f in Directory.EnumerateFiles(p, "*.*", SearchOption.AllDirectories))
                    if (f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
                        files.Add(System.IO.Path.GetFullPath(f));
            }
            else if (File.Exists(p))
                files.Add(System.IO.Path.GetFullPath(p));
            else
                throw new FileNotFoundException($"no such file or folder: {p}", p);
        }
        return files.ToList();
    }

    /// <summary>
    /// Every file that is a managed assembly, with what it names. Files that are not (native
    /// libraries, apphosts) are left out; so are the same assembly found twice (by MVID).
    /// </summary>
    public static IReadOnlyList<AssemblyIsas> Scan(IEnumerable<string> files)
    {
        var result = new List<AssemblyIsas>();
        var seen = new HashSet<Guid>();
        foreach (var file in files)
        {
            var read = TryRead(file, out var mvid);
            if (read is not null && seen.Add(mvid)) result.Add(read);
        }
        return result;
    }

    public static AssemblyIsas? TryRead(string file) => TryRead(file, out _);

    static AssemblyIsas? TryRead(string file, out Guid mvid)
    {
        mvid = Guid.Empty;
        try
        {
            using var stream = File.OpenRead(file);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) return null;
            var md = pe.GetMetadataReader();
            if (!md.IsAssembly) return null;
            mvid = md.GetGuid(md.GetModuleDefinition().Mvid);
            var isas = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var handle in md.TypeReferences)
            {
                var name = IsaOf(md, md.GetTypeReference(handle));
                if (name is not null) isas.Add(name);
            }
            return new AssemblyIsas(file, md.GetString(md.GetAssemblyDefinition().Name), isas.ToList(), TargetFrameworkOf(md));
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }

    /// <summary>The string argument of the assembly's System.Runtime.Versioning.TargetFrameworkAttribute, or null.</summary>
    static string? TargetFrameworkOf(MetadataReader md)
    {
        foreach (var handle in md.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = md.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
            var ctor = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (ctor.Parent.Kind != HandleKind.TypeReference) continue;
            var type = md.GetTypeReference((TypeReferenceHandle)ctor.Parent);
            if (md.GetString(type.Name) != "TargetFrameworkAttribute" || md.GetString(type.Namespace) != "System.Runtime.Versioning") continue;
            var blob = md.GetBlobReader(attribute.Value);
            if (blob.Length < 3 || blob.ReadUInt16() != 1) return null; // the custom attribute prolog
            return blob.ReadSerializedString();
        }
        return null;
    }

    /// <summary>The ISA (or pseudo vector) name of a type reference, or null when it names none.</summary>
    static string? IsaOf(MetadataReader md, TypeReference type)
    {
        // Walk nested references outwards: Avx512F.VL.X64 -> [X64, VL, Avx512F], namespace from the outermost.
        var names = new List<string> { md.GetString(type.Name) };
        var current = type;
        while (current.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            current = md.GetTypeReference((TypeReferenceHandle)current.ResolutionScope);
            names.Insert(0, md.GetString(current.Name));
        }
        string ns = md.GetString(current.Namespace);
        string outer = StripArity(names[0]);
        switch (ns)
        {
            case "System.Numerics":
                return outer == "Vector" && names.Count == 1 ? "Vector<T>" : null;
            case "System.Runtime.Intrinsics":
                return names.Count == 1 && outer is "Vector128" or "Vector256" or "Vector512" ? outer : null;
            case "System.Runtime.Intrinsics.X86":
                return Join("X86", names);
            case "System.Runtime.Intrinsics.Arm":
                return Join("Arm", names);
            case "System.Runtime.Intrinsics.Wasm":
                return Join("Wasm", names);
            default:
                return null;
        }
    }

    static string Join(string family, List<string> names)
    {
        // X64 (and Arm64) nested classes are the same ISA in 64-bit mode: keep the parent.
        var parts = names.Select(StripArity).Where(n => n is not "X64" and not "Arm64").ToList();
        return family + "." + string.Join(".", parts);
    }

    static string StripArity(string name)
    {
        int tick = name.IndexOf('`');
        return tick < 0 ? name : name[..tick];
    }
}
