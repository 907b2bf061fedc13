using System.Collections.Generic;
using System.Linq;
using CpuidAnalyzers.CodeFixes.IsaUse;
using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = CpuidAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<CpuidAnalyzers.CodeFixes.IsaUse.UseCrossPlatformApiCodeFixProvider>;

namespace CpuidAnalyzers.Tests;

public class UseCrossPlatformApiCodeFixTests
{
    public static IEnumerable<object[]> Mappings() =>
        CrossPlatformApiMap.Table.Select(m => new object[] { m.IsaDisplay, m.Elements.ToString() });

    /// <summary>Every row of the table, on the first element type it lists: the call becomes the portable one and needs no check.</summary>
    [Theory]
    [MemberData(nameof(Mappings))]
    public Task EachTableEntry(string isaMember, string elements)
    {
        var mapping = CrossPlatformApiMap.Table.Single(m => m.IsaDisplay == isaMember && m.Elements.ToString() == elements);
        var element = mapping.ElementDisplay.Split(',')[0];
        var isaClass = isaMember.Substring(0, isaMember.LastIndexOf('.'));
        var width = isaClass.StartsWith("Avx", System.StringComparison.Ordinal) ? "Vector256" : "Vector128";
        var isLoad = mapping.PortableMethod == "Load";
        var signature = isLoad ? $"unsafe {width}<{element}> M({element}* p)" : $"{width}<{element}> M({width}<{element}> a, {width}<{element}> b)";
        var arguments = isLoad ? "(p)" : "(a, b)";
        return new VerifyCS.Test
        {
            TestCode = Snippet.Members($"static {signature} => {{|CPUID001:{isaMember}|}}{arguments};"),
            FixedCode = Snippet.Members($"static {signature} => {width}.{mapping.PortableMethod}{arguments};"),
            SolutionTransforms = { AllowUnsafe },
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipFixAllInProjectCheck | CodeFixTestBehaviors.SkipFixAllInSolutionCheck,
        }.RunAsync();
    }

    [Fact]
    public Task NestedCallsAndOtherRules_FixAllDoesNotConflict() => VerifyCS.VerifyCodeFixAsync(Snippet.Usings + /* lang=c#-test */ """
        using System.Runtime.InteropServices;

        static class C
        {
            static Vector128<int> Nested(Vector128<int> a, Vector128<int> b) =>
                {|CPUID001:Sse2.Add|}({|CPUID001:Sse2.Subtract|}(a, b), {|CPUID001:Sse2.Xor|}(a, b));

            static Vector256<int> Fallback(Vector256<int> a, Vector256<int> b)
            {
                if (Avx2.IsSupported)
                    return Avx2.Add(a, b);
                return {|CPUID003:Avx2.Subtract|}(a, b);
            }

            static Vector128<int> Accelerated(Vector128<int> a, Vector128<int> b) =>
                Vector128.IsHardwareAccelerated ? {|CPUID007:Sse41.Max|}(a, b) : a;

            static Vector256<int> OnX64(Vector256<int> a, Vector256<int> b) =>
                RuntimeInformation.ProcessArchitecture == Architecture.X64 ? {|CPUID004:Avx2.CompareEqual|}(a, b) : a;

            static Vector256<int> Probe(Vector256<int> a, Vector256<int> b)
            {
                try { return {|CPUID006:Avx2.And|}(a, b); }
                catch (PlatformNotSupportedException) { return a & b; }
            }
        }
        """, Snippet.Usings + /* lang=c#-test */ """
        using System.Runtime.InteropServices;

        static class C
        {
            static Vector128<int> Nested(Vector128<int> a, Vector128<int> b) =>
                Vector128.Add(Vector128.Subtract(a, b), Vector128.Xor(a, b));

            static Vector256<int> Fallback(Vector256<int> a, Vector256<int> b)
            {
                if (Avx2.IsSupported)
                    return Avx2.Add(a, b);
                return Vector256.Subtract(a, b);
            }

            static Vector128<int> Accelerated(Vector128<int> a, Vector128<int> b) =>
                Vector128.IsHardwareAccelerated ? Vector128.Max(a, b) : a;

            static Vector256<int> OnX64(Vector256<int> a, Vector256<int> b) =>
                RuntimeInformation.ProcessArchitecture == Architecture.X64 ? Vector256.Equals(a, b) : a;

            static Vector256<int> Probe(Vector256<int> a, Vector256<int> b)
            {
                try { return Vector256.BitwiseAnd(a, b); }
                catch (PlatformNotSupportedException) { return a & b; }
            }
        }
        """);

    [Fact]
    public Task FixAll_AcrossDocuments() => new VerifyCS.Test
    {
        TestState =
        {
            Sources =
            {
                Snippet.Members("static Vector256<int> M(Vector256<int> a) => {|CPUID001:Avx2.Max|}({|CPUID001:Avx2.Add|}(a, a), a);"),
                Snippet.Usings + "static class D { static Vector128<double> N(Vector128<double> a) => {|CPUID001:Sse2.Divide|}(a, {|CPUID001:Sse2.And|}(a, " +
                    "a)); }",
            },
        },
        FixedState =
        {
            Sources =
            {
                Snippet.Members("static Vector256<int> M(Vector256<int> a) => Vector256.Max(Vector256.Add(a, a), a);"),
                Snippet.Usings + "static class D { static Vector128<double> N(Vector128<double> a) => Vector128.Divide(a, Vector128.BitwiseAnd(a, a)); }",
            },
        },
    }.RunAsync();

    [Fact]
    public Task UsingStatic_GetsTheQualifiedPortableName() => VerifyCS.VerifyCodeFixAsync(/* lang=c#-test */ """
        using System.Runtime.Intrinsics;
        using static System.Runtime.Intrinsics.X86.Sse2;

        static class C
        {
            static Vector128<int> M(Vector128<int> a) => {|CPUID001:Add|}(a, a);
        }
        """, /* lang=c#-test */ """
        using System.Runtime.Intrinsics;
        using static System.Runtime.Intrinsics.X86.Sse2;

        static class C
        {
            static Vector128<int> M(Vector128<int> a) => Vector128.Add(a, a);
        }
        """);

    /// <summary>Overloads and operations whose semantics differ are not offered.</summary>
    [Theory]
    [InlineData("Vector128<float> M(Vector128<float> a, Vector128<float> b) => Sse.Min(a, b);")]
    [InlineData("Vector128<double> M(Vector128<double> a, Vector128<double> b) => Sse2.Max(a, b);")]
    [InlineData("Vector128<int> M(Vector128<int> a, Vector128<int> b) => Sse2.AndNot(a, b);")]
    [InlineData("Vector128<ulong> M(Vector128<uint> a, Vector128<uint> b) => Sse2.Multiply(a, b);")]
    [InlineData("Vector128<int> M(Vector128<int> a) => Sse2.ShiftLeftLogical(a, 3);")]
    [InlineData("Vector256<uint> M(Vector256<int> a) => Avx2.Abs(a);")]
    [InlineData("Vector128<float> M(Vector128<float> a, Vector128<float> b) => Sse.CompareEqual(a, b);")]
    [InlineData("Vector128<uint> M(Vector128<uint> a, Vector128<uint> b) => Sse2.CompareEqual(a.AsInt32(), b.AsInt32()).AsUInt32() | Sse41.Max(a, b);")]
    public async Task NotOffered_WhereSemanticsDiffer(string member)
    {
        var project = FixHarness.CreateProject(new[] { ("A.cs", Snippet.Members("static " + member)) });
        var provider = new UseCrossPlatformApiCodeFixProvider();
        var offered = new List<string>();
        foreach (var diagnostic in await FixHarness.AnalyzeAsync(project))
            foreach (var action in await FixHarness.ActionsAsync(provider, project, diagnostic))
                offered.Add(diagnostic.GetMessage() + " -> " + action.Title);
        if (member.Contains("Sse41.Max", System.StringComparison.Ordinal))
            Assert.Equal(2, offered.Count); // CompareEqual(int) and Max(uint) are exact; the uint reinterpretation is the user's.
        else
            Assert.Empty(offered);
    }

    private static Microsoft.CodeAnalysis.Solution AllowUnsafe(Microsoft.CodeAnalysis.Solution solution, Microsoft.CodeAnalysis.ProjectId projectId) =>
        solution.WithProjectCompilationOptions(projectId,
            ((Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!).WithAllowUnsafe(true));
}
