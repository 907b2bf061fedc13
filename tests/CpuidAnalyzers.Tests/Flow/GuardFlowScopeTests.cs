using System.Linq;
using System.Threading;
using CpuidAnalyzers.Flow;
using CpuidAnalyzers.Isa;
using CpuidAnalyzers.Tests.Verifiers;

namespace CpuidAnalyzers.Tests;

/// <summary>
/// Facts about a bool local end with its scope. Kept after it, they made every later state carry one more
/// variable per block, so a long body's flow grew quadratically and its states hit the widening limits
/// (false alarms on the benchmark's 10,000-line method).
/// </summary>
public class GuardFlowScopeTests
{
    [Fact]
    public void FactsAboutBlockLocals_EndWithTheBlock()
    {
        var states = StatesAtUses(/* lang=c#-test */ """
            { bool fast = Sse41.IsSupported && flag; if (fast) a = b; }
            { bool wide = Avx2.IsSupported && flag; if (wide) a = b; }
            if (!Avx2.IsSupported) return a;
            return Avx2.Add(a, b);
            """, out var isaCount);

        var atoms = states.Single().Alternatives.SelectMany(a => a.True.Atoms.Concat(a.False.Atoms));
        Assert.DoesNotContain(atoms, atom => atom >= isaCount);
    }

    [Fact]
    public void FactsAboutALiveLocal_AreKept()
    {
        var states = StatesAtUses(/* lang=c#-test */ """
            bool wide = Avx2.IsSupported && flag;
            if (wide) return Avx2.Add(a, b);
            return a;
            """, out var isaCount);

        var atoms = states.Single().Alternatives.SelectMany(a => a.True.Atoms);
        Assert.Contains(atoms, atom => atom >= isaCount);
    }

    private static GuardState[] StatesAtUses(string body, out int isaCount)
    {
        var method = MethodBody.Of(body);
        isaCount = method.Model.Count;
        return GuardFlowAnalysis.Analyze(method.Root, new GuardFlowInputs(method.Model, new IsaContracts(method.Model), method.GuardMembers),
            GuardState.Unknown, CancellationToken.None)
            .Select(site => site.State).ToArray();
    }
}
