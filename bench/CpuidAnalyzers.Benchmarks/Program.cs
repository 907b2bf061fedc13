using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using CpuidAnalyzers.Benchmarks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var settings = Settings.Parse(args);
if (settings is null) return 2;

var total = Stopwatch.StartNew();
var loadAtStart = LoadAverage();
var ours = Harness.OurAnalyzers();
var (ca1416, ca1416Path) = Harness.Ca1416();
var ourIds = string.Join(", ", ours.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(x => x, StringComparer.Ordinal));

// The corpora: (a) plain, (b) intrinsics, (b') the same with OS APIs; (c) one giant method, at several sizes and depths.
var pathologicalShapes = new List<(int Lines, int Depth)>
{
    (2_500, 8), (5_000, 8), (10_000, 8),
    (2_500, 4), (2_500, 16), (2_500, 48),
};
// (d): strategy classes, at 1x, 2x, 4x and 8x this many classes (8x compiles in about a second).
var strategyScales = new[] { 1, 2, 4, 8 };
// (e): real code, a folder of public SIMD libraries' files (bench/corpora/e, found from the current directory up).
var realDirectory = settings.RealDirectory ?? FindUp(Path.Combine("bench", "corpora", "e"));
var realFiles = realDirectory is null || !Directory.Exists(realDirectory) ? new List<SourceFile>() : ReadFolder(realDirectory);
if (settings.DumpDirectory is { } dump)
{
    Dump(dump, "a", CorpusGenerator.Project(settings.Seed, settings.Files, Flavor.Plain));
    Dump(dump, "b", CorpusGenerator.Project(settings.Seed, settings.Files, Flavor.Intrinsics));
    Dump(dump, "b-prime", CorpusGenerator.Project(settings.Seed, settings.Files, Flavor.OsApis));
    foreach (var (lines, depth) in pathologicalShapes)
    {
        Dump(dump, $"c-{lines}-depth{depth}", CorpusGenerator.Pathological(settings.Seed, lines, depth, Flavor.Intrinsics));
        Dump(dump, $"c-prime-{lines}-depth{depth}", CorpusGenerator.Pathological(settings.Seed, lines, depth, Flavor.OsApis));
    }
    foreach (var scale in strategyScales)
        Dump(dump, $"d-{scale * settings.StrategyClasses}", CorpusGenerator.StrategyClasses(scale * settings.StrategyClasses));
    Console.WriteLine($"corpora written to {Path.GetFullPath(dump)}");
    return 0;
}

if (settings.MeasureDirectory is { } measured)
{
    // One folder of .cs files as one compilation: compile+bind and our analyzers side by side, each iteration.
    var files = ReadFolder(measured);
    Harness.Analyze(Harness.Parse(files), ours);
    // The IDE case edits the file with the most ISA uses, as the main benchmark's real-code row does.
    var uses = settings.DocumentCase ? Harness.IntrinsicUses(Harness.Parse(files)) : Array.Empty<int>();
    var documentIndex = uses.Length == 0 ? 0 : Array.IndexOf(uses, uses.Max());
    for (var i = 0; i < settings.Iterations; i++)
    {
        var compile = Harness.Compile(Harness.Parse(files));
        var built = Harness.Parse(files);
        var run = Harness.Analyze(built, ours);
        Console.WriteLine($"{measured}: {files.Count} files; {(Harness.AllowErrors ? $"{compile.Diagnostics} compiler diagnostics (errors allowed); " : "")}compile+bind {compile.WallMs:N0} ms; ours {run.AnalyzerMs:N1} ms = {Percent(run.AnalyzerMs / compile.WallMs)}; CPU: compile+bind {compile.CpuMs:N0} ms, with ours {run.CpuMs:N0} ms; {run.Diagnostics} diagnostics; " +
            string.Join(", ", run.PerAnalyzerMs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:N1}")));
        if (settings.DocumentCase)
        {
            // After the build just measured: the other trees (and what the rules cache per tree) are warm, as in the IDE.
            var document = Harness.Document(built, documentIndex, ours);
            Console.WriteLine($"  IDE, {files[documentIndex].Path} edited ({uses[documentIndex]} ISA uses): ours {document.AnalyzerMs:N1} ms, wall {document.WallMs:N0} ms");
        }
        if (settings.DriverBaseline)
        {
            // What the driver costs an analyzer of our shape before its callbacks do anything: not in the execution time.
            var empty = Harness.Analyze(Harness.Parse(files), ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyCodeBlockAnalyzer()));
            Console.WriteLine($"  driver with an empty code-block analyzer: wall {empty.WallMs:N0} ms ({empty.WallMs - compile.WallMs:N0} ms over compile+bind), with ours {run.WallMs:N0} ms");
        }
        if (settings.BesideCa1416)
        {
            // A .NET 5+ SDK build runs CA1416 by default, which has the driver bind every body to IOperation;
            // what adding ours to such a build costs is the wall-time difference (our binding is then shared).
            var alone = Harness.Analyze(Harness.Parse(files), ca1416);
            var both = Harness.Analyze(Harness.Parse(files), ca1416.AddRange(ours));
            Console.WriteLine($"  beside CA1416: build with CA1416 {alone.WallMs:N0} ms, with CA1416 and ours {both.WallMs:N0} ms: ours adds {both.WallMs - alone.WallMs:N0} ms = {Percent((both.WallMs - alone.WallMs) / compile.WallMs)} of compile+bind; " +
                $"our callbacks there {OursIn(both):N1} ms = {Percent(OursIn(both) / compile.WallMs)}");
        }
    }
    if (settings.PrintDiagnostics)
    {
        // What our analyzers report, one line each (path relative to the folder, 1-based line).
        var found = Harness.Diagnostics(Harness.Parse(files), ours);
        foreach (var group in found.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
            Console.WriteLine($"{group.Key}: {group.Count()}");
        foreach (var d in found)
        {
            var span = d.Location.GetLineSpan();
            Console.WriteLine($"{Path.GetRelativePath("/bench", span.Path)}:{span.StartLinePosition.Line + 1}: {d.Id} {d.Severity}: {d.GetMessage(CultureInfo.InvariantCulture)}");
        }
    }
    return 0;
}

Console.WriteLine($"CpuidAnalyzers benchmark: {settings.Iterations} measured iteration(s) after warm-up, medians reported; seed {settings.Seed}.");
Console.WriteLine($"our analyzers: {ours.Length} ({ourIds}); CA1416 from {Path.GetFileName(ca1416Path)} {FileVersionInfo.GetVersionInfo(ca1416Path).ProductVersion?.Split('+')[0]}");
Console.WriteLine();

// Warm-up: JIT the compiler, the driver and both analyzers on small corpora of every kind.
Progress("warm-up");
{
    var warmA = Harness.Parse(CorpusGenerator.Project(settings.Seed + 1, 150, Flavor.Plain));
    var warmB = Harness.Parse(CorpusGenerator.Project(settings.Seed + 1, 150, Flavor.Intrinsics));
    var warmBp = Harness.Parse(CorpusGenerator.Project(settings.Seed + 1, 150, Flavor.OsApis));
    var warmC = Harness.Parse(CorpusGenerator.Pathological(settings.Seed + 1, 1_000, 8, Flavor.Intrinsics));
    var warmCp = Harness.Parse(CorpusGenerator.Pathological(settings.Seed + 1, 1_000, 8, Flavor.OsApis));
    var warmD = Harness.Parse(CorpusGenerator.StrategyClasses(settings.StrategyClasses));
    for (var i = 0; i < settings.WarmupRounds; i++)
    {
        Harness.Compile(warmA);
        Harness.Analyze(warmA, ours);
        Harness.Analyze(warmB, ours);
        Harness.Analyze(warmBp, ca1416);
        Harness.Analyze(warmC, ours);
        Harness.Analyze(warmCp, ca1416);
        Harness.Document(warmB, 1, ours);
        Harness.Document(warmBp, 1, ca1416);
        Harness.Document(warmC, 1, ours);
        Harness.Document(warmCp, 1, ca1416);
        Harness.Analyze(warmD, ours);
        Harness.Document(warmD, 2, ours);
    }
}

if (settings.Profile)
{
    foreach (var (name, flavor) in new[] { ("(a)", Flavor.Plain), ("(b)", Flavor.Intrinsics) })
    {
        var files = CorpusGenerator.Project(settings.Seed, settings.Files, flavor);
        var compile = Harness.Compile(Harness.Parse(files));
        var run = Harness.Analyze(Harness.Parse(files), ours);
        Console.WriteLine($"{name}: compile+bind {compile.WallMs:N0} ms; ours {run.AnalyzerMs:N1} ms = {Percent(run.AnalyzerMs / compile.WallMs)}; " +
            string.Join(", ", run.PerAnalyzerMs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:N1}")));
    }
    return 0;
}

var rows = new List<Row>();

// (a), (b), (b'): 2,000 files each.
var plainFiles = CorpusGenerator.Project(settings.Seed, settings.Files, Flavor.Plain);
var intrinsicFiles = CorpusGenerator.Project(settings.Seed, settings.Files, Flavor.Intrinsics);
var osFiles = CorpusGenerator.Project(settings.Seed, settings.Files, Flavor.OsApis);
// The IDE document: the file with the most intrinsic methods (first of them), the same file in every flavor.
var docIndex = Enumerable.Range(0, intrinsicFiles.Count).OrderByDescending(i => intrinsicFiles[i].IntrinsicMethods).ThenBy(i => i).First();
var docName = $"{Path.GetFileName(intrinsicFiles[docIndex].Path)}, {CorpusGenerator.CountLines(intrinsicFiles[docIndex].Text)} lines, {intrinsicFiles[docIndex].IntrinsicMethods} intrinsic methods";

var rowA = new Row("(a) plain C#, no intrinsics", plainFiles);
var rowB = new Row("(b) 5% of methods use intrinsics; CA1416 on (b')", intrinsicFiles) { MirrorFiles = osFiles };
rows.Add(rowA);
rows.Add(rowB);
// Every measured run gets freshly parsed trees, as a build does: nothing an earlier run cached per
// tree (the compiler's red nodes, the analyzers' per-tree scans) is reused. The IDE run that follows
// each build run reuses its trees except the edited document, as the IDE does.
// One full-size round comes first and is not recorded: after the small warm-up alone, the first 2,000-file
// rounds of a process read higher than the later ones, with the JIT's tiering on or off (presumably the heap
// growing to a build's size, and code running at that size for the first time). A long-running compiler
// server is past that after its first build.
for (var i = settings.FullSizeWarmup ? -1 : 0; i < settings.Iterations; i++)
{
    var record = i >= 0;
    Progress(record ? $"corpora (a), (b), (b'): iteration {i + 1}/{settings.Iterations}" : "corpora (a), (b), (b'): full-size warm-up round (not recorded)");
    void Add(List<Sample> samples, Sample sample)
    {
        if (record) samples.Add(sample);
    }
    Add(rowA.Compile, Harness.Compile(Harness.Parse(plainFiles)));
    var plain = Harness.Parse(plainFiles);
    Add(rowA.Ours, Harness.Analyze(plain, ours));
    Add(rowA.OursDocument, Harness.Document(plain, docIndex, ours));
    Add(rowB.Compile, Harness.Compile(Harness.Parse(intrinsicFiles)));
    var intrinsics = Harness.Parse(intrinsicFiles);
    Add(rowB.Ours, Harness.Analyze(intrinsics, ours));
    Add(rowB.OursDocument, Harness.Document(intrinsics, docIndex, ours));
    Add(rowB.MirrorCompile, Harness.Compile(Harness.Parse(osFiles)));
    var osApis = Harness.Parse(osFiles);
    Add(rowB.Ca1416, Harness.Analyze(osApis, ca1416));
    Add(rowB.Ca1416Document, Harness.Document(osApis, docIndex, ca1416));
}
if (rowB.Ca1416[0].Diagnostics == 0)
    throw new InvalidOperationException("CA1416 reported nothing on (b'): it did not run, and the comparison would be meaningless");

// (c): one giant method. Cheap to compile, so it gets more iterations.
foreach (var (lines, depth) in pathologicalShapes)
{
    var files = CorpusGenerator.Pathological(settings.Seed, lines, depth, Flavor.Intrinsics);
    var mirror = CorpusGenerator.Pathological(settings.Seed, lines, depth, Flavor.OsApis);
    var row = new Row($"(c) one method, {lines:N0} lines, depth {depth}", files) { MirrorFiles = mirror, Lines = lines, Depth = depth };
    rows.Add(row);
    var iterations = Math.Max(settings.Iterations, settings.SmallIterations);
    for (var i = 0; i < iterations; i++)
    {
        Progress($"corpus (c) {lines} lines, depth {depth}: iteration {i + 1}/{iterations}");
        MeasureOurs(row, 1);
        row.MirrorCompile.Add(Harness.Compile(Harness.Parse(mirror)));
        var mirrorTrees = Harness.Parse(mirror);
        row.Ca1416.Add(Harness.Analyze(mirrorTrees, ca1416));
        row.Ca1416Document.Add(Harness.Document(mirrorTrees, 1, ca1416));
    }
}

// (d): strategy classes at 1x, 2x, 4x, 8x the base number of classes. The IDE document is Parser0.cs.
var strategyRows = new List<Row>();
foreach (var scale in strategyScales)
{
    var classes = scale * settings.StrategyClasses;
    var files = CorpusGenerator.StrategyClasses(classes);
    var row = new Row($"(d) strategy classes, {classes:N0} classes", files) { Classes = classes };
    rows.Add(row);
    strategyRows.Add(row);
    var iterations = Math.Max(settings.Iterations, settings.SmallIterations);
    for (var i = 0; i < iterations; i++)
    {
        Progress($"corpus (d) {classes} classes: iteration {i + 1}/{iterations}");
        MeasureOurs(row, files.FindIndex(f => f.Path == "Parser0.cs"));
    }
}

// (e): real code, one compilation. The IDE document is the file with the most intrinsic uses (names bound to
// ISA members other than IsSupported).
Row? realRow = null;
var realDocName = "";
if (realFiles.Count > 0)
{
    var uses = Harness.IntrinsicUses(Harness.Parse(realFiles));
    var realDoc = Enumerable.Range(0, realFiles.Count).OrderByDescending(i => uses[i]).ThenBy(i => i).First();
    realDocName = $"{realFiles[realDoc].Path}, {CorpusGenerator.CountLines(realFiles[realDoc].Text)} lines, {uses[realDoc]} intrinsic uses";
    var libraries = realFiles.Select(f => f.Path.Split('/')[0]).Where(l => !l.StartsWith('_') && !l.EndsWith(".cs", StringComparison.Ordinal)).Distinct().Count();
    realRow = new Row($"(e) real code, {libraries} libraries", realFiles);
    rows.Add(realRow);
    var iterations = Math.Max(settings.Iterations, settings.SmallIterations);
    for (var i = 0; i < iterations; i++)
    {
        Progress($"corpus (e): iteration {i + 1}/{iterations}");
        MeasureOurs(realRow, realDoc);
    }
}
Progress(null);

// One iteration of a row: compile+bind, a build with ours on fresh trees, then the IDE run on one document of them.
void MeasureOurs(Row row, int documentIndex)
{
    row.Compile.Add(Harness.Compile(Harness.Parse(row.Files)));
    var trees = Harness.Parse(row.Files);
    row.Ours.Add(Harness.Analyze(trees, ours));
    row.OursDocument.Add(Harness.Document(trees, documentIndex, ours));
}

// The table.
var output = new StringBuilder();
output.AppendLine($"Machine: {Environment.ProcessorCount} cores ({CpuModel()}), {RuntimeInformation.OSDescription}; runtime {RuntimeInformation.FrameworkDescription}; " +
    $"Roslyn {typeof(Compilation).Assembly.GetName().Version}; {ours.Length} CpuidAnalyzers analyzers; CA1416 from Microsoft.CodeAnalysis.NetAnalyzers {FileVersionInfo.GetVersionInfo(ca1416Path).ProductVersion?.Split('+')[0]}.");
output.AppendLine($"Load average (1/5/15 min) at start: {loadAtStart}; at end: {LoadAverage()}.");
output.AppendLine($"Medians of {settings.Iterations} iteration(s) ((c): {Math.Max(settings.Iterations, settings.SmallIterations)}) after warm-up{(settings.FullSizeWarmup ? " (small corpora, then one full-size round of (a), (b), (b'))" : "")}; compiler and analyzers single-threaded; seed {settings.Seed}. " +
    $"IDE document in (a)/(b): {docName}; in (c): the giant method's file; in (d): Parser0.cs; " +
    (realRow is null ? $"(e) not run: no .cs files in {realDirectory ?? "bench/corpora/e"}." : $"in (e) ({Path.GetFullPath(realDirectory!)}): {realDocName}."));
output.AppendLine();
output.AppendLine("| corpus | files | lines | compile+bind ms (CPU) | ours ms | ours / compile | ours CPU Δ ms | ours alloc Δ MB | ours diags (expected) | CA1416 ms | CA1416 / compile | CA1416 CPU Δ ms | ours / CA1416 | CA1416 diags | IDE 1 doc: ours ms (wall) | IDE 1 doc: CA1416 ms (wall) |");
output.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var row in rows)
{
    var compile = Median(row.Compile, s => s.WallMs);
    var compileCpu = Median(row.Compile, s => s.CpuMs);
    var oursMs = Median(row.Ours, s => s.AnalyzerMs);
    var oursCpuDelta = Median(row.Ours, s => s.CpuMs) - compileCpu;
    var oursAllocDelta = (Median(row.Ours, s => s.AllocatedBytes) - Median(row.Compile, s => s.AllocatedBytes)) / 1e6;
    output.Append($"| {row.Name} | {row.Files.Count:N0} | {row.TotalLines:N0} | {compile:N0} ({compileCpu:N0}) | {oursMs:N1} | {Percent(oursMs / compile)} | {oursCpuDelta:N0} | {oursAllocDelta:N0} | {row.Ours[0].Diagnostics:N0} ({row.Files.Sum(f => f.ExpectedFindings):N0}) | ");
    if (row.Ca1416.Count > 0)
    {
        var caMs = Median(row.Ca1416, s => s.AnalyzerMs);
        var caCompile = Median(row.MirrorCompile, s => s.WallMs);
        var caCpuDelta = Median(row.Ca1416, s => s.CpuMs) - Median(row.MirrorCompile, s => s.CpuMs);
        output.Append($"{caMs:N1} | {Percent(caMs / caCompile)} | {caCpuDelta:N0} | {Percent(oursMs / caMs)} | {row.Ca1416[0].Diagnostics:N0} | ");
    }
    else
    {
        output.Append("– | – | – | – | – | ");
    }
    output.Append($"{Median(row.OursDocument, s => s.AnalyzerMs):N1} ({Median(row.OursDocument, s => s.WallMs):N0}) | ");
    output.AppendLine(row.Ca1416Document.Count > 0 ? $"{Median(row.Ca1416Document, s => s.AnalyzerMs):N1} ({Median(row.Ca1416Document, s => s.WallMs):N0}) |" : "– |");
}
output.AppendLine();
foreach (var row in rows.Take(2))
{
    var ids = row.Ours[0].PerAnalyzerMs.Keys.OrderBy(k => k, StringComparer.Ordinal);
    output.AppendLine($"Ours per analyzer on {row.Name.Split(' ')[0]} (median ms): " +
        string.Join(", ", ids.Select(id => $"{id} {Median(row.Ours, s => s.PerAnalyzerMs[id]):N1}")) + ".");
    // Pauses are charged to whichever callback runs when a collection starts: they explain most of the spread between runs.
    output.AppendLine($"GC pauses during each build run with our analyzers on {row.Name.Split(' ')[0]} (ms, per iteration): " +
        string.Join(" / ", row.Ours.Select(s => s.GcPauseMs.ToString("N0"))) + $"; ours (ms, per iteration): {string.Join(" / ", row.Ours.Select(s => s.AnalyzerMs.ToString("N0")))}" +
        (row.Ca1416.Count > 0 ? $"; with CA1416 on (b'): {string.Join(" / ", row.Ca1416.Select(s => s.GcPauseMs.ToString("N0")))} (CA1416 ms: {string.Join(" / ", row.Ca1416.Select(s => s.AnalyzerMs.ToString("N0")))})" : "") + ".");
}
output.AppendLine();

// The targets, computed from the numbers above.
var a = rows[0];
var b = rows[1];
var c = rows.Where(r => r.Lines > 0).ToList();
double OursMs(Row r) => Median(r.Ours, s => s.AnalyzerMs);
double CompileMs(Row r) => Median(r.Compile, s => s.WallMs);
double DocMs(Row r) => Median(r.OursDocument, s => s.AnalyzerMs);
double DocWallMs(Row r) => Median(r.OursDocument, s => s.WallMs);
var c2500 = c.First(r => r.Lines == 2_500 && r.Depth == 8);
var c5000 = c.First(r => r.Lines == 5_000 && r.Depth == 8);
var c10000 = c.First(r => r.Lines == 10_000 && r.Depth == 8);
var shallow = c.First(r => r.Lines == 2_500 && r.Depth == 4);
var deepest = c.Where(r => r.Lines == 2_500).OrderBy(r => r.Depth).Last();
// Growth exponent k in time ~ lines^k, from the smallest to the largest method (1 = linear, 2 = quadratic).
var exponent = Math.Log(OursMs(c10000) / OursMs(c2500)) / Math.Log((double)c10000.TotalLines / c2500.TotalLines);
var depthRatio = OursMs(deepest) / OursMs(shallow);
output.AppendLine("Targets:");
Target(output, $"(a) ours <= 0.5% of compile+bind: {Percent(OursMs(a) / CompileMs(a))}", OursMs(a) <= 0.005 * CompileMs(a));
Target(output, $"(b) ours <= 5% of compile+bind: {Percent(OursMs(b) / CompileMs(b))}", OursMs(b) <= 0.05 * CompileMs(b));
Target(output, $"(b) ours <= 1/5 of CA1416 on (b'): {Percent(OursMs(b) / Median(b.Ca1416, s => s.AnalyzerMs))}", OursMs(b) <= 0.2 * Median(b.Ca1416, s => s.AnalyzerMs));
Target(output, $"(c) single document, 5,000-line method, < 100 ms: ours {DocMs(c5000):N1} ms (wall incl. binding the method {DocWallMs(c5000):N0} ms)", DocMs(c5000) < 100);
Target(output, $"(c) linear in method size: ours {OursMs(c2500):N1} / {OursMs(c5000):N1} / {OursMs(c10000):N1} ms at {c2500.TotalLines:N0} / {c5000.TotalLines:N0} / {c10000.TotalLines:N0} lines, exponent {exponent:N2} (1 = linear, 2 = quadratic)", exponent < 1.3);
Target(output, $"(c) not quadratic in nesting depth: ours {string.Join(" / ", c.Where(r => r.Lines == 2_500).OrderBy(r => r.Depth).Select(r => $"{OursMs(r):N1} ms at depth {r.Depth}"))}, deepest/shallowest {depthRatio:N2}x", depthRatio < 2);
// (d): growth exponent k in time ~ classes^k from 1x to 8x the classes (1 = linear).
var d1 = strategyRows[0];
var d8 = strategyRows[^1];
var strategyExponent = Math.Log(OursMs(d8) / OursMs(d1)) / Math.Log((double)d8.Classes / d1.Classes);
Target(output, $"(d) ours <= 5% of compile+bind at every size: {string.Join(" / ", strategyRows.Select(r => $"{Percent(OursMs(r) / CompileMs(r))} at {r.Classes:N0} classes"))}", strategyRows.All(r => OursMs(r) <= 0.05 * CompileMs(r)));
Target(output, $"(d) growth in the number of classes < 1.1: ours {string.Join(" / ", strategyRows.Select(r => $"{OursMs(r):N1}"))} ms at {string.Join(" / ", strategyRows.Select(r => r.Classes.ToString("N0")))} classes, exponent {strategyExponent:N2} (1 = linear)", strategyExponent < 1.1);
if (realRow is null)
{
    output.AppendLine($"- [NOT RUN] (e) ours <= 5% of compile+bind; (e) IDE one document < 50 ms: no .cs files in {realDirectory ?? "bench/corpora/e"}");
}
else
{
    Target(output, $"(e) ours <= 5% of compile+bind: {Percent(OursMs(realRow) / CompileMs(realRow))} ({OursMs(realRow):N1} of {CompileMs(realRow):N0} ms, {realRow.Files.Count:N0} files)", OursMs(realRow) <= 0.05 * CompileMs(realRow));
    Target(output, $"(e) IDE one document < 50 ms: ours {DocMs(realRow):N1} ms (wall incl. binding the document {DocWallMs(realRow):N0} ms)", DocMs(realRow) < 50);
}
output.AppendLine();
output.AppendLine($"Total benchmark time: {total.Elapsed.TotalMinutes:N1} min.");

Console.WriteLine();
Console.Write(output.ToString());
if (settings.OutputFile is { } outputFile)
{
    File.WriteAllText(outputFile, output.ToString());
    Console.WriteLine($"(also written to {outputFile})");
}
return 0;

static void Target(StringBuilder output, string text, bool met) => output.AppendLine($"- [{(met ? "MET" : "MISSED")}] {text}");

// Our rules' execution time in a run beside other analyzers (their ids start with CPUID).
static double OursIn(Sample run) => run.PerAnalyzerMs.Where(p => p.Key.StartsWith("CPUID", StringComparison.Ordinal)).Sum(p => p.Value);

static string Percent(double ratio) => double.IsNaN(ratio) || double.IsInfinity(ratio) ? "–" : $"{ratio * 100:N2}%";

static double Median(IReadOnlyList<Sample> samples, Func<Sample, double> value)
{
    var sorted = samples.Select(value).OrderBy(x => x).ToList();
    var mid = sorted.Count / 2;
    return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

static void Progress(string? text)
{
    if (text is null) Console.Error.WriteLine();
    else Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");
}

static string CpuModel()
{
    try
    {
        var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
    catch (IOException)
    {
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
    catch (UnauthorizedAccessException)
    {
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}

static string LoadAverage()
{
    try
    {
        return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    }
    catch (IOException)
    {
        return "n/a";
    }
    catch (UnauthorizedAccessException)
    {
        return "n/a";
    }
}

static List<SourceFile> ReadFolder(string directory) =>
    Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal)
        .Select(f => new SourceFile(Path.GetRelativePath(directory, f).Replace('\\', '/'), File.ReadAllText(f), 0)).ToList();

static string? FindUp(string relative)
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, relative);
        if (Directory.Exists(candidate)) return candidate;
    }
    return null;
}

static void Dump(string directory, string name, List<SourceFile> files)
{
    foreach (var file in files)
    {
        var path = Path.Combine(directory, name, file.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, file.Text);
    }
}

internal sealed class Row
{
    public Row(string name, List<SourceFile> files) => (Name, Files) = (name, files);

    public string Name { get; }

    public List<SourceFile> Files { get; }

    public List<SourceFile>? MirrorFiles { get; init; }

    public int TotalLines => Files.Sum(f => CorpusGenerator.CountLines(f.Text));

    public int Lines { get; init; }

    public int Depth { get; init; }

    public int Classes { get; init; }

    public List<Sample> Compile { get; } = new();

    public List<Sample> Ours { get; } = new();

    public List<Sample> OursDocument { get; } = new();

    public List<Sample> MirrorCompile { get; } = new();

    public List<Sample> Ca1416 { get; } = new();

    public List<Sample> Ca1416Document { get; } = new();
}

internal sealed record Settings(int Iterations, int SmallIterations, int WarmupRounds, int Files, int Seed, string? OutputFile, string? DumpDirectory, bool Profile = false, bool FullSizeWarmup = true, string? MeasureDirectory = null,
    int StrategyClasses = 32, string? RealDirectory = null, bool PrintDiagnostics = false, bool BesideCa1416 = false, bool DriverBaseline = false, bool DocumentCase = false)
{
    public static Settings? Parse(string[] args)
    {
        var settings = new Settings(Iterations: 5, SmallIterations: 5, WarmupRounds: 2, Files: 2_000, Seed: 20_250, OutputFile: null, DumpDirectory: null);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--iterations" or "-n":
                    settings = settings with { Iterations = int.Parse(Next(), CultureInfo.InvariantCulture) };
                    break;
                case "--quick":
                    settings = settings with { Iterations = 1, SmallIterations = 1, WarmupRounds = 1, FullSizeWarmup = false };
                    break;
                case "--files":
                    settings = settings with { Files = int.Parse(Next(), CultureInfo.InvariantCulture) };
                    break;
                case "--seed":
                    settings = settings with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) };
                    break;
                case "--output" or "-o":
                    settings = settings with { OutputFile = Next() };
                    break;
                case "--allow-errors":
                    Harness.AllowErrors = true;
                    break;
                case "--measure":
                    settings = settings with { MeasureDirectory = args[++i] };
                    break;
                case "--classes":
                    settings = settings with { StrategyClasses = int.Parse(Next(), CultureInfo.InvariantCulture) };
                    break;
                case "--real":
                    settings = settings with { RealDirectory = Next() };
                    break;
                case "--diagnostics":
                    settings = settings with { PrintDiagnostics = true };
                    break;
                case "--beside-ca1416":
                    settings = settings with { BesideCa1416 = true };
                    break;
                case "--driver-baseline":
                    settings = settings with { DriverBaseline = true };
                    break;
                case "--document":
                    settings = settings with { DocumentCase = true };
                    break;
                case "--profile":
                    settings = settings with { Profile = true, WarmupRounds = 1 };
                    break;
                case "--dump":
                    settings = settings with { DumpDirectory = Next() };
                    break;
                default:
                    Console.Error.WriteLine("""
                        usage: dotnet run -c Release --project bench/CpuidAnalyzers.Benchmarks [-- options]
                          --iterations N, -n N   measured iterations (default 5), after one full-size warm-up round
                          --quick                one iteration of everything, one small warm-up round: a smoke run (numbers are noisier)
                          --files N              files in corpora (a), (b), (b') (default 2000, ~300k lines)
                          --seed N               generator seed (default 20250)
                          --output FILE, -o FILE also write the table to FILE
                          --classes N            base number of classes of corpus (d), measured at 1x, 2x, 4x, 8x (default 32)
                          --real DIR             corpus (e), real code (default: bench/corpora/e, from the current directory up)
                          --dump DIR             write the generated corpora to DIR and exit
                          --measure DIR          compile a folder of .cs files as one compilation: compile+bind and ours, -n times
                          --diagnostics          with --measure: also list what our analyzers report
                          --allow-errors         with --measure: measure a folder that does not compile cleanly (errors are counted, not fatal)
                          --beside-ca1416        with --measure: also what adding ours to a build that runs CA1416 (an SDK default) costs in wall time
                          --driver-baseline      with --measure: also the driver alone, with one analyzer whose code-block action does nothing
                          --document             with --measure: also the IDE case, the file with the most ISA uses edited and re-analyzed
                          --profile              only (a) and (b), one build run each: per-analyzer times, for profiling (no targets)
                        """);
                    return null;
            }
        }
        return settings;
    }
}
