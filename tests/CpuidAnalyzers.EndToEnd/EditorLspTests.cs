using System.Diagnostics;
using System.Text.Json.Nodes;
using CpuidAnalyzers.EndToEnd.Infrastructure;

namespace CpuidAnalyzers.EndToEnd;

/// <summary>
/// Issue 21, part 3: the diagnostics live in an editor. A real language server, csharp-ls 0.28.0
/// (installed with `dotnet tool install`), loads a consumer project that references the packed package,
/// with the setting README's "In your editor" section names (<c>csharp.analyzersEnabled</c>, answered to
/// the server's workspace/configuration request). Driven over LSP like an editor: open the file and pull
/// its diagnostics (CPUID001/CPUID002 with their ranges and help links), type an unguarded call and see
/// its CPUID001 appear, type the check and see it go. Each step's latency is printed, and so are the code
/// actions the server offers on a CPUID diagnostic. Every wait is bounded.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class EditorLspTests
{
    public const string CsharpLsVersion = "0.28.0";
    private static readonly TimeSpan FirstLoad = TimeSpan.FromMinutes(3);   // the server loads the project (a design-time build) first
    private static readonly TimeSpan EditWait = TimeSpan.FromMinutes(2);

    private readonly EndToEndFixture _fixture;
    private readonly ITestOutputHelper _output;

    public EditorLspTests(EndToEndFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private sealed record LspDiagnostic(string Id, int Line, int StartCharacter, int EndLine, int EndCharacter, int Severity, string? Href, JsonNode Raw);

    [E2EFact]
    public async Task CsharpLs_ReportsDiagnosticsLive_AsTheFileIsEdited()
    {
        var stopwatch = Stopwatch.StartNew();
        var toolPath = Path.Combine(_fixture.Root, "tools", "csharp-ls");
        var install = await Cli.RunAsync(_fixture.Dotnet,
            new[] { "tool", "install", "csharp-ls", "--version", CsharpLsVersion, "--tool-path", toolPath },
            _fixture.Work, _fixture.ConsumerEnvironment, TimeSpan.FromMinutes(5));
        if (!install.Succeeded) _fixture.Fail(_output, $"installing csharp-ls {CsharpLsVersion} failed (it comes from the NuGet registry):\n{install.Describe()}");
        var server = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "csharp-ls.exe" : "csharp-ls");

        // A console project of its own (the server holds it open): README's PackageReference, restored from the local feed.
        var dir = Path.Combine(_fixture.Work, "lsp-consumer");
        Directory.CreateDirectory(dir);
        var project = Path.Combine(dir, "Consumer.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                {_fixture.ReadmePackageReference()}
              </ItemGroup>
            </Project>
            """);
        var source = ConsumerSources.Unguarded.ReplaceLineEndings("\n");
        var file = Path.Combine(dir, "Program.cs");
        File.WriteAllText(file, source);
        var restore = await Cli.RunAsync(_fixture.Dotnet, new[] { "restore", project, "-nologo", "-tl:off" }, dir, _fixture.ConsumerEnvironment, TimeSpan.FromMinutes(5));
        if (!restore.Succeeded) _fixture.Fail(_output, $"restoring the editor consumer failed:\n{restore.Describe()}");
        _output.WriteLine($"csharp-ls {CsharpLsVersion} installed and consumer restored in {stopwatch.Elapsed.TotalSeconds:F1}s");

        var uri = new Uri(file).AbsoluteUri;
        var rootUri = new Uri(dir + Path.DirectorySeparatorChar).AbsoluteUri.TrimEnd('/');
        await using var lsp = LspClient.Start(server, Array.Empty<string>(), dir, _fixture.ConsumerEnvironment);
        lsp.Configuration["csharp"] = new JsonObject { ["analyzersEnabled"] = true };
        var latencies = new List<(string Step, TimeSpan Time)>();
        try
        {
            var init = await lsp.RequestAsync("initialize", new JsonObject
            {
                ["processId"] = Environment.ProcessId,
                ["rootUri"] = rootUri,
                ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = rootUri, ["name"] = "consumer" }),
                ["capabilities"] = new JsonObject
                {
                    ["workspace"] = new JsonObject
                    {
                        ["configuration"] = true,
                        ["didChangeConfiguration"] = new JsonObject { ["dynamicRegistration"] = true },
                        ["diagnostics"] = new JsonObject { ["refreshSupport"] = true },
                    },
                    ["textDocument"] = new JsonObject
                    {
                        ["synchronization"] = new JsonObject { ["didSave"] = true },
                        ["publishDiagnostics"] = new JsonObject { ["codeDescriptionSupport"] = true, ["versionSupport"] = true },
                        ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = true },
                        ["codeAction"] = new JsonObject
                        {
                            ["codeActionLiteralSupport"] = new JsonObject { ["codeActionKind"] = new JsonObject { ["valueSet"] = new JsonArray("", "quickfix", "refactor", "source") } },
                            ["resolveSupport"] = new JsonObject { ["properties"] = new JsonArray("edit") },
                        },
                    },
                },
            }, TimeSpan.FromMinutes(2));
            var capabilities = init?["capabilities"];
            _output.WriteLine($"server capabilities: textDocumentSync {capabilities?["textDocumentSync"]?.ToJsonString()}, codeActionProvider {capabilities?["codeActionProvider"]?.ToJsonString()}");
            await lsp.NotifyAsync("initialized", new JsonObject());
            await lsp.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject { ["csharp"] = new JsonObject { ["analyzersEnabled"] = true } } });

            // 1. Open the file: CPUID001 and CPUID002 where the '// expect' markers say, on the call's member access, with the help link.
            var markers = BuildOutput.ExpectedMarkers(source);
            Assert.Equal(new[] { "CPUID001", "CPUID002" }, markers.Select(m => m.Id).OrderBy(i => i, StringComparer.Ordinal));
            var lines = source.Split('\n');
            var clock = Stopwatch.StartNew();
            await lsp.NotifyAsync("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = source },
            });
            var opened = await PullUntil(lsp, uri, FirstLoad, "the CPUID001 and CPUID002 of the opened file",
                ds => markers.All(m => ds.Any(d => d.Id == m.Id && d.Line == m.Line - 1)));
            latencies.Add(("open → CPUID001/CPUID002 (includes loading the project)", clock.Elapsed));
            foreach (var (line, id) in markers)
            {
                var d = opened.Single(x => x.Id == id && x.Line == line - 1);
                var text = lines[line - 1];
                var start = text.IndexOf("Avx2.", StringComparison.Ordinal);
                var end = text.IndexOf('(', start);
                Assert.True((d.StartCharacter, d.EndLine, d.EndCharacter) == (start, line - 1, end),
                    $"{id} at {d.Line}:{d.StartCharacter}-{d.EndLine}:{d.EndCharacter}, expected {line - 1}:{start}-{line - 1}:{end} ('{text[start..end]}')\n{d.Raw.ToJsonString()}");
                Assert.Equal(2, d.Severity); // Warning
                Assert.Equal($"{_fixture.RepositoryUrl}/blob/main/docs/rules/{id}.md", d.Href);
            }
            Assert.True(opened.Count(d => d.Id.StartsWith("CPUID", StringComparison.Ordinal)) == 2,
                "CPUID diagnostics other than the two expected: " + string.Join(", ", opened.Select(d => $"{d.Id}@{d.Line}")));

            // 2. Type an unguarded call at the end of the file: a new CPUID001 on that line.
            var lastLine = lines.Length - 1;
            var added = "Console.WriteLine(Avx2.Min(a, b));";
            clock.Restart();
            await Change(lsp, uri, 2, lastLine, lines[lastLine].Length, lastLine, lines[lastLine].Length, "\n" + added);
            var newLine = lastLine + 1;
            var afterAdd = await PullUntil(lsp, uri, EditWait, $"a CPUID001 on the added line {newLine + 1}",
                ds => ds.Any(d => d.Id == "CPUID001" && d.Line == newLine));
            latencies.Add(("edit adding an unguarded call → its CPUID001", clock.Elapsed));
            var fresh = afterAdd.Single(d => d.Id == "CPUID001" && d.Line == newLine);
            Assert.Equal((added.IndexOf("Avx2.", StringComparison.Ordinal), added.IndexOf('(', added.IndexOf("Avx2.", StringComparison.Ordinal))), (fresh.StartCharacter, fresh.EndCharacter));
            Assert.Equal($"{_fixture.RepositoryUrl}/blob/main/docs/rules/CPUID001.md", fresh.Href);

            // 3. The code actions offered on it.
            clock.Restart();
            var actions = await lsp.RequestAsync("textDocument/codeAction", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri },
                ["range"] = fresh.Raw["range"]!.DeepClone(),
                ["context"] = new JsonObject { ["diagnostics"] = new JsonArray(fresh.Raw.DeepClone()), ["triggerKind"] = 1 },
            }, EditWait);
            latencies.Add(("textDocument/codeAction on the CPUID001", clock.Elapsed));
            var titles = (actions as JsonArray ?? new JsonArray()).Select(a => $"{a?["title"]?.GetValue<string>()} [{a?["kind"]?.GetValue<string>() ?? "no kind"}]").ToList();
            _output.WriteLine($"code actions offered on CPUID001 ({titles.Count}):\n  " + (titles.Count == 0 ? "(none)" : string.Join("\n  ", titles)));
            // The package's fixes: "Wrap in 'if (Avx2.IsSupported)'", "Check … in the existing condition", "Require … with [RequiresIsa]".
            var ours = titles.Where(t => t.StartsWith("Wrap in 'if (", StringComparison.Ordinal) || t.Contains("[RequiresIsa]", StringComparison.Ordinal)
                                         || t.Contains("in the existing condition", StringComparison.Ordinal)).ToList();
            _output.WriteLine(ours.Count > 0
                ? $"csharp-ls {CsharpLsVersion} offers the package's code fixes: {string.Join("; ", ours)}"
                : $"csharp-ls {CsharpLsVersion} offers none of the package's code fixes (it does not run code-fix providers from analyzer packages); `dotnet format analyzers` applies them");

            // 4. Type the check around it: the CPUID001 goes, the other two stay.
            clock.Restart();
            await Change(lsp, uri, 3, newLine, 0, newLine, added.Length, "if (Avx2.IsSupported) " + added);
            await PullUntil(lsp, uri, EditWait, $"no CPUID diagnostic on line {newLine + 1}, the first two still there",
                ds => !ds.Any(d => d.Line == newLine) && markers.All(m => ds.Any(d => d.Id == m.Id && d.Line == m.Line - 1)));
            latencies.Add(("edit adding the IsSupported check → CPUID001 gone", clock.Elapsed));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            _fixture.Fail(_output, $"{e.GetType().Name}: {e.Message}\n--- LSP traffic\n{lsp.Log}");
        }
        catch (Xunit.Sdk.XunitException)
        {
            _output.WriteLine("--- LSP traffic\n" + lsp.Log);
            throw;
        }
        finally
        {
            _output.WriteLine($"latencies (csharp-ls {CsharpLsVersion}, analyzersEnabled, pull diagnostics polled every 250 ms):");
            foreach (var (step, time) in latencies) _output.WriteLine($"  {time.TotalSeconds,6:F2}s  {step}");
        }
    }

    private static Task Change(LspClient lsp, string uri, int version, int startLine, int startCharacter, int endLine, int endCharacter, string text) =>
        lsp.NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
            ["contentChanges"] = new JsonArray(new JsonObject
            {
                ["range"] = new JsonObject
                {
                    ["start"] = new JsonObject { ["line"] = startLine, ["character"] = startCharacter },
                    ["end"] = new JsonObject { ["line"] = endLine, ["character"] = endCharacter },
                },
                ["text"] = text,
            }),
        });

    /// <summary>
    /// Pulls the document's diagnostics (textDocument/diagnostic, as VS Code and Neovim do) until
    /// <paramref name="done"/> holds, at most <paramref name="limit"/>; fails with the last answer.
    /// </summary>
    private async Task<IReadOnlyList<LspDiagnostic>> PullUntil(LspClient lsp, string uri, TimeSpan limit, string what, Func<IReadOnlyList<LspDiagnostic>, bool> done)
    {
        var deadline = Stopwatch.StartNew();
        IReadOnlyList<LspDiagnostic> last = Array.Empty<LspDiagnostic>();
        string? lastError = null;
        while (deadline.Elapsed < limit)
        {
            try
            {
                var report = await lsp.RequestAsync("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } }, limit - deadline.Elapsed);
                if (report?["items"] is JsonArray items)
                {
                    last = items.Where(i => i is not null).Select(i => Parse(i!)).ToList();
                    if (done(last)) return last;
                }
            }
            catch (InvalidOperationException e)
            {
                lastError = e.Message; // e.g. the workspace is still loading
            }
            catch (TimeoutException)
            {
                break;
            }
            await Task.Delay(250);
        }
        _fixture.Fail(_output, $"after {limit.TotalSeconds:F0}s, still not {what}. Last diagnostics: "
            + (last.Count == 0 ? "none" : string.Join("; ", last.Select(d => $"{d.Id} {d.Line}:{d.StartCharacter}")))
            + (lastError is null ? "" : $"\nlast error: {lastError}") + $"\n--- LSP traffic\n{lsp.Log}");
        return last;
    }

    private static LspDiagnostic Parse(JsonNode d)
    {
        var code = d["code"] is JsonValue c ? c.ToString() : "";
        var range = d["range"]!;
        return new LspDiagnostic(code,
            range["start"]!["line"]!.GetValue<int>(), range["start"]!["character"]!.GetValue<int>(),
            range["end"]!["line"]!.GetValue<int>(), range["end"]!["character"]!.GetValue<int>(),
            d["severity"]?.GetValue<int>() ?? 0, d["codeDescription"]?["href"]?.GetValue<string>(), d.DeepClone());
    }
}
