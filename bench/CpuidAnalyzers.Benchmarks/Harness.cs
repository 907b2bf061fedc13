using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using CpuidAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Benchmarks;

/// <summary>
/// One measured run: wall time, process CPU time and bytes allocated (all threads), the analyzers' own
/// execution time as the driver logs it, and the number of diagnostics.
/// </summary>
internal sealed record Sample(double WallMs, double CpuMs, long AllocatedBytes, double AnalyzerMs, int Diagnostics)
{
    /// <summary>Each analyzer's execution time (by its first diagnostic id), when analyzers ran.</summary>
    public IReadOnlyDictionary<string, double> PerAnalyzerMs { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// Time the runtime was paused for garbage collection during the run. A pause is charged to whatever
    /// callback was running when the allocation budget ran out, so it lands in some analyzer's execution time.
    /// </summary>
    public double GcPauseMs { get; init; }
}

/// <summary>Builds compilations and measures them; everything single-threaded so times add up.</summary>
internal static class Harness
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions CompilationOptions = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            // Real SIMD libraries (corpus (e)) use pointers and fixed buffers.
            allowUnsafe: true,
            // One thread for the compiler and (below) for the analyzers: the times compare like for like.
            concurrentBuild: false)
        .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CA1416"] = ReportDiagnostic.Warn });

    /// <summary>
    /// What MSBuild passes CA1416 for a net10.0 project (the SDK's default supported-platform list). A new
    /// instance for every compilation, as in a build: NetAnalyzers caches per options instance, and with one
    /// instance shared by several compilations CA1416 reported nothing after the first.
    /// </summary>
    private static AnalyzerOptions CreateAnalyzerOptions() => new(
        ImmutableArray<AdditionalText>.Empty,
        new GlobalOptionsProvider(new Dictionary<string, string>
        {
            ["build_property.TargetFramework"] = "net10.0",
            ["build_property.TargetFrameworkIdentifier"] = ".NETCoreApp",
            ["build_property.TargetFrameworkVersion"] = "v10.0",
            ["build_property._SupportedPlatformList"] = "Android,iOS,Linux,macOS,MacCatalyst,Windows",
        }));

    public static ImmutableArray<SyntaxTree> Parse(IEnumerable<SourceFile> files) =>
        files.Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, "/bench/" + f.Path)).ToImmutableArray();

    /// <summary>A fresh compilation over already parsed trees: nothing bound, nothing cached.</summary>
    public static CSharpCompilation Create(ImmutableArray<SyntaxTree> trees) =>
        CSharpCompilation.Create("Bench", trees, Basic.Reference.Assemblies.Net100.References.All, CompilationOptions);

    /// <summary>All our analyzers (CPUID001…), from the CpuidAnalyzers.dll the project references.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> OurAnalyzers()
    {
        var analyzers = typeof(IsaUseRuleAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        if (analyzers.Length == 0) throw new InvalidOperationException("no analyzer found in CpuidAnalyzers.dll");
        return analyzers;
    }

    /// <summary>CA1416's PlatformCompatibilityAnalyzer, loaded from the NetAnalyzers package's analyzer dll.</summary>
    public static (ImmutableArray<DiagnosticAnalyzer> Analyzers, string Path) Ca1416()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "netanalyzers", "Microsoft.CodeAnalysis.NetAnalyzers.dll");
        var reference = new AnalyzerFileReference(path, new DefaultLoader());
        var failures = new List<string>();
        reference.AnalyzerLoadFailed += (_, e) => failures.Add(e.Message);
        var analyzers = reference.GetAnalyzers(LanguageNames.CSharp)
            .Where(a => a.SupportedDiagnostics.Any(d => d.Id == "CA1416"))
            .ToImmutableArray();
        if (analyzers.Length != 1)
            throw new InvalidOperationException($"expected one CA1416 analyzer in {path}, found {analyzers.Length}; load failures: {string.Join("; ", failures)}");
        return (analyzers, path);
    }

    /// <summary>compile + bind: GetDiagnostics on a fresh compilation, no analyzers.</summary>
    public static Sample Compile(ImmutableArray<SyntaxTree> trees)
    {
        var compilation = Create(trees);
        var (diagnostics, wall, cpu, allocated) = Measure(() => compilation.GetDiagnostics());
        ThrowOnErrors(diagnostics);
        return new Sample(wall, cpu, allocated, 0, diagnostics.Length);
    }

    /// <summary>
    /// compile + bind + analyzers on a fresh compilation. AnalyzerMs is the analyzers' own execution
    /// time as the driver logs it (summed over the given analyzers); WallMs includes the compiler and the driver.
    /// </summary>
    public static Sample Analyze(ImmutableArray<SyntaxTree> trees, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var withAnalyzers = Create(trees).WithAnalyzers(analyzers, Options());
        // GetAnalyzerDiagnosticsAsync binds the whole compilation too (the driver needs its events); unlike
        // GetAllDiagnosticsAsync it also fills the execution-time telemetry read below.
        var pausedBefore = TimeSpan.Zero;
        var (diagnostics, wall, cpu, allocated) = Measure(() =>
        {
            pausedBefore = GC.GetTotalPauseDuration();
            return withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        });
        var paused = (GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds;
        ThrowOnErrors(diagnostics);
        var ids = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
        var perAnalyzer = PerAnalyzerMs(withAnalyzers, analyzers);
        return new Sample(wall, cpu, allocated, perAnalyzer.Values.Sum(), diagnostics.Count(d => ids.Contains(d.Id))) { PerAnalyzerMs = perAnalyzer, GcPauseMs = paused };
    }

    /// <summary>
    /// The IDE path: one document's semantic diagnostics. The compilation's declarations are bound first
    /// (as in an open solution); the method bodies of the document are not, so WallMs includes binding them.
    /// </summary>
    public static Sample Document(ImmutableArray<SyntaxTree> trees, int treeIndex, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        // The user just typed in this document: its tree is new, every other tree is the one the last
        // analysis saw (so whatever the analyzers cache per unchanged tree is warm, as in the IDE).
        var edited = trees[treeIndex];
        trees = trees.SetItem(treeIndex, CSharpSyntaxTree.ParseText(edited.GetText().ToString(), ParseOptions, edited.FilePath));
        var compilation = Create(trees);
        compilation.GetDeclarationDiagnostics();
        var withAnalyzers = compilation.WithAnalyzers(analyzers, Options());
        var model = compilation.GetSemanticModel(trees[treeIndex]);
        var (diagnostics, wall, cpu, allocated) = Measure(() => withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None).GetAwaiter().GetResult());
        ThrowOnErrors(diagnostics);
        return new Sample(wall, cpu, allocated, PerAnalyzerMs(withAnalyzers, analyzers).Values.Sum(), diagnostics.Length);
    }

    /// <summary>
    /// Every diagnostic our analyzers report on the trees (one build run, unmeasured), in source order:
    /// for --measure --diagnostics.
    /// </summary>
    public static ImmutableArray<Diagnostic> Diagnostics(ImmutableArray<SyntaxTree> trees, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var diagnostics = Create(trees).WithAnalyzers(analyzers, Options()).GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        ThrowOnErrors(diagnostics);
        return diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    /// <summary>
    /// For each tree, how many names in it bind to a member of an ISA class (System.Runtime.Intrinsics.X86,
    /// .Arm or .Wasm) other than its IsSupported check: how the IDE document of a real corpus is chosen. Unmeasured.
    /// </summary>
    public static int[] IntrinsicUses(ImmutableArray<SyntaxTree> trees)
    {
        var compilation = Create(trees);
        return trees.Select(tree =>
        {
            var model = compilation.GetSemanticModel(tree);
            var count = 0;
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.SimpleNameSyntax>())
            {
                if (model.GetSymbolInfo(name).Symbol is { Kind: not SymbolKind.NamedType and not SymbolKind.Namespace, Name: not "IsSupported" } symbol &&
                    symbol.ContainingType?.ContainingNamespace?.ToDisplayString() is "System.Runtime.Intrinsics.X86" or "System.Runtime.Intrinsics.Arm" or "System.Runtime.Intrinsics.Wasm")
                    count++;
            }
            return count;
        }).ToArray();
    }

    private static CompilationWithAnalyzersOptions Options() => new(
        CreateAnalyzerOptions(),
        onAnalyzerException: (exception, analyzer, _) => throw new InvalidOperationException($"{analyzer} threw", exception),
        concurrentAnalysis: false,
        logAnalyzerExecutionTime: true,
        reportSuppressedDiagnostics: false);

    private static Dictionary<string, double> PerAnalyzerMs(CompilationWithAnalyzers withAnalyzers, ImmutableArray<DiagnosticAnalyzer> analyzers) =>
        analyzers.ToDictionary(
            a => a.SupportedDiagnostics[0].Id,
            a => withAnalyzers.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds);

    /// <summary>--allow-errors: measure a real corpus that does not compile alone (generated files or packages missing); the count is printed.</summary>
    public static bool AllowErrors { get; set; }

    private static void ThrowOnErrors(IEnumerable<Diagnostic> diagnostics)
    {
        if (AllowErrors) return;
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("CPUID", StringComparison.Ordinal)).Take(5).ToList();
        if (errors.Count > 0)
            throw new InvalidOperationException("the generated corpus does not compile:\n" + string.Join("\n", errors));
    }

    private static (T Result, double WallMs, double CpuMs, long Allocated) Measure<T>(Func<T> run)
    {
        Settle();
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var result = run();
        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        return (result, watch.Elapsed.TotalMilliseconds, (process.TotalProcessorTime - cpuBefore).TotalMilliseconds, allocated);
    }

    /// <summary>Start each measurement from a collected heap, so one run's garbage is not the next run's pause.</summary>
    private static void Settle()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private sealed class DefaultLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
    }

    private sealed class GlobalOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly DictionaryOptions _global;

        public GlobalOptionsProvider(Dictionary<string, string> global) => _global = new DictionaryOptions(global);

        public override AnalyzerConfigOptions GlobalOptions => _global;

        // As with the compiler's generated .globalconfig, the build properties apply to every file too
        // (NetAnalyzers, built against Roslyn 3.11, reads them from the tree's options).
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _global;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _global;
    }

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;

        public DictionaryOptions(Dictionary<string, string> values) => _values = new Dictionary<string, string>(values, KeyComparer);

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);

        public override IEnumerable<string> Keys => _values.Keys;
    }
}

/// <summary>Registers an empty code-block action: what the driver costs for an analyzer of our shape before it does anything.</summary>
#pragma warning disable RS1041, RS1036, RS2008 // a measuring instrument, never shipped
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class EmptyCodeBlockAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("EMPTY001", "empty", "empty", "x", DiagnosticSeverity.Warning, true);
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => start.RegisterCodeBlockAction(_ => { }));
    }
}
