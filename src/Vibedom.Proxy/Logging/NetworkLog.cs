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
/// <see cref="DisposeAsync"/> rethrows. The file is bounded (<c>[limits] network_log</c>, see NetworkLog.Limit.cs).
/// </summary>
internal sealed partial class NetworkLog : IAsyncDisposable
{
    private static readonly Task<bool> Written = Task.FromResult(true);
    private static readonly Task<bool> Refused = Task.FromResult(false);

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _json;
    private ArrayBufferWriter<byte> _buffer = new(4096);
    private bool _closed;
    private volatile Exception? _failure;
    private long _length;

    public NetworkLog(string path, ILogger logger, long limit = long.MaxValue, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        _path = path;
        _logger = logger;
        _limit = limit;
        _admitBelow = limit - (limit / ReserveDivisor);
        _time = time ?? TimeProvider.System;
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
            _length = _stream.CanSeek ? _stream.Length : 0; // a log appended to counts from its size
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProxyConfigurationException($"{path}(1,1): network-log: cannot open for appending: {e.Message}");
        }

        if (_length >= _admitBelow)
        {
            Fill(); // a log appended to that is already full takes no new exchange
        }
    }

    public bool IsHealthy => _failure is null && !_full;

    /// <summary>
    /// Appends the line of an exchange: a new one's (a refusal) while the log is below its admission bound, one
    /// already forwarded (<paramref name="forwarded"/>: its final line, a WebSocket's part) while below the limit.
    /// False when it was not written.
    /// </summary>
    public bool Write(NetworkLogEntry entry, bool forwarded = false) => Append(entry, forwarded);

    /// <summary>
    /// Appends the line written before an exchange is forwarded (written when the task is returned); false when it
    /// could not be (failed, closed, or full: the exchange must then be refused).
    /// </summary>
    public Task<bool> WriteAndFlushAsync(NetworkLogEntry entry) => Append(entry, forwarded: false) ? Written : Refused;

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (!_closed)
            {
                try
                {
                    if (_failure is null)
                    {
                        if (_length < _limit)
                        {
                            WriteRepeats();
                        }

                        WriteClosingCount();
                    }
                }
                catch (IOException)
                {
                    // the count is a courtesy: the refusals themselves were answered and said in the diagnostics
                }

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

    /// <summary>Writes the line if the log is below its bound for the line (one compare a line is what the bound costs).</summary>
    private bool Append(NetworkLogEntry entry, bool forwarded)
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

            if (_length >= (forwarded ? _limit : _admitBelow))
            {
                NotWritten(forwarded);
                return false;
            }

            if (_lastRefusal is not null && !forwarded && Repeats(entry))
            {
                return true;
            }

            try
            {
                if (_lastRefusal is not null)
                {
                    WriteRepeats();
                }

                WriteLine(entry);
                Remember(entry, refusal: !forwarded);
                if (_length >= _admitBelow && !_full)
                {
                    Fill();
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

    /// <summary>Writes one line whole. Under the lock.</summary>
    private void WriteLine(NetworkLogEntry entry)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        NetworkLogWriter.Write(_json, entry);
        _json.Flush();
        _buffer.Write("\n"u8);
        _stream.Write(_buffer.WrittenSpan); // unbuffered: one write(2) of the whole line
        _length += _buffer.WrittenCount;
        if (_buffer.Capacity > 256 * 1024)
        {
            _buffer = new ArrayBufferWriter<byte>(4096); // a huge line (many scrubbed items) does not pin its buffer for the session
            _json.Reset(_buffer);
        }
    }
}
