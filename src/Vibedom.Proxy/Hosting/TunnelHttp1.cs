using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Vibedom.Proxy.Hosting;

/// <summary>
/// PROTOTYPE (issue 14, tunnel-h1): serves the simplest HTTP/1.1 requests of an intercepted tunnel (GET without a body)
/// in the task that reads the tunnel, through the same request handler; the first other request (and the rest of the
/// connection) goes to Kestrel, its bytes unconsumed.
/// </summary>
internal sealed class TunnelHttp1(Func<HttpContext, Task> handle)
{
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    /// <summary>True: the connection ended here. False: hand it to Kestrel (nothing of the next request was consumed).</summary>
    public async Task<bool> ServeAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(connection.ConnectionClosed).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException)
            {
                return true;
            }

            var buffer = result.Buffer;
            var reader = new SequenceReader<byte>(buffer);
            if (!reader.TryReadTo(out ReadOnlySequence<byte> head, HeadEnd, advancePastDelimiter: true))
            {
                if (result.IsCompleted || buffer.Length > 8192)
                {
                    input.AdvanceTo(buffer.Start);
                    return result.IsCompleted && buffer.IsEmpty;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            var request = SimpleRequest.TryParse(head.IsSingleSegment ? head.FirstSpan : head.ToArray());
            if (request is null)
            {
                input.AdvanceTo(buffer.Start);
                return false;
            }

            input.AdvanceTo(reader.Position);
            var response = new TunnelResponseStream(connection.Transport.Output, request.Method == "HEAD");
            var features = new FeatureCollection(connection.Features);
            var state = new TunnelRequestFeatures(connection, response);
            features.Set<IHttpRequestFeature>(request.Feature);
            features.Set<IHttpResponseFeature>(state);
            features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(response));
            features.Set<IHttpRequestBodyDetectionFeature>(state);
            features.Set<IHttpRequestLifetimeFeature>(state);
            response.Head = state;
            var context = new DefaultHttpContext(features);
            try
            {
                await handle(context).ConfigureAwait(false);
                await context.Response.BodyWriter.FlushAsync().ConfigureAwait(false);
                await response.EndAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ConnectionResetException or OperationCanceledException or InvalidOperationException)
            {
                connection.Abort();
                return true;
            }

            if (response.CloseAfter || state.Aborted)
            {
                connection.Abort();
                return true;
            }
        }
    }

    /// <summary>The request line and headers of a GET or HEAD without a body; anything else is null (Kestrel serves it).</summary>
    private sealed class SimpleRequest
    {
        public required string Method { get; init; }

        public required HttpRequestFeature Feature { get; init; }

        public static SimpleRequest? TryParse(ReadOnlySpan<byte> head)
        {
            var line = head.IndexOf("\r\n"u8);
            if (line < 0)
            {
                line = head.Length;
            }

            var first = head[..line];
            string method;
            if (first.StartsWith("GET "u8))
            {
                method = "GET";
            }
            else if (first.StartsWith("HEAD "u8))
            {
                method = "HEAD";
            }
            else
            {
                return null;
            }

            var rest = first[(method.Length + 1)..];
            var space = rest.IndexOf((byte)' ');
            if (space <= 0 || rest[0] != (byte)'/' || !rest[(space + 1)..].SequenceEqual("HTTP/1.1"u8) || !Printable(rest[..space]))
            {
                return null;
            }

            var target = Encoding.ASCII.GetString(rest[..space]);
            var headers = new HeaderDictionary();
            var remaining = line < head.Length ? head[(line + 2)..] : [];
            while (!remaining.IsEmpty)
            {
                var end = remaining.IndexOf("\r\n"u8);
                var field = end < 0 ? remaining : remaining[..end];
                remaining = end < 0 ? [] : remaining[(end + 2)..];
                var colon = field.IndexOf((byte)':');
                if (colon <= 0 || !Token(field[..colon]) || !Value(field[(colon + 1)..]))
                {
                    return null;
                }

                var name = Encoding.ASCII.GetString(field[..colon]);
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase) || name.Equals("Expect", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || headers.ContainsKey(name))
                {
                    return null;
                }

                headers[name] = Encoding.Latin1.GetString(field[(colon + 1)..].Trim((byte)' '));
            }

            if (!headers.ContainsKey("Host"))
            {
                return null;
            }

            var query = target.IndexOf('?', StringComparison.Ordinal);
            var path = query < 0 ? target : target[..query];
            if (path.Contains('%', StringComparison.Ordinal))
            {
                return null; // Kestrel's path decoding is not copied here
            }

            return new SimpleRequest
            {
                Method = method,
                Feature = new HttpRequestFeature
                {
                    Method = method,
                    Scheme = "https",
                    Protocol = "HTTP/1.1",
                    Path = path,
                    QueryString = query < 0 ? string.Empty : target[query..],
                    RawTarget = target,
                    Headers = headers,
                    Body = Stream.Null,
                },
            };
        }

        private static bool Printable(ReadOnlySpan<byte> bytes) => !bytes.IsEmpty && !bytes.ContainsAnyExceptInRange((byte)0x21, (byte)0x7e);

        private static bool Token(ReadOnlySpan<byte> bytes) => Printable(bytes) && bytes.IndexOfAny("\"(),/:;<=>?@[\\]{}"u8) < 0;

        private static bool Value(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                if ((b < 0x20 && b != (byte)'\t') || b == 0x7f)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
