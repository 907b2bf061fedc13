using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using CpuidAnalyzers.Analysis;
using CpuidAnalyzers.Flow;
using CpuidAnalyzers.Prefilter;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Rules.VectorWidth;

/// <summary>
/// CPUID013: code that assumes one Vector&lt;T&gt; width: a load or store on a buffer of constant size smaller
/// than the largest vector with no length check against Vector&lt;T&gt;.Count before it, a loop stepping
/// by a constant, or a Debug.Assert of the width. Sites come from <see cref="VectorWidthSites"/>; whether
/// a check protects them, from the shared guard flow. Bodies that never spell <c>Vector</c> are skipped unbound.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CPUID013VectorWidthAssumedAnalyzer : CpuidAnalyzer
{
    public const string Id = "CPUID013";

    /// <summary>Diagnostic property: the type whose Vector&lt;U&gt;.Count a constant loop step should be (for the code fix).</summary>
    public const string StrideUnitProperty = "StrideUnit";

    internal static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "A Vector<T> width is assumed",
        messageFormat: "{0} assumes {1}, but it is {2}; derive buffer sizes, strides and length checks from Vector<T>.Count",
        category: "Reliability",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Vector<T>.Count is chosen by the CPU at startup: 16 bytes of elements without AVX2 and on Arm64, 32 with AVX2, 64 with " +
            "DOTNET_MaxVectorTBitWidth=512 on an AVX-512 CPU. Code that loads a Vector<T> from a buffer of fixed size, steps a loop by a constant, or " +
            "asserts one width silently drops data on a narrower vector and throws on a wider one.",
        helpLinkUri: HelpLinks.For(Id));

    public CPUID013VectorWidthAssumedAnalyzer()
        : base(Descriptor)
    {
    }

    // Vector<T> and Vector512 need no using of the Intrinsics namespaces: this rule looks for its own name.
    private protected override bool LooksForIsaCode => false;

    // The fast path: Vector<T>, Vector.Load, Unsafe.Read<Vector<T>> all spell `Vector`; other bodies are not bound.
    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, Func<CompilationIsaAnalysis?> analysisOf) =>
        RegisterCodeBlockActionWhereSpelled(start, analysisOf, "Vector", Analyze);

    // Apart from the callback, which runs for every code block: the callback stays a check and a call,
    // without the frame of the analysis's many locals, for the bodies the fast path turns away.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Analyze(CodeBlockAnalysisContext block, CompilationIsaAnalysis analysis)
    {
        var reported = new HashSet<Location>();
        foreach (var root in CodeBlocks.GraphRoots(block.CodeBlock, block.SemanticModel, block.CancellationToken))
        {
            if (VectorWidthSites.Find(root, block.CancellationToken) is not { } sites) continue;
            var flow = GuardFlowAnalysis.AnalyzeSites(root, analysis.ContractFlow, GuardState.Unknown, sites, block.CancellationToken);
            foreach (var found in flow.Where(f => !f.IsSatisfied(analysis.Model)).OrderBy(f => f.Operation.Syntax.SpanStart))
            {
                if (sites.SiteOf(found.Operation) is not { } site || !reported.Add(site.Location)) continue;
                var properties = site.StrideUnit is { } unit
                    ? ImmutableDictionary<string, string?>.Empty.Add(StrideUnitProperty, unit)
                    : ImmutableDictionary<string, string?>.Empty;
                block.ReportDiagnostic(Diagnostic.Create(Descriptor, site.Location, properties,
                    site.Subject, site.Assumption, VectorWidthSites.BreakingWidths(site)));
            }
        }
    }
}
