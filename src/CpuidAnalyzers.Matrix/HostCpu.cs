using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace CpuidAnalyzers.Matrix;

/// <summary>What the host CPU offers, from /proc/cpuinfo's flags (tests pass their own).</summary>
public sealed class HostCpu
{
    public HostCpu(bool isX86, IEnumerable<string> flags)
    {
        IsX86 = isX86;
        Flags = new HashSet<string>(flags, StringComparer.OrdinalIgnoreCase);
    }

    public bool IsX86 { get; }
    public IReadOnlySet<string> Flags { get; }

    /// <summary>The machine this runs on: the first "flags" line of /proc/cpuinfo (empty where there is none).</summary>
    public static HostCpu Detect()
    {
        bool x86 = RuntimeInformation.OSArchitecture == Architecture.X64;
        var flags = new List<string>();
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                int colon = line.IndexOf(':');
                if (colon > 0 && line[..colon].Trim() == "flags")
                {
                    flags.AddRange(line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
                    break;
                }
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return new HostCpu(x86, flags);
    }

    /// <summary>The first required flag the host lacks, or null when it can give the configuration.</summary>
    public string? Missing(CpuConfiguration configuration)
    {
        if (configuration.IsX86 && !IsX86) return "x86-64";
        return configuration.RequiresHostFlags.FirstOrDefault(f => !Flags.Contains(f));
    }

    /// <summary>A short description of the host's level, for the host row.</summary>
    public string Describe()
    {
        if (!IsX86) return $"this machine ({RuntimeInformation.OSArchitecture})";
        string level =
            new[] { "avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl" }.All(Flags.Contains) ? "x86-64-v4 (AVX-512)" :
            new[] { "avx2", "fma", "bmi1", "bmi2" }.All(Flags.Contains) ? "x86-64-v3" :
            new[] { "sse4_2", "popcnt" }.All(Flags.Contains) ? "x86-64-v2" :
            Flags.Contains("sse2") ? "x86-64-v1" : "unknown level (no /proc/cpuinfo flags)";
        return $"this machine: {level}";
    }
}
