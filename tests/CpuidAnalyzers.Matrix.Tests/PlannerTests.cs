using CpuidAnalyzers.Matrix;

namespace CpuidAnalyzers.Matrix.Tests;

/// <summary>Given the ISAs the code names, which configurations run, which are skipped and why.</summary>
public class PlannerTests
{
    static Dictionary<string, PlannedConfiguration> Plan(HostCpu host, params string[] isas) =>
        Planner.Plan(Configurations.All, isas, host).ToDictionary(p => p.Configuration.Name);

    static string[] Running(HostCpu host, params string[] isas) =>
        Planner.Plan(Configurations.All, isas, host).Where(p => p.Kind == PlanKind.Run).Select(p => p.Configuration.Name).ToArray();

    [Fact]
    public void Avx2_only_runs_the_host_and_the_first_configuration_without_avx2()
    {
        Assert.Equal(new[] { "host", "x86-64-v2" }, Running(TestHosts.Avx512, "X86.Avx2"));
        var plan = Plan(TestHosts.Avx512, "X86.Avx2");
        Assert.Contains("never names", plan["x86-64-v3"].Reason);
        Assert.Contains("same as x86-64-v2", plan["x86-64-v1"].Reason);
        Assert.Contains("same as x86-64-v2", plan["no-intrinsics"].Reason);
        Assert.Equal(PlanKind.Skipped, plan["vector-t-128"].Kind);
        Assert.Equal(PlanKind.Skipped, plan["prefer-128"].Kind);
    }

    [Fact]
    public void Vector512_also_runs_x86_64_v3()
    {
        Assert.Equal(new[] { "host", "x86-64-v3", "x86-64-v2" }, Running(TestHosts.Avx512, "X86.Avx2", "Vector512"));
        Assert.Contains("same as x86-64-v3", Plan(TestHosts.Avx512, "X86.Avx2", "Vector512")["prefer-128"].Reason);
    }

    [Fact]
    public void Vector256_with_Avx2_runs_prefer_128_too()
    {
        // prefer-128 turns Vector256 acceleration off with Avx2 still on: a combination no rung gives.
        Assert.Equal(new[] { "host", "x86-64-v2", "prefer-128" }, Running(TestHosts.Avx512, "X86.Avx2", "Vector256"));
    }

    [Fact]
    public void Avx512_nested_VL_class_selects_x86_64_v3()
    {
        Assert.Equal(new[] { "host", "x86-64-v3" }, Running(TestHosts.Avx512, "X86.Avx512F.VL"));
    }

    [Fact]
    public void A_ladder_of_guarded_isas_runs_every_rung()
    {
        Assert.Equal(new[] { "host", "x86-64-v3", "x86-64-v2", "x86-64-v1", "no-intrinsics" },
            Running(TestHosts.Avx512, "X86.Avx512BW", "X86.Avx2", "X86.Sse41", "X86.Sse2"));
    }

    [Fact]
    public void Sse2_only_runs_no_intrinsics_alone()
    {
        Assert.Equal(new[] { "host", "no-intrinsics" }, Running(TestHosts.Avx512, "X86.Sse2"));
    }

    [Fact]
    public void Vector_of_T_runs_the_first_configuration_that_narrows_it()
    {
        var plan = Plan(TestHosts.Avx512, "Vector<T>");
        Assert.Equal(new[] { "host", "x86-64-v2" }, Running(TestHosts.Avx512, "Vector<T>"));
        Assert.Contains("same as x86-64-v2", plan["vector-t-128"].Reason);
    }

    [Fact]
    public void Code_naming_nothing_runs_only_the_host()
    {
        Assert.Equal(new[] { "host" }, Running(TestHosts.Avx512));
        Assert.Equal(new[] { "host" }, Running(TestHosts.Avx512, "Arm.AdvSimd"));
    }

    [Fact]
    public void Avx512_on_a_host_without_it_is_not_run_and_says_why()
    {
        var plan = Plan(TestHosts.Avx2Only, "X86.Avx512F", "X86.Avx2");
        Assert.Equal(PlanKind.NotRunnable, plan["x86-64-v3"].Kind);
        Assert.Equal("host lacks avx512f", plan["x86-64-v3"].Reason);
        Assert.Equal(PlanKind.Run, plan["x86-64-v2"].Kind);
    }

    [Fact]
    public void All_runs_every_configuration_the_host_can_give()
    {
        var all = Planner.Plan(Configurations.All, null, TestHosts.Avx512);
        Assert.All(all, p => Assert.Equal(PlanKind.Run, p.Kind));
        var noAvx512 = Planner.Plan(Configurations.All, null, TestHosts.Avx2Only).ToDictionary(p => p.Configuration.Name);
        Assert.Equal(PlanKind.NotRunnable, noAvx512["x86-64-v3"].Kind);
        Assert.Equal(PlanKind.Run, noAvx512["x86-64-v2"].Kind);
    }

    [Fact]
    public void A_non_x86_host_runs_only_the_host()
    {
        var plan = Planner.Plan(Configurations.All, null, TestHosts.Arm64);
        Assert.Equal(new[] { "host" }, plan.Where(p => p.Kind == PlanKind.Run).Select(p => p.Configuration.Name));
        Assert.All(plan.Where(p => p.Configuration.Name != "host"), p => Assert.Equal("host lacks x86-64", p.Reason));
    }

    [Fact]
    public void Only_restricts_the_run()
    {
        var plan = Planner.Plan(Configurations.All, null, TestHosts.Avx512, new[] { "x86-64-v2" });
        Assert.Equal(new[] { "x86-64-v2" }, plan.Where(p => p.Kind == PlanKind.Run).Select(p => p.Configuration.Name));
    }

    [Theory]
    [InlineData(new string[0], "no-intrinsics")]
    [InlineData(new[] { "X86.Sse2", "Vector128" }, "x86-64-v1")]
    [InlineData(new[] { "X86.Sse42", "X86.Popcnt" }, "x86-64-v2")]
    [InlineData(new[] { "X86.Avx2", "X86.Fma", "Vector256" }, "x86-64-v3")]
    [InlineData(new[] { "X86.Avx2", "X86.Avx512F.VL" }, "x86-64-v4")]
    public void Lowest_level_with_every_named_isa(string[] isas, string level)
    {
        Assert.Equal(level, Planner.LowestLevel(isas).Level);
    }

    [Fact]
    public void The_table_matches_the_measured_switch_groups()
    {
        // /work/shared/README.md, .NET 10: AVX512=0 leaves Avx2; AVX=0 takes Avx2, Fma, Bmi and Lzcnt with Avx;
        // SSE42=0 takes Sse3..Popcnt but leaves Sse2, Aes and Pclmulqdq; HWIntrinsic=0 takes everything.
        var v3 = Configurations.Find("x86-64-v3")!;
        var v2 = Configurations.Find("x86-64-v2")!;
        var v1 = Configurations.Find("x86-64-v1")!;
        var none = Configurations.Find("no-intrinsics")!;
        Assert.True(Configurations.Removes(v3, "X86.Avx512Vbmi2.VL"));
        Assert.False(Configurations.Removes(v3, "X86.Avx2"));
        foreach (var isa in new[] { "X86.Avx", "X86.Avx2", "X86.Fma", "X86.Bmi1", "X86.Bmi2", "X86.Lzcnt", "X86.AvxVnni" })
            Assert.True(Configurations.Removes(v2, isa), isa);
        Assert.False(Configurations.Removes(v2, "X86.Sse42"));
        foreach (var isa in new[] { "X86.Sse3", "X86.Ssse3", "X86.Sse41", "X86.Sse42", "X86.Popcnt" })
            Assert.True(Configurations.Removes(v1, isa), isa);
        foreach (var isa in new[] { "X86.Sse2", "X86.Sse", "X86.Aes", "X86.Pclmulqdq" })
            Assert.False(Configurations.Removes(v1, isa), isa);
        Assert.True(Configurations.Removes(none, "X86.Sse2"));
        Assert.All(Configurations.All, c => Assert.False(string.IsNullOrWhiteSpace(c.CpuModels)));
    }
}
