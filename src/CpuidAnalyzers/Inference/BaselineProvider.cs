using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using CpuidAnalyzers.Flow;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CpuidAnalyzers.Inference;

/// <summary>
/// The ISA classes a build guarantees, per syntax tree: a NativeAOT publish with a stated
/// &lt;IlcInstructionSet&gt; for one RuntimeIdentifier (the binary refuses to start without them), and
/// what <c>cpuid_analyzers.assumed_isa</c> states in .editorconfig. Neither applies to a project that
/// may run on another architecture (AnyCPU: an Arm64 machine has no Sse2), nor to another family.
/// </summary>
internal sealed class BaselineProvider
{
    public const string AssumedIsaKey = "cpuid_analyzers.assumed_isa";
    public const string IlcInstructionSetKey = "build_property.IlcInstructionSet";
    public const string PublishAotKey = "build_property.PublishAot";
    public const string RuntimeIdentifierKey = "build_property.RuntimeIdentifier";
    public const string PlatformTargetKey = "build_property.PlatformTarget";

    private readonly IsaModel _model;
    private readonly AnalyzerOptions _options;
    private readonly ConcurrentDictionary<SyntaxTree, AtomSet> _byTree = new();
    private readonly (IsaBaseline.Family Family, bool Is64Bit)? _target;
    private readonly AtomSet _fromBuild;

    public BaselineProvider(IsaModel model, AnalyzerOptions options)
    {
        _model = model;
        _options = options;
        var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
        _target = TargetOf(Value(global, RuntimeIdentifierKey), Value(global, PlatformTargetKey));
        _fromBuild = AtomSet.Empty;
        if (_target is { } target && IsTrue(Value(global, PublishAotKey)) && Value(global, IlcInstructionSetKey) is { } ilc && !IsNative(ilc))
            _fromBuild = IsaBaseline.Atoms(IsaBaseline.Parse(ilc).Classes, target.Family, target.Is64Bit, model);
    }

    /// <summary>The classes guaranteed for code in <paramref name="tree"/> (empty when none are).</summary>
    public AtomSet For(SyntaxTree tree) => _byTree.TryGetValue(tree, out var atoms) ? atoms : _byTree.GetOrAdd(tree, t =>
    {
        var assumed = Value(_options.AnalyzerConfigOptionsProvider.GetOptions(t), AssumedIsaKey);
        if (assumed is null || _target is not { } target) return _fromBuild;
        return _fromBuild.Union(IsaBaseline.Atoms(IsaBaseline.Parse(assumed).Classes, target.Family, target.Is64Bit, _model));
    });

    /// <summary>A state in which the baseline holds, to start every body from.</summary>
    public GuardState EntryState(SyntaxTree tree)
    {
        var atoms = For(tree);
        return atoms.IsEmpty ? GuardState.Unknown : GuardState.Unknown.Assume(atoms.Atoms.Select(Formula.Atom).Aggregate(Formula.And), true, _model);
    }

    /// <summary>Whether the build targets one architecture, and which (from RuntimeIdentifier, else PlatformTarget).</summary>
    public static (IsaBaseline.Family Family, bool Is64Bit)? TargetOf(string? runtimeIdentifier, string? platformTarget)
    {
        var architecture = runtimeIdentifier is { Length: > 0 } rid ? rid.Substring(rid.LastIndexOf('-') + 1) : platformTarget;
        return architecture?.Trim().ToLowerInvariant() switch
        {
            "x64" => (IsaBaseline.Family.X86, true),
            "x86" => (IsaBaseline.Family.X86, false),
            "arm64" => (IsaBaseline.Family.Arm, true),
            "arm" => (IsaBaseline.Family.Arm, false),
            _ => null,
        };
    }

    public static bool IsNative(string value) =>
        value.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries).Any(v
            => string.Equals(v.Trim(), "native", StringComparison.OrdinalIgnoreCase));

    public static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Value(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
