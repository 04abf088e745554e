using Vibedom.Proxy.Exchanges;

namespace Vibedom.Proxy.Policy;

/// <summary>
/// Inside a tunnel the CONNECT host, the TLS SNI and the Host header name the same
/// host (421 otherwise): no domain fronting past the allowlist.
/// </summary>
internal sealed class SameNameStage : IRequestTransform
{
    public const string Rule = "same-name";

    public ValueTask ApplyAsync(Exchange exchange, CancellationToken cancellationToken)
    {
        if (Check(exchange.Target) is { } reason)
        {
            exchange.Stop(PolicyDecision.Deny(Rule, 421, reason));
        }

        return ValueTask.CompletedTask;
    }

    private static string? Check(ExchangeTarget request)
    {
        var expected = request.ConnectHost ?? request.Host;
        if (!string.IsNullOrEmpty(request.Sni) && !string.Equals(HostName.Normalize(request.Sni), expected, StringComparison.Ordinal))
        {
            return $"TLS SNI '{request.Sni}' differs from CONNECT host '{expected}'";
        }

        if (!string.IsNullOrEmpty(request.HostHeader))
        {
            if (!string.Equals(HostName.Normalize(request.HostHeader), expected, StringComparison.Ordinal))
            {
                return $"Host '{request.HostHeader}' differs from CONNECT host '{expected}'";
            }

            if (ExplicitPort(request.HostHeader) is { } port && port != request.Port)
            {
                return $"Host '{request.HostHeader}' names another port than {request.Port}";
            }
        }

        return null;
    }

    private static int? ExplicitPort(string hostHeader)
    {
        var bracket = hostHeader.LastIndexOf(']');
        var colon = hostHeader.LastIndexOf(':');
        if (colon <= bracket || (bracket < 0 && colon != hostHeader.IndexOf(':', StringComparison.Ordinal)))
        {
            return null;
        }

        return int.TryParse(hostHeader.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : -1;
    }
}
