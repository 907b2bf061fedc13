using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CpuidAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Tests;

/// <summary>Checks over every analyzer in the package: links, docs, release tracking, robustness.</summary>
public class AnalyzerMetaTests
{
    public static IEnumerable<object[]> Analyzers() =>
        typeof(HelpLinks).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => new object[] { t.Name });

    public static IEnumerable<object[]> Descriptors() =>
        Analyzers().SelectMany(a => Create((string)a[0]).SupportedDiagnostics).Select(d => new object[] { d.Id });

    [Fact]
    public void ThereAreAnalyzers() => Assert.NotEmpty(Analyzers());

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void HelpLink_PointsAtAnExistingDocsPage(string id)
    {
        var descriptor = AllDescriptors().Single(d => d.Id == id);
        Assert.Equal(HelpLinks.RulesBase + id + ".md", descriptor.HelpLinkUri);
        var page = Repository.PathOf(Path.Combine("docs", "rules", id + ".md"));
        Assert.True(File.Exists(page), $"{id} links to {descriptor.HelpLinkUri}, but {page} does not exist");
        Assert.StartsWith($"# {id}: {descriptor.Title}", File.ReadAllText(page));
    }

    /// <summary>
    /// Every help link is built from the one repository address in Directory.Build.props
    /// (CpuidAnalyzersRepositoryUrl), which the package metadata and packed README also take
    /// (checked on the packed package in the end-to-end PackageMetadataTests).
    /// </summary>
    [Fact]
    public void HelpLinks_TakeTheRepositoryUrlProperty()
    {
        var props = File.ReadAllText(Repository.PathOf("Directory.Build.props"));
        var m = System.Text.RegularExpressions.Regex.Match(props, @"<CpuidAnalyzersRepositoryUrl\b[^>]*>(?<url>[^<]+)</CpuidAnalyzersRepositoryUrl>");
        Assert.True(m.Success, "Directory.Build.props sets no CpuidAnalyzersRepositoryUrl");
        var url = m.Groups["url"].Value.Trim().TrimEnd('/');
        // Read at run time on purpose: the constants must equal what the props file says now.
        Assert.True(url == RepositoryInfo.Url, $"RepositoryInfo.Url is {RepositoryInfo.Url}, Directory.Build.props says {url}");
        Assert.True(url + "/blob/main/docs/rules/" == HelpLinks.RulesBase, $"HelpLinks.RulesBase is {HelpLinks.RulesBase}");
        foreach (var descriptor in AllDescriptors())
            Assert.Equal(url + "/blob/main/docs/rules/" + descriptor.Id + ".md", descriptor.HelpLinkUri);
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void Rule_HasReadmeRowAndReleaseLine(string id)
    {
        var readme = File.ReadAllText(Repository.PathOf("README.md"));
        Assert.Contains($"[{id}](docs/rules/{id}.md)", readme);
        var unshipped = File.ReadLines(Repository.PathOf(Path.Combine("src", "CpuidAnalyzers", "AnalyzerReleases.Unshipped.md")));
        Assert.Single(unshipped, line => line.StartsWith(id + " ", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void Descriptor_IsComplete(string id)
    {
        var descriptor = AllDescriptors().Single(d => d.Id == id);
        Assert.Matches("^CPUID[0-9]{3}$", descriptor.Id);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.MessageFormat.ToString()));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
    }

    [Theory]
    [MemberData(nameof(Analyzers))]
    public async Task Analyzer_RunsOnEmptyAndOnIntrinsicFreeSource(string name)
    {
        foreach (var source in new[] { "", "class C { void M() { } }", "namespace N { class Avx2 { } }" })
        {
            var diagnostics = await AnalyzerRunner.GetDiagnosticsAsync(Create(name), source);
            Assert.Empty(diagnostics);
        }
    }

    [Theory]
    [MemberData(nameof(Analyzers))]
    public async Task Analyzer_DoesNotThrow_OnBrokenSource(string name)
    {
        // An analyzer exception surfaces as an AD0001 diagnostic from GetAnalyzerDiagnosticsAsync.
        var failures = new List<string>();
        foreach (var (shape, sources) in BrokenSources())
        {
            var diagnostics = await AnalyzerRunner.GetDiagnosticsAsync(Create(name), sources);
            failures.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => shape + ": " + d.GetMessage()));
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>Code an analyzer meets in a build: half-typed, or valid but odd (issue #19). Each with the contract attributes.</summary>
    private static IEnumerable<(string Shape, string[] Sources)> BrokenSources()
    {
        (string, string[]) Shape(string shape, string source) => (shape, new[] { Snippet.Usings + source, Contracts.AttributeSource });
        const string ParamsCompExactlyDependsOn = /* lang=c#-test */ """
            namespace System.Runtime.CompilerServices
            { sealed class CompExactlyDependsOnAttribute : Attribute { public CompExactlyDependsOnAttribute(params Type[] types) { } } }

            """;
        const string Caller = /* lang=c#-test */ """
                static int Call(Vector256<int> a) => Avx2.IsSupported ? M(a).GetElement(0) : M(a).GetElement(1);
            }
            """;

        yield return Shape("half-typed code", /* lang=c#-test */ """
            class C {
                Vector256<int> M(Vector256<int> a) { if (Avx2.IsSupported && ) return Avx2.Add(a,
                int P => Sse2.
                void N() { goto missing; Func<int> f = () => { if (!Bmi1.IsSupported) return 0; return (int)Bmi1.AndNot(1u, 2u) }; }
            """);
        yield return Shape("a null params array on another attribute", /* lang=c#-test */ """
            sealed class TagAttribute : Attribute { public TagAttribute(params string[] tags) { } }
            static class C
            {
                [Tag(null)]
                public static Vector256<int> M(Vector256<int> a) => Avx2.IsSupported ? Avx2.Add(a, a) : default;
                [Tag(null, "x"), Tag(new string[] { null! })]
                public static Vector256<int> N(Vector256<int> a) => Avx2.Add(a, a);
                [Tag(null)]
                public static float W(ReadOnlySpan<float> x) => x.Length >= 16 ? Vector512.Sum(Vector512.Create(x)) : Vector256.Sum(Vector256.Create(x));
            """ + Caller);
        yield return Shape("CompExactlyDependsOn(params Type[])", ParamsCompExactlyDependsOn + /* lang=c#-test */ """
            static class C
            {
                [System.Runtime.CompilerServices.CompExactlyDependsOn(typeof(Avx2), typeof(Bmi2), typeof(AdvSimd))]
                public static Vector256<int> M(Vector256<int> a) => Avx2.Add(a, a);
                [System.Runtime.CompilerServices.CompExactlyDependsOn(null)]
                public static Vector256<int> N(Vector256<int> a) => Avx2.Add(a, a);
                [System.Runtime.CompilerServices.CompExactlyDependsOn()]
                public static Vector256<int> O(Vector256<int> a) => Avx2.Add(a, a);
                static int CallOthers(Vector256<int> a) => N(a).GetElement(0) + O(a).GetElement(0);
            """ + Caller);
        yield return Shape("RequiresIsa(null)", /* lang=c#-test */ """
            static class C
            {
                [CpuidAnalyzers.RequiresIsa(null)]
                static Vector256<int> M(Vector256<int> a) => Avx2.Add(a, a);
                [CpuidAnalyzers.RequiresAnyIsa(null)]
                static int Scalar(int x) => x;
                [CpuidAnalyzers.RequiresIsa(new Type[] { null!, typeof(Avx2) })]
                static int Mixed(int x) => x + Scalar(x);
            """ + Caller);
        yield return Shape("RequiresIsa() with no arguments", /* lang=c#-test */ """
            [CpuidAnalyzers.RequiresIsa()]
            static class C
            {
                [CpuidAnalyzers.RequiresIsa()]
                static Vector256<int> M(Vector256<int> a) => Avx2.Add(a, a);
                [CpuidAnalyzers.RequiresAnyIsa()]
                static int Scalar(int x) => x;
            """ + Caller);
        yield return Shape("RequiresIsa(typeof(int))", /* lang=c#-test */ """
            static class C
            {
                [CpuidAnalyzers.RequiresIsa(typeof(int))]
                static Vector256<int> M(Vector256<int> a) => Avx2.Add(a, a);
                [CpuidAnalyzers.RequiresAnyIsa(typeof(int), typeof(Sse2), typeof(System.Collections.Generic.List<>))]
                static int Scalar(int x) => x;
            """ + Caller);
        yield return Shape("contract attributes with error arguments", ParamsCompExactlyDependsOn + /* lang=c#-test */ """
            static class C
            {
                [CpuidAnalyzers.RequiresIsa(typeof(NoSuchType))]
                static Vector256<int> M(Vector256<int> a) => Avx2.Add(a, a);
                [System.Runtime.CompilerServices.CompExactlyDependsOn(typeof(NoSuchType), typeof(Avx2))]
                static int Runtime(int x) => x;
                [CpuidAnalyzers.RequiresAnyIsa(typeof(Avx2), 5, "Sse2", NoSuchConstant)]
                static int WrongTypes(int x) => x + Runtime(x);
                [CpuidAnalyzers.RequiresIsa(IsaClasses = new[] { typeof(Avx2) })]
                static int Named(int x) => x + WrongTypes(x);
                [CpuidAnalyzers.RequiresIsa(typeof(Avx2)
                static int Unclosed(int x) => x + Named(x);
                [NoSuchAttribute(typeof(Avx2))]
                static int Missing(int x) => x + Unclosed(x);
            """ + Caller);
        yield return Shape("a contract attribute declared with another constructor", /* lang=c#-test */ """
            namespace CpuidAnalyzers
            {
                sealed class RequiresIsaAttribute : Attribute { public RequiresIsaAttribute(Type isa, int level, Type[] more, string name) { } }
            }
            static class C
            {
                [CpuidAnalyzers.RequiresIsa(typeof(Avx2), 1, new[] { typeof(Bmi2) }, "x")]
                static Vector256<int> M(Vector256<int> a) => Avx2.Add(a, a);
                [CpuidAnalyzers.RequiresIsa(typeof(Avx2), 1, null, null)]
                static int Scalar(int x) => x;
            """ + Caller);
        foreach (var stride in new[] { "long.MinValue", "long.MaxValue", "int.MinValue", "int.MaxValue", "-long.MaxValue" })
            yield return Shape("a stride of " + stride, /* lang=c#-test */ $$"""
                static class C
                {
                    static System.Numerics.Vector<int> Sum(ref int first, ref byte bytes, long n)
                    {
                        var acc = System.Numerics.Vector<int>.Zero;
                        for (long i = 0; i < n; i += {{stride}}) acc += System.Numerics.Vector.LoadUnsafe(ref first, (nuint)i);
                        for (long i = 0; i < n; i -= {{stride}}) acc += System.Numerics.Vector.LoadUnsafe(ref first, (nuint)i);
                        for (long i = 0; i < n; i = i + {{stride}}) acc += System.Numerics.Vector.LoadUnsafe(ref first, (nuint)(i + {{stride}}));
                        for (long i = 0; i < n; i += 2)
                        {
                            acc += System.Numerics.Vector.LoadUnsafe(ref first, (nuint)(i + {{stride}})).AsInt32();
                            acc += System.Numerics.Vector.LoadUnsafe(ref bytes, (nuint)(i + {{stride}})).AsInt32();
                            acc += System.Numerics.Vector.LoadUnsafe(ref bytes, (nuint)(i + {{stride}} + {{stride}})).AsInt32();
                        }
                        var huge = new int[{{stride}}];
                        acc += new System.Numerics.Vector<int>(huge) + System.Numerics.Vector.LoadUnsafe(ref System.Runtime.CompilerServices.Unsafe.Add(ref huge[0], unchecked((nint)({{stride}}))));
                        return acc;
                    }
                }
                """);
    }

    private static DiagnosticAnalyzer Create(string name) =>
        (DiagnosticAnalyzer)Activator.CreateInstance(typeof(HelpLinks).Assembly.GetTypes().Single(t => t.Name == name))!;

    private static IEnumerable<DiagnosticDescriptor> AllDescriptors() =>
        Analyzers().SelectMany(a => Create((string)a[0]).SupportedDiagnostics);
}
