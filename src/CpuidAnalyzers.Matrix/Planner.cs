using System;
using System.Collections.Generic;
using System.Linq;

namespace CpuidAnalyzers.Matrix;

public enum PlanKind
{
    /// <summary>To run.</summary>
    Run,
    /// <summary>Left out: for this code it changes nothing, or the same as a configuration already run.</summary>
    Skipped,
    /// <summary>The host cannot give it (lacks a flag it needs).</summary>
    NotRunnable,
}

/// <summary>What the matrix does with one configuration, and why.</summary>
public sealed record PlannedConfiguration(CpuConfiguration Configuration, PlanKind Kind, string Reason);

/// <summary>Chooses the configurations that change something for the code.</summary>
public static class Planner
{
    /// <summary>
    /// Plans every configuration. With <paramref name="referencedIsas"/> null (no --assemblies, or --all)
    /// every configuration the host can give runs. Otherwise a configuration runs only when what it takes
    /// away, restricted to what the code names, differs from that of every configuration chosen before it
    /// (the host, which takes nothing away, first): the rest only take away ISAs the code never names.
    /// </summary>
    public static IReadOnlyList<PlannedConfiguration> Plan(
        IReadOnlyList<CpuConfiguration> configurations,
        IReadOnlyCollection<string>? referencedIsas,
        HostCpu host,
        IReadOnlyCollection<string>? only = null)
    {
        var plan = new List<PlannedConfiguration>();
        // The effect of each chosen configuration on the code: what it removes of what the code names.
        var chosen = new List<(CpuConfiguration Configuration, string Key)>();
        foreach (var c in configurations)
        {
            if (only is not null && !only.Contains(c.Name, StringComparer.OrdinalIgnoreCase))
            {
                plan.Add(new(c, PlanKind.Skipped, "not asked for (--only)"));
                continue;
            }
            if (referencedIsas is not null)
            {
                var hit = referencedIsas.Where(i => Configurations.Removes(c, i)).OrderBy(i => i, StringComparer.Ordinal).ToList();
                string key = string.Join(",", hit);
                var same = chosen.FirstOrDefault(x => x.Key == key);
                if (same.Configuration is not null)
                {
                    string removes = c.Removes.Count == 0 ? "nothing" : string.Join(", ", c.Removes.Select(Pretty));
                    plan.Add(new(c, PlanKind.Skipped, hit.Count == 0
                        ? $"removes only ISAs the code never names ({removes})"
                        : $"same as {same.Configuration.Name} for this code (both remove {string.Join(", ", hit.Select(Pretty))}; the rest is never named)"));
                    continue;
                }
                var missing = host.Missing(c);
                if (missing is not null)
                {
                    plan.Add(new(c, PlanKind.NotRunnable, $"host lacks {missing}"));
                    continue;
                }
                chosen.Add((c, key));
                plan.Add(new(c, PlanKind.Run, hit.Count == 0 ? "baseline" : "removes " + string.Join(", ", hit.Select(Pretty))));
            }
            else
            {
                var missing = host.Missing(c);
                plan.Add(missing is null
                    ? new(c, PlanKind.Run, c.Removes.Count == 0 ? "baseline" : "every configuration runs")
                    : new(c, PlanKind.NotRunnable, $"host lacks {missing}"));
            }
        }
        return plan;
    }

    /// <summary>ISA names for people: "Avx2", "Avx512F.VL", "Arm.AdvSimd"; X86 is the default family.</summary>
    public static string Pretty(string isa) => isa == "X86.*" ? "every x86 ISA" : isa.StartsWith("X86.", StringComparison.Ordinal) ? isa[4..] : isa;

    /// <summary>
    /// The lowest rung of the x86-64 ladder on which everything the code names is available, with the
    /// CPU models it stands for (x86-64-v4 when even x86-64-v3 lacks something).
    /// </summary>
    public static (string Level, string CpuModels, IReadOnlyList<string> Blocking) LowestLevel(IReadOnlyCollection<string> isas)
    {
        var x86 = isas.Where(i => i.StartsWith("X86.", StringComparison.Ordinal) || i.StartsWith("Vector", StringComparison.Ordinal)).ToList();
        foreach (var name in Configurations.Ladder)
        {
            var c = Configurations.Find(name)!;
            if (!x86.Any(i => Configurations.Removes(c, i)))
                return (c.Name, c.CpuModels, Array.Empty<string>());
        }
        var v3 = Configurations.Find("x86-64-v3")!;
        return ("x86-64-v4", Configurations.AboveV3, x86.Where(i => Configurations.Removes(v3, i)).ToList());
    }
}
