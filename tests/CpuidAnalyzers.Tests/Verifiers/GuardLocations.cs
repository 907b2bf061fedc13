using System.Linq;
using Microsoft.CodeAnalysis.Testing;

namespace CpuidAnalyzers.Tests.Verifiers;

/// <summary>
/// A wrong guard's condition travels as the diagnostic's additional location (for the fixes). A test that gives only
/// the use's location does not judge it; one that gives a second location (<c>.WithLocation(0).WithLocation(1)</c>) does.
/// </summary>
internal static class GuardLocations
{
    public static void JudgedOnlyWhereGiven(SolutionState state)
    {
        var expected = state.ExpectedDiagnostics.Select(d => d.Spans.Length > 1 ? d : d.WithOptions(d.Options | DiagnosticOptions.IgnoreAdditionalLocations)).ToList();
        state.ExpectedDiagnostics.Clear();
        state.ExpectedDiagnostics.AddRange(expected);
    }
}
