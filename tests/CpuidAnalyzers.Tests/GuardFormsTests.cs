using CpuidAnalyzers.Tests.Verifiers;
using VerifyCS = CpuidAnalyzers.Tests.Verifiers.AllRulesVerifier;

namespace CpuidAnalyzers.Tests;

/// <summary>
/// Guard forms real code uses beyond the plain ones (issue 20, part 4), each shown guarded (silent) and
/// broken (flagged): tuple patterns over checks, partial members, capability values, and a check passed
/// to a private helper. CPUID001 is the probe.
/// </summary>
public class GuardFormsTests
{
    private static Task Verify(string source) => VerifyCS.VerifyAsync(source);

    // 1. Tuple patterns over checks.

    [Fact]
    public Task TuplePattern_AllTrue_GuardsBoth() => Verify(Snippet.Method("""
        if ((Avx2.IsSupported, Bmi2.IsSupported) is (true, true))
        {
            uint x = Bmi2.ParallelBitDeposit(1u, 2u);
            return Avx2.Add(a, b);
        }
        return a;
        """));

    [Fact]
    public Task TuplePattern_Discard_GuardsOnlyTheCheckedElement() => Verify(Snippet.Method("""
        if ((Avx2.IsSupported, Bmi2.IsSupported) is (true, _))
        {
            uint x = {|CPUID002:Bmi2.ParallelBitDeposit|}(1u, 2u);
            return Avx2.Add(a, b);
        }
        return a;
        """));

    [Fact]
    public Task TuplePattern_FalseElement_IsKnownFalse() => Verify(Snippet.Method("""
        if ((Avx2.IsSupported, Bmi2.IsSupported) is (false, true))
        {
            uint x = Bmi2.ParallelBitDeposit(1u, 2u);
            return {|CPUID003:Avx2.Add|}(a, b);
        }
        return a;
        """));

    [Fact]
    public Task TuplePattern_OrOfTuples_GuardsWhatBothSidesShare() => Verify(Snippet.Method("""
        if (flag)
        {
            if ((Avx2.IsSupported, Bmi2.IsSupported) is (true, true) or (true, false))
                return Avx2.Add(a, b);
        }
        else if ((Avx2.IsSupported, Bmi2.IsSupported) is (true, true) or (false, true))
            return {|CPUID002:Avx2.Add|}(a, b);
        return a;
        """));

    [Fact]
    public Task TuplePattern_NegatedOrOtherElement_DoesNotGuard() => Verify(Snippet.Method("""
        if ((Avx2.IsSupported, flag) is (_, true))
            return {|CPUID001:Avx2.Add|}(a, b);
        if ((Avx2.IsSupported, Bmi2.IsSupported) is not (true, true))
            return {|CPUID001:Avx2.Add|}(a, b);
        return a;
        """));

    [Fact]
    public Task TuplePattern_WithUnknownElement_StillGuardsTheCheck() => Verify(Snippet.Method("""
        if ((Avx2.IsSupported, flag) is (true, true))
            return Avx2.Add(a, b);
        return a;
        """));

    // 2. Partial members.

    private static Task VerifyWithContracts(string source) => new AllRulesVerifier.Test
    {
        TestState = { Sources = { source, Contracts.AttributeSource } },
    }.RunAsync();

    [Fact]
    public Task PartialMethod_RequirementOnDefinition_ReadsTheImplementationsBody() => VerifyWithContracts(Snippet.Usings + """
        using CpuidAnalyzers;

        static partial class C
        {
            [RequiresIsa(typeof(Avx2))]
            private static partial Vector256<int> Add(Vector256<int> a, Vector256<int> b);

            private static partial Vector256<int> Add(Vector256<int> a, Vector256<int> b) => Avx2.Add(a, b);

            static Vector256<int> M(Vector256<int> a, Vector256<int> b) => Avx2.IsSupported ? Add(a, b) : a + b;
        }
        """);

    [Fact]
    public Task PartialMethod_RequirementOnDefinition_ImplementationNotUsingIt_IsFlagged() => VerifyWithContracts(Snippet.Usings + """
        using CpuidAnalyzers;

        static partial class C
        {
            [{|CPUID009:RequiresIsa(typeof(Avx2))|}]
            private static partial Vector256<int> Add(Vector256<int> a, Vector256<int> b);

            private static partial Vector256<int> Add(Vector256<int> a, Vector256<int> b) => a + b;

            static Vector256<int> M(Vector256<int> a, Vector256<int> b) => Avx2.IsSupported ? Add(a, b) : a + b;
        }
        """);

    [Fact]
    public Task PartialMethod_RequirementOnDefinition_StillRequiredOfCallers() => VerifyWithContracts(Snippet.Usings + """
        using CpuidAnalyzers;

        static partial class C
        {
            [RequiresIsa(typeof(Avx2))]
            private static partial Vector256<int> Add(Vector256<int> a, Vector256<int> b);

            private static partial Vector256<int> Add(Vector256<int> a, Vector256<int> b) => Avx2.Add(a, b);

            static Vector256<int> M(Vector256<int> a, Vector256<int> b) => {|CPUID008:Add|}(a, b);
        }
        """);
}
