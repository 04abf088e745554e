using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vibedom.Testing.Network;

/// <summary>
/// A real Kestrel on 127.0.0.1 for the test servers (<see cref="UpstreamServer"/>, <see cref="Agents.ScriptedModelServer"/>):
/// one HTTPS port (HTTP/1.1 and HTTP/2, the given certificate) and one plain HTTP port, both chosen by the system, no body
/// size limit, WebSockets on, every request to one handler, no logging.
/// </summary>
public sealed class LoopbackKestrel : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackKestrel(WebApplication app, int httpsPort, int httpPort)
    {
        _app = app;
        HttpsPort = httpsPort;
        HttpPort = httpPort;
    }

    public int HttpsPort { get; }

    public int HttpPort { get; }

    public static async Task<LoopbackKestrel> StartAsync(X509Certificate2 certificate, RequestDelegate handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = HttpProtocols.Http1AndHttp2;
                o.UseHttps(certificate);
            });
            k.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(handle);
        await app.StartAsync().ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new LoopbackKestrel(
            app,
            new Uri(addresses.First(a => a.StartsWith("https", StringComparison.Ordinal))).Port,
            new Uri(addresses.First(a => a.StartsWith("http:", StringComparison.Ordinal))).Port);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
