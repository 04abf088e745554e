using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Vibedom.Proxy.Hosting;

/// <summary>
/// PROTOTYPE (tunnel-h1): a response body written into the tunnel: the status line and headers before the first byte,
/// then the body as declared (Content-Length) or chunked; nothing for HEAD, 204 and 304.
/// </summary>
internal sealed class TunnelResponseStream(PipeWriter output, bool head) : Stream
{
    private bool _chunked;
    private bool _noBody;

    public TunnelRequestFeatures? Head { get; set; }

    public bool Started { get; private set; }

    public bool CloseAfter { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await StartAsync().ConfigureAwait(false);
        if (_noBody || buffer.IsEmpty)
        {
            return;
        }

        if (_chunked)
        {
            WriteAscii(buffer.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n");
            output.Write(buffer.Span);
            output.Write("\r\n"u8);
        }
        else
        {
            output.Write(buffer.Span);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await StartAsync().ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task EndAsync()
    {
        await StartAsync().ConfigureAwait(false);
        if (_chunked)
        {
            output.Write("0\r\n\r\n"u8);
        }

        await output.FlushAsync().ConfigureAwait(false);
    }

    private async ValueTask StartAsync()
    {
        if (Started)
        {
            return;
        }

        var response = Head!;
        await response.RunStartingAsync().ConfigureAwait(false);
        Started = true;
        var status = response.StatusCode;
        _noBody = head || status is 204 or 304 || status < 200;
        var headers = response.Headers;
        _chunked = !_noBody && headers.ContentLength is null;
        CloseAfter = headers.Connection.ToString().Contains("close", StringComparison.OrdinalIgnoreCase);
        var text = new StringBuilder(256)
            .Append("HTTP/1.1 ").Append(status.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(response.ReasonPhrase ?? ReasonPhrases.GetReasonPhrase(status)).Append("\r\n");
        foreach (var (name, values) in headers)
        {
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in values)
            {
                text.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }

        if (_chunked)
        {
            text.Append("Transfer-Encoding: chunked\r\n");
        }

        text.Append("\r\n");
        WriteAscii(text.ToString());
    }

    private void WriteAscii(string text)
    {
        var span = output.GetSpan(Encoding.Latin1.GetByteCount(text));
        var written = Encoding.Latin1.GetBytes(text, span);
        output.Advance(written);
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
}
