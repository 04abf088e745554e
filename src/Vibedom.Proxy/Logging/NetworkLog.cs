using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Vibedom.Proxy.Logging;

/// <summary>
/// The writer of <c>network.jsonl</c>: each line is appended by the caller, under one lock, in the order the calls
/// take it, and is in the file when the call returns (a request is forwarded only once its line is written). Done
/// in the request's own thread: a queue and a writer task cost two thread wake-ups a request, more than the write.
/// The entry is written straight to UTF-8 into one reused buffer (<see cref="NetworkLogWriter"/>: no JSON string, no transcoding).
/// If writing fails the log turns unhealthy (the proxy then refuses egress), logs a critical message, and
/// <see cref="DisposeAsync"/> rethrows.
/// </summary>
internal sealed class NetworkLog : IAsyncDisposable
{
    private static readonly Task<bool> Written = Task.FromResult(true);
    private static readonly Task<bool> NotWritten = Task.FromResult(false);

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _json;
    private ArrayBufferWriter<byte> _buffer = new(4096);
    private bool _closed;
    private volatile Exception? _failure;

    public NetworkLog(string path, ILogger logger)
    {
        _path = path;
        _logger = logger;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        _json = new Utf8JsonWriter(_buffer, NetworkLogWriter.Options);
        try
        {
            _stream = new FileStream(path, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProxyConfigurationException($"{path}(1,1): network-log: cannot open for appending: {e.Message}");
        }
    }

    public bool IsHealthy => _failure is null;

    /// <summary>Appends an entry; false when the log has failed or is closed (the caller must then refuse egress).</summary>
    public bool Write(NetworkLogEntry entry) => Append(entry);

    /// <summary>Appends the entry (written when the task is returned); false when it could not be (fail closed).</summary>
    public Task<bool> WriteAndFlushAsync(NetworkLogEntry entry) => Append(entry) ? Written : NotWritten;

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (!_closed)
            {
                _closed = true;
                _stream.Dispose();
                _json.Dispose();
            }
        }

        if (_failure is { } failure)
        {
            throw new IOException($"network log {_path} could not be written: {failure.Message}", failure);
        }

        return ValueTask.CompletedTask;
    }

    private bool Append(NetworkLogEntry entry)
    {
        if (_failure is not null)
        {
            return false;
        }

        lock (_gate)
        {
            if (_closed || _failure is not null)
            {
                return false;
            }

            try
            {
                _buffer.ResetWrittenCount();
                _json.Reset(_buffer);
                NetworkLogWriter.Write(_json, entry);
                _json.Flush();
                _buffer.Write("\n"u8);
                _stream.Write(_buffer.WrittenSpan); // unbuffered: one write(2) of the whole line
                if (_buffer.Capacity > 256 * 1024)
                {
                    _buffer = new ArrayBufferWriter<byte>(4096); // a huge line (many scrubbed items) does not pin its buffer for the session
                    _json.Reset(_buffer);
                }

                return true;
            }
#pragma warning disable CA1031 // the log must never fail silently: record, report, and fail closed
            catch (Exception e)
#pragma warning restore CA1031
            {
                _failure = e;
                Log.NetworkLogFailed(_logger, _path, e.Message);
                return false;
            }
        }
    }
}
