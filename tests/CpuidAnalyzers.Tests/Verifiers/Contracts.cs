namespace CpuidAnalyzers.Tests.Verifiers;

/// <summary>The contract attributes exactly as the package's generator adds them to a user's compilation.</summary>
internal static class Contracts
{
    public static string AttributeSource => Generators.IsaContractAttributeGenerator.Source;

    /// <summary>The runtime's own attribute, as dotnet/runtime declares it (a user may declare it too).</summary>
    public const string CompExactlyDependsOnSource = /* lang=c#-test */ """
        namespace System.Runtime.CompilerServices
        {
            [System.AttributeUsage(System.AttributeTargets.Method | System.AttributeTargets.Constructor | System.AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
            internal sealed class CompExactlyDependsOnAttribute : System.Attribute
            {
                public CompExactlyDependsOnAttribute(System.Type intrinsicsTypeUsedInHelperFunction) { }
            }
        }
        """;
}
