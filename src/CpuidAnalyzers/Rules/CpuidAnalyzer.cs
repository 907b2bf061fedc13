using System;
using System.Collections.Immutable;
using CpuidAnalyzers.Analysis;
using CpuidAnalyzers.Prefilter;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Rules;

/// <summary>
/// The one shape of every rule (as xunit.analyzers' <c>XunitDiagnosticAnalyzer</c>): one descriptor, generated
/// code left alone, callbacks run concurrently. A rule about code registers its callbacks once per compilation in
/// <see cref="OnCompilationStart"/>, with the compilation's shared analysis at hand: built by the first callback
/// that asks for it (see <see cref="CompilationIsaAnalysis.Deferred"/>), null where the compilation sees no ISA
/// class, where callbacks bail out. A rule about the build's settings (<c>afterCompilation</c>) runs once, in
/// <see cref="OnCompilationEnd"/>. Not derivable outside this package.
/// </summary>
public abstract class CpuidAnalyzer : DiagnosticAnalyzer
{
    private readonly bool _afterCompilation;

    private protected CpuidAnalyzer(DiagnosticDescriptor rule, bool afterCompilation = false)
    {
        SupportedDiagnostics = ImmutableArray.Create(rule);
        _afterCompilation = afterCompilation;
    }

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        if (_afterCompilation)
            context.RegisterCompilationAction(OnCompilationEnd);
        else
            context.RegisterCompilationStartAction(start =>
            {
                // Most compilations never mention intrinsics: nothing registered, no callback per code block.
                if (LooksForIsaCode && !CompilationGate.MayHoldIsaCode(start.Compilation, start.CancellationToken)) return;
                OnCompilationStart(start, CompilationIsaAnalysis.Deferred(start.Compilation, start.Options));
            });
    }

    /// <summary>
    /// Whether the rule looks at ISA classes or contracts (so at nothing in a compilation that never mentions them,
    /// <see cref="CompilationGate"/>); the vector rules look for their own names instead.
    /// </summary>
    private protected virtual bool LooksForIsaCode => true;

    /// <summary>Registers the rule's callbacks for one compilation; <paramref name="analysisOf"/> gives the shared analysis, or null.</summary>
#pragma warning disable RS1012 // Every rule about code overrides this; a rule about build settings never gets here.
    private protected virtual void OnCompilationStart(CompilationStartAnalysisContext start, Func<CompilationIsaAnalysis?> analysisOf)
    {
    }
#pragma warning restore RS1012

    /// <summary>
    /// Registers <paramref name="analyze"/> for the code blocks that spell <paramref name="name"/>, in a compilation that sees ISA classes.
    /// Other blocks are turned away by their syntax, unbound: the callback stays a check and a call.
    /// </summary>
    private protected static void RegisterCodeBlockActionWhereSpelled(CompilationStartAnalysisContext start, Func<CompilationIsaAnalysis?> analysisOf,
        string name, Action<CodeBlockAnalysisContext, CompilationIsaAnalysis> analyze)
    {
        var mentions = new NameMentions(start.Compilation, name);
        // In a compilation that never spells the name, nothing is registered.
        if (!mentions.AnyFileMaySpell(start.CancellationToken)) return;
        start.RegisterCodeBlockAction(block =>
        {
            if (mentions.Within(block.CodeBlock, block.CancellationToken) && analysisOf() is { } analysis)
                analyze(block, analysis);
        });
    }

    /// <summary>A rule about the build's settings: reports once the compilation is complete.</summary>
    private protected virtual void OnCompilationEnd(CompilationAnalysisContext context)
    {
    }
}
