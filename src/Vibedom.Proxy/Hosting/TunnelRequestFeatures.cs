using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Vibedom.Proxy.Hosting;

/// <summary>PROTOTYPE (tunnel-h1): the response head and the lifetime of one request served by <see cref="TunnelHttp1"/>.</summary>
internal sealed class TunnelRequestFeatures(ConnectionContext connection, TunnelResponseStream body)
    : IHttpResponseFeature, IHttpRequestBodyDetectionFeature, IHttpRequestLifetimeFeature
{
    private List<(Func<object, Task> Callback, object State)>? _starting;

    public int StatusCode { get; set; } = 200;

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    [Obsolete("Use IHttpResponseBodyFeature")]
    public Stream Body { get => body; set => throw new NotSupportedException(); }

    public bool HasStarted => body.Started;

    public bool CanHaveBody => false;

    public CancellationToken RequestAborted { get; set; } = connection.ConnectionClosed;

    public bool Aborted { get; private set; }

    public void Abort()
    {
        Aborted = true;
        connection.Abort();
    }

    public void OnStarting(Func<object, Task> callback, object state) => (_starting ??= []).Add((callback, state));

    public void OnCompleted(Func<object, Task> callback, object state)
    {
        // nothing registers one on this path
    }

    public async Task RunStartingAsync()
    {
        if (_starting is { } callbacks)
        {
            _starting = null;
            for (var i = callbacks.Count - 1; i >= 0; i--)
            {
                await callbacks[i].Callback(callbacks[i].State).ConfigureAwait(false);
            }
        }
    }
}
