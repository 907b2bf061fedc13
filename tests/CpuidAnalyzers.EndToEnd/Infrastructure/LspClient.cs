using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CpuidAnalyzers.EndToEnd.Infrastructure;

/// <summary>
/// A minimal Language Server Protocol client: JSON-RPC 2.0 over a server's stdin/stdout, each message
/// framed by a <c>Content-Length</c> header. It answers the server's own requests (workspace/configuration
/// from <see cref="Configuration"/>, anything else with null), keeps a log of the traffic for a failure
/// message, and bounds every wait. The server process is killed, by its id, on dispose.
/// </summary>
public sealed class LspClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> _pending = new();
    private readonly StringBuilder _log = new();
    private readonly StringBuilder _stderr = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _reader;
    private int _nextId;

    private LspClient(Process process)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>What the client answers to workspace/configuration, per section ("csharp" → its settings object).</summary>
    public Dictionary<string, JsonNode?> Configuration { get; } = new();

    /// <summary>Notifications from the server, in order (method, params).</summary>
    public ConcurrentQueue<(string Method, JsonNode? Params)> Notifications { get; } = new();

    /// <summary>The traffic and the server's stderr, for a failure message.</summary>
    public string Log
    {
        get
        {
            lock (_log) lock (_stderr) return _log + "\n--- server stderr (last 4000 chars)\n" + (_stderr.Length > 4000 ? _stderr.ToString(_stderr.Length - 4000, 4000) : _stderr.ToString());
        }
    }

    public static LspClient Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) startInfo.ArgumentList.Add(a);
        foreach (var name in startInfo.Environment.Keys.Where(Cli.IsScrubbed).ToList()) startInfo.Environment.Remove(name);
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment)
        {
            if (value is null) startInfo.Environment.Remove(name);
            else startInfo.Environment[name] = value;
        }
        var process = new Process { StartInfo = startInfo };
        process.Start();
        var client = new LspClient(process);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (client._stderr) client._stderr.Append(e.Data).Append('\n'); };
        process.BeginErrorReadLine();
        return client;
    }

    /// <summary>Sends a request and waits for its response, at most <paramref name="timeout"/>; throws on an error response.</summary>
    public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref _nextId);
        var tcs = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = tcs;
        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        var finished = await Task.WhenAny(tcs.Task, Task.Delay(timeout));
        if (finished != tcs.Task)
        {
            _pending.TryRemove(id, out _);
            throw new TimeoutException($"no answer to {method} (id {id}) within {timeout.TotalSeconds:F0}s");
        }
        return await tcs.Task;
    }

    public Task NotifyAsync(string method, JsonNode? parameters) =>
        SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    private async Task SendAsync(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        Record("->", message);
        await _writeLock.WaitAsync();
        try
        {
            await _input.WriteAsync(header);
            await _input.WriteAsync(body);
            await _input.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var output = _process.StandardOutput.BaseStream;
        try
        {
            while (true)
            {
                // Headers: ASCII lines up to an empty line; only Content-Length matters.
                var length = -1;
                while (true)
                {
                    var line = await ReadLineAsync(output);
                    if (line is null) return;
                    if (line.Length == 0) break;
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = int.Parse(line["Content-Length:".Length..].Trim());
                }
                if (length < 0) continue;
                var body = new byte[length];
                await output.ReadExactlyAsync(body);
                var message = JsonNode.Parse(body)!.AsObject();
                Record("<-", message);
                await DispatchAsync(message);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or EndOfStreamException)
        {
        }
        finally
        {
            foreach (var pending in _pending.Values) pending.TrySetException(new IOException("the language server closed its output"));
        }
    }

    private async Task DispatchAsync(JsonObject message)
    {
        var hasMethod = message.TryGetPropertyValue("method", out var methodNode);
        var hasId = message.TryGetPropertyValue("id", out var idNode);
        if (hasMethod && hasId)
        {
            // A request from the server.
            var method = methodNode!.GetValue<string>();
            JsonNode? result = null;
            if (method == "workspace/configuration")
            {
                var items = message["params"]?["items"]?.AsArray() ?? new JsonArray();
                var answers = new JsonArray();
                foreach (var item in items)
                {
                    var section = item?["section"]?.GetValue<string>() ?? "";
                    answers.Add(Configuration.TryGetValue(section, out var value) ? value?.DeepClone() : null);
                }
                result = answers;
            }
            await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = idNode!.DeepClone(), ["result"] = result });
        }
        else if (hasMethod)
        {
            Notifications.Enqueue((methodNode!.GetValue<string>(), message["params"]?.DeepClone()));
        }
        else if (hasId && idNode is JsonValue v && v.TryGetValue<int>(out var id) && _pending.TryRemove(id, out var tcs))
        {
            if (message.TryGetPropertyValue("error", out var error) && error is not null)
                tcs.TrySetException(new InvalidOperationException($"the server answered request {id} with an error: {error.ToJsonString()}"));
            else
                tcs.TrySetResult(message["result"]?.DeepClone());
        }
    }

    private static async Task<string?> ReadLineAsync(Stream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            var n = await stream.ReadAsync(one);
            if (n == 0) return bytes.Count == 0 ? null : Encoding.ASCII.GetString(bytes.ToArray());
            if (one[0] == (byte)'\n') return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r');
            bytes.Add(one[0]);
        }
    }

    private void Record(string direction, JsonObject message)
    {
        var text = message.ToJsonString();
        if (text.Length > 600) text = text[..600] + "…";
        lock (_log) _log.Append($"{_clock.Elapsed.TotalSeconds,7:F1}s {direction} {text}\n");
    }

    /// <summary>shutdown and exit, each bounded; then the process is killed if it is still there.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await RequestAsync("shutdown", null, TimeSpan.FromSeconds(20));
                await NotifyAsync("exit", null);
                await Task.WhenAny(_process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(10)));
            }
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException or ObjectDisposedException)
        {
        }
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await Task.WhenAny(_process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(10)));
        }
        catch (InvalidOperationException)
        {
        }
        await Task.WhenAny(_reader, Task.Delay(TimeSpan.FromSeconds(5)));
        _process.Dispose();
    }
}
