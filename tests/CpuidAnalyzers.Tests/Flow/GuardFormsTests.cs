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
    public Task TuplePattern_AllTrue_GuardsBoth() => Verify(Snippet.Method(/* lang=c#-test */ """
        if ((Avx2.IsSupported, Bmi2.IsSupported) is (true, true))
        {
            uint x = Bmi2.ParallelBitDeposit(1u, 2u);
            return Avx2.Add(a, b);
        }
        return a;
        """));

    [Fact]
    public Task TuplePattern_Discard_GuardsOnlyTheCheckedElement() => Verify(Snippet.Method(/* lang=c#-test */ """
        if ((Avx2.IsSupported, Bmi2.IsSupported) is (true, _))
        {
            uint x = {|CPUID002:Bmi2.ParallelBitDeposit|}(1u, 2u);
            return Avx2.Add(a, b);
        }
        return a;
        """));

    [Fact]
    public Task TuplePattern_FalseElement_IsKnownFalse() => Verify(Snippet.Method(/* lang=c#-test */ """
        if ((Avx2.IsSupported, Bmi2.IsSupported) is (false, true))
        {
            uint x = Bmi2.ParallelBitDeposit(1u, 2u);
            return {|CPUID003:Avx2.Add|}(a, b);
        }
        return a;
        """));

    [Fact]
    public Task TuplePattern_OrOfTuples_GuardsWhatBothSidesShare() => Verify(Snippet.Method(/* lang=c#-test */ """
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
    public Task TuplePattern_NegatedOrOtherElement_DoesNotGuard() => Verify(Snippet.Method(/* lang=c#-test */ """
        if ((Avx2.IsSupported, flag) is (_, true))
            return {|CPUID001:Avx2.Add|}(a, b);
        if ((Avx2.IsSupported, Bmi2.IsSupported) is not (true, true))
            return {|CPUID001:Avx2.Add|}(a, b);
        return a;
        """));

    [Fact]
    public Task TuplePattern_WithUnknownElement_StillGuardsTheCheck() => Verify(Snippet.Method(/* lang=c#-test */ """
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
    public Task PartialMethod_RequirementOnDefinition_ReadsTheImplementationsBody() => VerifyWithContracts(Snippet.Usings + /* lang=c#-test */ """
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
    public Task PartialMethod_RequirementOnDefinition_ImplementationNotUsingIt_IsFlagged() => VerifyWithContracts(Snippet.Usings + /* lang=c#-test */ """
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
    public Task PartialMethod_RequirementOnDefinition_StillRequiredOfCallers() => VerifyWithContracts(Snippet.Usings + /* lang=c#-test */ """
        using CpuidAnalyzers;

        static partial class C
        {
            [RequiresIsa(typeof(Avx2))]
            private static partial Vector256<int> Add(Vector256<int> a, Vector256<int> b);

            private static partial Vector256<int> Add(Vector256<int> a, Vector256<int> b) => Avx2.Add(a, b);

            static Vector256<int> M(Vector256<int> a, Vector256<int> b) => {|CPUID008:Add|}(a, b);
        }
        """);

    [Fact]
    public Task PartialMethodGuard_BodyInTheImplementingPart_IsReadAsAGuard() => Verify(Snippet.Usings + /* lang=c#-test */ """
        static partial class C
        {
            private static partial bool CanUseAvx2();

            private static partial bool CanUseAvx2() => Avx2.IsSupported;

            static Vector256<int> M(Vector256<int> a, Vector256<int> b) => CanUseAvx2() ? Avx2.Add(a, b) : a + b;
        }
        """);

    [Fact]
    public Task PartialMethodGuard_ThatChecksTheWrongClass_IsFlagged() => Verify(Snippet.Usings + /* lang=c#-test */ """
        static partial class C
        {
            private static partial bool CanUseAvx2();

            private static partial bool CanUseAvx2() => Avx.IsSupported;

            static Vector256<int> M(Vector256<int> a, Vector256<int> b) => CanUseAvx2() ? {|CPUID002:Avx2.Add|}(a, b) : a + b;
        }
        """);

    // 3. A capabilities value in a static readonly field.

    private static string Caps(string caps, string field, string body) => Snippet.Members(/* lang=c#-test */ $$"""
        {{field}}

        static Vector256<int> M(Vector256<int> a, Vector256<int> b)
        {
        {{body.Replace("\n", "\n    ")}}
        }
        """) + "\n\n" + caps + "\n";

    [Theory]
    [InlineData("record Caps(bool HasSse41, bool HasAvx2);")]
    [InlineData("record struct Caps(bool HasSse41, bool HasAvx2);")]
    [InlineData("readonly record struct Caps(bool HasSse41, bool HasAvx2);")]
    [InlineData("struct Caps { public Caps(bool sse41, bool avx2) { HasSse41 = sse41; HasAvx2 = avx2; } public bool HasSse41 { get; } public bool HasAvx2 { " +
        "get; } }")]
    [InlineData("struct Caps { public Caps(bool sse41, bool avx2) { HasSse41 = sse41; HasAvx2 = avx2; } public bool HasSse41 { get; set; } public bool " +
        "HasAvx2 { get; set; } }")]
    public Task CapabilitiesValue_MemberAccessAndPropertyPattern(string caps) => Verify(Caps(caps, "static readonly Caps s_caps = new(Sse41.IsSupported, Avx2.IsSupported);", /* lang=c#-test */ """
        if (s_caps is { HasSse41: true }) a = Vector256.Create(Sse41.Min(a.GetLower(), b.GetLower()), {|CPUID002:Avx2.Add|}(a, b).GetUpper());
        if (s_caps is { HasSse41: true, HasAvx2: true }) a = Vector256.Create(Sse41.Min(a.GetLower(), b.GetLower()), Avx2.Add(a, b).GetUpper());
        if (s_caps is not { HasAvx2: false }) a = Avx2.Add(a, b);
        if (s_caps.HasAvx2) return Avx2.Add(a, b);
        return a;
        """));

    [Theory]
    // Not readonly: anyone may replace it.
    [InlineData("record Caps(bool HasSse41, bool HasAvx2);", "static Caps s_caps = new(Sse41.IsSupported, Avx2.IsSupported);")]
    // A class whose property has a setter: its instance can change through the field.
    [InlineData("class Caps { public Caps(bool sse41, bool avx2) { HasSse41 = sse41; HasAvx2 = avx2; } public bool HasSse41 { get; set; } public bool " +
        "HasAvx2 { get; set; } }", "static readonly Caps s_caps = new(Sse41.IsSupported, Avx2.IsSupported);")]
    // A second assignment, in the static constructor.
    [InlineData("record Caps(bool HasSse41, bool HasAvx2);",
        "static readonly Caps s_caps = new(Sse41.IsSupported, Avx2.IsSupported); static C() { s_caps = new(true, true); }")]
    // An object initializer overrides what the constructor set.
    [InlineData("record Caps(bool HasSse41, bool HasAvx2);", "static readonly Caps s_caps = new(Sse41.IsSupported, Avx2.IsSupported) { HasAvx2 = true };")]
    // The constructor does more than copy its parameters.
    [InlineData("struct Caps { public Caps(bool sse41, bool avx2) { HasSse41 = sse41; HasAvx2 = avx2; if (sse41) HasAvx2 = true; } public bool HasSse41 { " +
        "get; } public bool HasAvx2 { get; } }", "static readonly Caps s_caps = new(Sse41.IsSupported, Avx2.IsSupported);")]
    // A computed property, not the parameter.
    [InlineData("record Caps(bool HasSse41, bool HasAvx2) { public bool HasAvx2 { get; init; } = true; }",
        "static readonly Caps s_caps = new(Sse41.IsSupported, Avx2.IsSupported);")]
    public Task CapabilitiesValue_NotCertain_IsFlagged(string caps, string field) => Verify(Caps(caps, field, /* lang=c#-test */ """
        if (s_caps.HasAvx2) return {|CPUID001:Avx2.Add|}(a, b);
        if (s_caps is { HasAvx2: true }) return {|CPUID001:Avx2.Add|}(a, b);
        return a;
        """));

    // 4. A check passed to a private helper's bool parameter.

    private static string Helper(string calls, string helper = /* lang=c#-test */ """
        private static Vector128<int> Min(Vector128<int> a, Vector128<int> b, bool useSse41)
        {
            if (useSse41) return Sse41.Min(a, b);
            return Vector128.Min(a, b);
        }
        """) => Snippet.Members(helper + "\n\n" + calls);

    [Fact]
    public Task HelperFlag_EveryCallPassesTheSameCheck() => Verify(Helper(/* lang=c#-test */ """
        static Vector128<int> M1(Vector128<int> a, Vector128<int> b) => Min(a, b, useSse41: Sse41.IsSupported);
        static Vector128<int> M2(Vector128<int> a, Vector128<int> b) => C.Min(a, b, Sse41.IsSupported);
        """));

    [Fact]
    public Task HelperFlag_RecursiveCallPassingItOn() => Verify(Helper(/* lang=c#-test */ """
        static Vector128<int> M1(Vector128<int> a, Vector128<int> b) => Min(a, b, 3, Sse41.IsSupported);
        """, /* lang=c#-test */ """
        private static Vector128<int> Min(Vector128<int> a, Vector128<int> b, int n, bool useSse41)
        {
            if (n > 0) return Min(a, b, n - 1, useSse41);
            if (useSse41) return Sse41.Min(a, b);
            return Vector128.Min(a, b);
        }
        """));

    [Theory]
    // One call passes false.
    [InlineData("Min(a, b, false)")]
    // One call passes another check (even one that implies it).
    [InlineData("Min(a, b, Sse42.IsSupported)")]
    // One call relies on an optional parameter's default.
    [InlineData("Min(a, b)")]
    public Task HelperFlag_CallsPassDifferentValues_IsFlagged(string otherCall) => Verify(Helper(/* lang=c#-test */ $$"""
        static Vector128<int> M1(Vector128<int> a, Vector128<int> b) => {|CPUID008:Min|}(a, b, useSse41: Sse41.IsSupported);
        static Vector128<int> M2(Vector128<int> a, Vector128<int> b) => {|CPUID008:{{otherCall.Replace("(a", "|}(a")}};
        """, /* lang=c#-test */ """
        private static Vector128<int> Min(Vector128<int> a, Vector128<int> b, bool useSse41 = false)
        {
            if (useSse41) return Sse41.Min(a, b);
            return Vector128.Min(a, b);
        }
        """));

    [Fact]
    public Task HelperFlag_ParameterWrittenInHelper_IsFlagged() => Verify(Helper(/* lang=c#-test */ """
        static Vector128<int> M1(Vector128<int> a, Vector128<int> b) => {|CPUID008:Min|}(a, b, Sse41.IsSupported);
        """, /* lang=c#-test */ """
        private static Vector128<int> Min(Vector128<int> a, Vector128<int> b, bool useSse41)
        {
            useSse41 |= a[0] > 0;
            if (useSse41) return Sse41.Min(a, b);
            return Vector128.Min(a, b);
        }
        """));

    [Fact]
    public Task HelperFlag_MethodGroup_IsFlagged() => Verify(Helper(/* lang=c#-test */ """
        static Vector128<int> M1(Vector128<int> a, Vector128<int> b) => {|CPUID008:Min|}(a, b, Sse41.IsSupported);
        static Func<Vector128<int>, Vector128<int>, bool, Vector128<int>> M2() => {|CPUID008:Min|};
        """));
}
