using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Vibedom.Proxy.Logging;
using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.Hosting;

/// <summary>The Kestrel host and the upstream HTTP handler behind <see cref="EgressProxy.StartAsync"/>.</summary>
public static partial class EgressProxy
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(2);

    private static SocketsHttpHandler CreateHandler(EgressResolver resolver, ValidatedOptions validated)
    {
        var validator = new UpstreamCertificateValidator(validated.UpstreamRoots);
        return new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ActivityHeadersPropagator = null,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            ConnectCallback = new SafeConnector(resolver).ConnectAsync,
            SslOptions = { RemoteCertificateValidationCallback = validator.Validate },
        };
    }

    private static WebApplication Build(ProxyOptions options, ProxySlot slot, ILoggerFactory diagnostics)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(QuietFrameworkLoggerFactory.Wrap(diagnostics, (status, problem) => slot.Context?.AuditRefusedByServer(status, problem)));
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedLifetime>();
        // open tunnels (SSE, git over SSH) get this long to finish when the session stops
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = ShutdownGrace);
        builder.Services.AddHttpForwarder();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
            // as most servers: an HTTP/2 client keeps to it, so cargo's 2 connections stay under [limits] connections
            kestrel.Limits.Http2.MaxStreamsPerConnection = 100;
            // as the CONNECT path: larger is refused (414/431) by Kestrel, and audited (BadRequestLogger)
            kestrel.Limits.MaxRequestLineSize = ConnectTunnelMiddleware.MaxHeaderBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 2 * ConnectTunnelMiddleware.MaxHeaderBytes;
            void Configure(ListenOptions listen)
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.Use(next => connection => slot.Tunnel!.OnConnectionAsync(connection, next));
            }

            if (options.UnixSocketPath is { } socket)
            {
                DeleteStaleSocket(socket);
                kestrel.ListenUnixSocket(socket, Configure);
            }

            if (options.ListenHandle is { } handle)
            {
                kestrel.ListenHandle(handle, Configure);
            }

            if (options.LoopbackPort is { } port)
            {
                kestrel.Listen(IPAddress.Loopback, port, Configure);
            }
        });
        // after Kestrel's own registration: its sockets then receive, and its pipes hold, 32 KiB blocks (LargeBlockMemoryPool)
        builder.Services.RemoveAll<IMemoryPoolFactory<byte>>();
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>>(new LargeBlockMemoryPoolFactory(slot.Pool));

        var app = builder.Build();
        app.Run(context => slot.Handler!.HandleAsync(context));
        return app;
    }

    /// <summary>What the host needs once the configuration is checked (filled before the server starts).</summary>
    private sealed class ProxySlot
    {
        /// <summary>Kestrel's sockets and the intercepted TLS pipes take their buffers from it.</summary>
        public LargeBlockMemoryPool Pool { get; } = new();

        public ProxyContext? Context { get; set; }

        public ConnectTunnelMiddleware? Tunnel { get; set; }

        public ProxyRequestHandler? Handler { get; set; }
    }

    private static void DeleteStaleSocket(string path)
    {
        if (File.Exists(path) && (File.GetAttributes(path) & FileAttributes.Normal) == 0)
        {
            File.Delete(path);
        }
    }

    private static IPEndPoint? LoopbackEndPoint(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            if (address.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)
                && int.TryParse(address.AsSpan("http://127.0.0.1:".Length), System.Globalization.CultureInfo.InvariantCulture, out var port))
            {
                return new IPEndPoint(IPAddress.Loopback, port);
            }
        }

        return null;
    }
}
