using System.Collections.Immutable;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;

namespace CpuidAnalyzers.Analysis;

/// <summary>What the guard analysis concluded about one use; each rule reports the verdicts it owns.</summary>
internal enum IsaUseVerdict
{
    /// <summary>No path reaches the use without a check that implies its ISA class.</summary>
    Guarded,

    /// <summary>Some path reaches it with nothing known about the class.</summary>
    Unguarded,

    /// <summary>Every path that lacks the class passed some other ISA check: the wrong guard.</summary>
    WrongGuard,

    /// <summary>Every path to it knows the class is NOT supported.</summary>
    AlwaysFails,

    /// <summary>Some path is guarded only by an architecture or pointer-size check.</summary>
    ArchitectureOnly,

    /// <summary>Some path is guarded only by raw CPUID bits.</summary>
    RawCpuid,

    /// <summary>Unguarded, inside a try whose catch swallows PlatformNotSupportedException: a probe.</summary>
    CatchProbe,

    /// <summary>Some path is guarded only by <c>VectorNNN.IsHardwareAccelerated</c>.</summary>
    AccelerationOnly,
}

/// <summary>One use of an ISA class member with the verdict and the words a message needs.</summary>
internal sealed class IsaUseFinding
{
    /// <summary>The requirement in words (<c>Sse41.X64</c>), for readers of the diagnostic other than the fixes.</summary>
    public const string IsaDisplayProperty = "IsaDisplay";

    public IsaUseFinding(Location location, string member, IsaRequirement requirement, bool isContract, string noun, IsaUseVerdict verdict, string guard)
    {
        Location = location;
        Member = member;
        Isa = requirement.Display;
        Check = requirement.Check;
        IsContract = isContract;
        Origin = !isContract ? string.Empty : requirement.Reason is { } reason ? " (inferred: " + reason + ")" : " (its ISA contract)";
        Noun = noun;
        Verdict = verdict;
        Guard = guard;
        Properties = ImmutableDictionary<string, string?>.Empty
            .Add(IsaRequirement.PropertyName, requirement.PropertyValue)
            .Add(IsaDisplayProperty, requirement.Display);
    }

    /// <summary>The condition that makes the use safe: <c>Avx2.IsSupported &amp;&amp; Bmi2.IsSupported</c>.</summary>
    public string Check { get; }

    /// <summary>
    /// For a member's requirement, where it comes from: " (its ISA contract)" or " (inferred: it uses Ssse3.Abs
    /// at line 86)"; empty for an ISA class member. Messages place it right after what is required.
    /// </summary>
    public string Origin { get; }

    /// <summary>A call to a member with an ISA contract (CPUID008 when unguarded), not to an ISA class.</summary>
    public bool IsContract { get; }

    public Location Location { get; }

    /// <summary><c>Avx2.Add</c>.</summary>
    public string Member { get; }

    /// <summary><c>Avx2</c>, <c>Sse41.X64</c>, <c>Avx2 and Bmi2</c>, <c>Sse2 or PackedSimd</c>.</summary>
    public string Isa { get; }

    /// <summary>"call", "method group" or "reference".</summary>
    public string Noun { get; }

    public IsaUseVerdict Verdict { get; }

    /// <summary>
    /// The check that does hold there: <c>Avx.IsSupported</c> (WrongGuard), the refuted one (AlwaysFails), the
    /// architecture or acceleration condition, or the caught exception type (CatchProbe).
    /// </summary>
    public string Guard { get; }

    /// <summary>Carried on the diagnostic: the requirement for the code fixes (<see cref="IsaRequirement.ReadProperty"/>) and in words.</summary>
    public ImmutableDictionary<string, string?> Properties { get; private set; }

    /// <summary>The wrong guard's condition, for the fixes (<see cref="WrongGuardConditions.Read"/>); none when not found.</summary>
    public Location? GuardLocation { get; private set; }

    /// <summary>This finding with the wrong guard <see cref="WrongGuardConditions.Find"/> found for it, if any.</summary>
    public IsaUseFinding WithGuard(GuardCondition? guard)
    {
        if (guard is not { } condition) return this;
        GuardLocation = condition.Expression.GetLocation();
        Properties = Properties.SetItem(WrongGuardConditions.GuardsWhenTrueProperty, condition.GuardsWhenTrue ? "true" : "false");
        return this;
    }

    /// <summary>The diagnostic of <paramref name="rule"/> at this use, with the message arguments every ISA-use rule takes.</summary>
    public Diagnostic ToDiagnostic(DiagnosticDescriptor rule) =>
        Diagnostic.Create(rule, Location, GuardLocation is null ? null : new[] { GuardLocation }, Properties, Member, Isa, Noun, Guard, Check, Origin);
}
