using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Vibedom.Proxy.Logging;

/// <summary>
/// The single writer of <c>network.jsonl</c>: requests enqueue entries, one task appends them
/// and flushes whenever the queue drains (callers of <see cref="WriteAndFlushAsync"/> wait for that
/// flush: a request is forwarded only once its line is written). If writing fails the log turns
/// unhealthy (the proxy then refuses egress), logs a critical message, and <see cref="DisposeAsync"/> rethrows.
/// </summary>
internal sealed class NetworkLog : IAsyncDisposable
{
    private readonly Channel<Pending> _channel = Channel.CreateUnbounded<Pending>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly FileStream _stream;
    private readonly Task _writer;
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

        try
        {
            _stream = new FileStream(path, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProxyConfigurationException($"{path}(1,1): network-log: cannot open for appending: {e.Message}");
        }

        _writer = Task.Run(WriteLoopAsync);
    }

    public bool IsHealthy => _failure is null;

    /// <summary>Queues an entry; false when the log has failed (the caller must then refuse egress).</summary>
    public bool Write(NetworkLogEntry entry) => _failure is null && _channel.Writer.TryWrite(new Pending(entry, null));

    /// <summary>Appends the entry and waits until it is written and flushed; false when it could not be (fail closed).</summary>
    public Task<bool> WriteAndFlushAsync(NetworkLogEntry entry)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        return _failure is null && _channel.Writer.TryWrite(new Pending(entry, done)) ? done.Task : Task.FromResult(false);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        try
        {
            await _writer.ConfigureAwait(false);
        }
        finally
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        if (_failure is { } failure)
        {
            throw new IOException($"network log {_path} could not be written: {failure.Message}", failure);
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _channel.Reader;
        var buffer = new MemoryStream();
        var waiting = new List<TaskCompletionSource<bool>>();
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                buffer.SetLength(0);
                waiting.Clear();
                while (reader.TryRead(out var pending))
                {
                    buffer.Write(Encoding.UTF8.GetBytes(pending.Entry.ToJson()));
                    buffer.WriteByte((byte)'\n');
                    if (pending.Done is { } done)
                    {
                        waiting.Add(done);
                    }

                    if (buffer.Length > 64 * 1024)
                    {
                        break;
                    }
                }

                // written synchronously by this single writer: an unbuffered FileStream's async write is a blocking
                // pwrite handed to another pool thread, one more thread hop for every waiting request
                _stream.Write(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
                _stream.Flush();
                waiting.ForEach(w => w.TrySetResult(true));
            }
        }
#pragma warning disable CA1031 // the writer must never die silently: record, report, and fail closed
        catch (Exception e)
#pragma warning restore CA1031
        {
            _failure = e;
            _channel.Writer.TryComplete(e);
            waiting.ForEach(w => w.TrySetResult(false));
            while (reader.TryRead(out var pending))
            {
                pending.Done?.TrySetResult(false);
            }

            Log.NetworkLogFailed(_logger, _path, e.Message);
        }
    }

    private sealed record Pending(NetworkLogEntry Entry, TaskCompletionSource<bool>? Done);
}
