using System.Collections.Immutable;

namespace CpuidAnalyzers.CodeFixes.Common;

/// <summary>The rule IDs the fixes handle (the analyzers' own constants, in one place).</summary>
internal static class RuleIds
{
    public const string Unguarded = Rules.IsaUse.CPUID001UnguardedIsaUseAnalyzer.Id;
    public const string WrongGuard = Rules.IsaUse.CPUID002WrongGuardAnalyzer.Id;
    public const string AlwaysFails = Rules.IsaUse.CPUID003AlwaysFailingIsaUseAnalyzer.Id;
    public const string ArchitectureCheck = Rules.IsaUse.CPUID004ArchitectureCheckAsIsaGuardAnalyzer.Id;
    public const string RawCpuid = Rules.Probes.CPUID005RawCpuidFeatureCheckAnalyzer.Id;
    public const string ExceptionProbe = Rules.Probes.CPUID006ExceptionProbeAnalyzer.Id;
    public const string AccelerationCheck = Rules.IsaUse.CPUID007HardwareAcceleratedAsIsaGuardAnalyzer.Id;
    public const string UnguardedContractCall = Rules.Contracts.CPUID008UnguardedContractCallAnalyzer.Id;

    /// <summary>Rules whose use lacks the right check, which a guard or a caller's requirement supplies.</summary>
    public static readonly ImmutableHashSet<string> MissingCheck = ImmutableHashSet.Create(
        Unguarded, WrongGuard, ArchitectureCheck, RawCpuid, AccelerationCheck, UnguardedContractCall);

    /// <summary>Rules whose use sits behind a condition that tests the wrong thing: the fix edits that condition.</summary>
    public static bool HasWrongCondition(string id) => id is WrongGuard or ArchitectureCheck or RawCpuid or AccelerationCheck;
}
