using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CpuidAnalyzers.EndToEnd.Infrastructure;

namespace CpuidAnalyzers.EndToEnd;

/// <summary>
/// Issue 21: the package a gallery shows. Reads the .nupkg the fixture packed: its nuspec metadata, the
/// files beside the analyzers (LICENSE, icon, README, the CpuidAnalysisMode presets), and checks that
/// the one repository address (CpuidAnalyzersRepositoryUrl in Directory.Build.props) is what the
/// nuspec URLs, the packed README's links and the rules' help links all use.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PackageMetadataTests
{
    private readonly EndToEndFixture _fixture;
    private readonly ITestOutputHelper _output;

    public PackageMetadataTests(EndToEndFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private string RepositoryUrl => _fixture.RepositoryUrl;

    private ZipArchive OpenPackage() =>
        ZipFile.OpenRead(Path.Combine(_fixture.Feed, $"{EndToEndFixture.PackageId}.{_fixture.PackageVersion}.nupkg"));

    private static string ReadEntry(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(path);
        Assert.True(entry is not null, $"the package has no {path}; it has: {string.Join(", ", zip.Entries.Select(e => e.FullName))}");
        using var reader = new StreamReader(entry!.Open());
        return reader.ReadToEnd();
    }

    [E2EFact]
    public void Nuspec_HasTheMetadataAGalleryShows_AndTheFilesItNames()
    {
        using var zip = OpenPackage();
        var files = zip.Entries.Select(e => e.FullName).OrderBy(f => f, StringComparer.Ordinal).ToList();
        _output.WriteLine("package files:\n  " + string.Join("\n  ", files));
        var nuspecText = ReadEntry(zip, $"{EndToEndFixture.PackageId}.nuspec");
        _output.WriteLine(nuspecText);
        var nuspec = XDocument.Parse(nuspecText);
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        string? Value(string name) => metadata.Element(ns + name)?.Value;

        var url = RepositoryUrl;
        Assert.Equal("CpuidAnalyzers contributors", Value("authors"));
        Assert.Equal(url, Value("projectUrl"));
        Assert.Equal(url, metadata.Element(ns + "repository")?.Attribute("url")?.Value);
        Assert.Equal("git", metadata.Element(ns + "repository")?.Attribute("type")?.Value);
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("expression", metadata.Element(ns + "license")?.Attribute("type")?.Value);
        Assert.Contains("CpuidAnalyzers contributors", Value("copyright"));
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Equal("icon.png", Value("icon"));
        var notes = Value("releaseNotes");
        Assert.False(string.IsNullOrWhiteSpace(notes), "no releaseNotes");
        Assert.Contains(url + "/blob/main/src/CpuidAnalyzers/AnalyzerReleases.Shipped.md", notes);
        Assert.True(File.Exists(Path.Combine(_fixture.RepoRoot, "src", "CpuidAnalyzers", "AnalyzerReleases.Shipped.md")));

        // The license file says what the nuspec declares, and is the repository's.
        var license = ReadEntry(zip, "LICENSE");
        Assert.StartsWith("MIT License", license);
        Assert.Contains("Copyright (c) CpuidAnalyzers contributors", license);
        Assert.Equal(File.ReadAllText(Path.Combine(_fixture.RepoRoot, "LICENSE")).ReplaceLineEndings(), license.ReplaceLineEndings());

        // The icon is a PNG (signature) of a size galleries take (NuGet: up to 1 MB, 128x128 recommended).
        var icon = zip.GetEntry("icon.png");
        Assert.NotNull(icon);
        using (var stream = icon!.Open())
        {
            var header = new byte[24];
            stream.ReadExactly(header);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, header[..8]);
            var width = (header[16] << 24) | (header[17] << 16) | (header[18] << 8) | header[19];
            var height = (header[20] << 24) | (header[21] << 16) | (header[22] << 8) | header[23];
            Assert.True(width is >= 64 and <= 512 && width == height, $"icon is {width}x{height}");
        }
        Assert.True(icon.Length < 1024 * 1024, $"icon is {icon.Length} bytes");

        // The analyzers, the CpuidAnalysisMode presets and the props/targets that apply them.
        foreach (var expected in new[]
                 {
                     "analyzers/dotnet/cs/CpuidAnalyzers.dll", "analyzers/dotnet/cs/CpuidAnalyzers.CodeFixes.dll",
                     "build/CpuidAnalyzers.props", "build/CpuidAnalyzers.targets",
                     "buildTransitive/CpuidAnalyzers.props", "buildTransitive/CpuidAnalyzers.targets",
                     "configuration/cpuid-strict.globalconfig", "configuration/cpuid-none.globalconfig",
                 })
            Assert.Contains(expected, files);

        // Each preset names every rule (one docs/rules page per rule, which AnalyzerMetaTests ties to the descriptors).
        var rules = Directory.EnumerateFiles(Path.Combine(_fixture.RepoRoot, "docs", "rules"), "CPUID*.md")
            .Select(Path.GetFileNameWithoutExtension).OrderBy(r => r, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(rules);
        foreach (var (preset, severity) in new[] { ("strict", "error"), ("none", "none") })
        {
            var text = ReadEntry(zip, $"configuration/cpuid-{preset}.globalconfig");
            Assert.Contains("is_global = true", text);
            var named = Regex.Matches(text, @"^dotnet_diagnostic\.(?<id>CPUID\d+)\.severity = (?<sev>\w+)\s*$", RegexOptions.Multiline)
                .Select(m => (m.Groups["id"].Value, m.Groups["sev"].Value)).ToList();
            Assert.Equal(rules.Select(r => r!).ToList(), named.Select(n => n.Item1).OrderBy(r => r, StringComparer.Ordinal).ToList());
            Assert.All(named, n => Assert.Equal(severity, n.Item2));
        }
    }

    [E2EFact]
    public void PackedReadme_HasOnlyAbsoluteLinks_IntoTheRepository()
    {
        using var zip = OpenPackage();
        var readme = ReadEntry(zip, "README.md");
        var url = RepositoryUrl;
        var source = File.ReadAllText(Path.Combine(_fixture.RepoRoot, "README.md"));
        Assert.Contains("](docs/", source); // the repository's README keeps its relative links (they work on GitHub)

        var targets = LinkTargets(readme).ToList();
        _output.WriteLine($"{targets.Count} links in the packed README:\n  " + string.Join("\n  ", targets.Distinct()));
        Assert.NotEmpty(targets);
        var relative = targets.Where(t => !Regex.IsMatch(t, "^[a-zA-Z][a-zA-Z0-9+.-]*:")).ToList();
        Assert.True(relative.Count == 0, "relative links in the packed README (broken on a gallery): " + string.Join(", ", relative));

        // Every link the rewrite made points at a file or folder the repository has.
        var blob = url + "/blob/main/";
        var rewritten = targets.Where(t => t.StartsWith(blob, StringComparison.Ordinal)).ToList();
        var anchors = targets.Where(t => t.StartsWith(url + "#", StringComparison.Ordinal)).ToList(); // README's own "#section" links, to the repository page
        Assert.True(rewritten.Count + anchors.Count >= LinkTargets(source).Count(t => !t.Contains(':')), "fewer repository links than the source README has relative ones");
        foreach (var target in rewritten)
        {
            var path = target[blob.Length..].Split('#')[0];
            var full = Path.Combine(_fixture.RepoRoot, path.Replace('/', Path.DirectorySeparatorChar));
            Assert.True(File.Exists(full) || Directory.Exists(full), $"{target}: the repository has no {path}");
        }
        // Each "#section" link names a heading of README.md (GitHub's slug: lower case, spaces to '-', punctuation dropped).
        var slugs = Regex.Matches(source, @"^#+\s+(?<h>.+?)\s*$", RegexOptions.Multiline)
            .Select(m => Regex.Replace(m.Groups["h"].Value.ToLowerInvariant(), @"[^\p{L}\p{N}\- ]", "").Replace(' ', '-')).ToHashSet();
        foreach (var anchor in anchors)
            Assert.True(slugs.Contains(anchor[(url.Length + 1)..]), $"{anchor}: README.md has no such heading ({string.Join(", ", slugs)})");
        // The rules table links each rule to the page its help link names.
        foreach (var rule in Directory.EnumerateFiles(Path.Combine(_fixture.RepoRoot, "docs", "rules"), "CPUID*.md").Select(Path.GetFileNameWithoutExtension))
            Assert.Contains($"[{rule}]({url}/blob/main/docs/rules/{rule}.md)", readme);
        // Otherwise the text is README.md's.
        Assert.Equal(Regex.Replace(source, @"\]\([^)]*\)", "]()").ReplaceLineEndings(), Regex.Replace(readme, @"\]\([^)]*\)", "]()").ReplaceLineEndings());
    }

    [E2EFact]
    public async Task HelpLinks_InTheBuildOutput_TakeTheRepositoryUrl()
    {
        var consumer = await _fixture.ConsumerAsync("net10.0");
        var build = await consumer.BuildAsync(new Dictionary<string, string> { ["Program.cs"] = ConsumerSources.Unguarded });
        Assert.True(build.Cpuid.Count >= 2, build.Describe());
        foreach (var d in build.Cpuid)
            Assert.Equal($"{RepositoryUrl}/blob/main/docs/rules/{d.Id}.md", d.HelpLink);
    }

    /// <summary>The targets of inline links and images, [text](target), and of reference definitions, [id]: target.</summary>
    private static IEnumerable<string> LinkTargets(string markdown)
    {
        var withoutCode = Regex.Replace(markdown, "```.*?```", "", RegexOptions.Singleline);
        foreach (Match m in Regex.Matches(withoutCode, @"\]\(\s*(?<t>[^)\s]+)")) yield return m.Groups["t"].Value;
        foreach (Match m in Regex.Matches(withoutCode, @"^\s{0,3}\[[^\]]+\]:\s*(?<t>\S+)", RegexOptions.Multiline)) yield return m.Groups["t"].Value;
    }
}
