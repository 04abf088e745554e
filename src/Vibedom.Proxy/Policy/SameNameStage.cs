namespace Vibedom.Proxy.Policy;

/// <summary>
/// Stage 2: inside a tunnel the CONNECT host, the TLS SNI and the Host header name the same
/// host (421 otherwise): no domain fronting past the allowlist.
/// </summary>
internal sealed class SameNameStage : IEgressStage
{
    public const string Rule = "same-name";

    public ValueTask<PolicyDecision> EvaluateAsync(EgressRequest request, CancellationToken cancellationToken)
    {
        var expected = request.ConnectHost ?? request.Host;
        if (!string.IsNullOrEmpty(request.Sni) && !string.Equals(HostName.Normalize(request.Sni), expected, StringComparison.Ordinal))
        {
            return Deny($"TLS SNI '{request.Sni}' differs from CONNECT host '{expected}'");
        }

        if (!string.IsNullOrEmpty(request.HostHeader))
        {
            if (!string.Equals(HostName.Normalize(request.HostHeader), expected, StringComparison.Ordinal))
            {
                return Deny($"Host '{request.HostHeader}' differs from CONNECT host '{expected}'");
            }

            if (ExplicitPort(request.HostHeader) is { } port && port != request.Port)
            {
                return Deny($"Host '{request.HostHeader}' names another port than {request.Port}");
            }
        }

        return ValueTask.FromResult(PolicyDecision.Continue);
    }

    private static ValueTask<PolicyDecision> Deny(string reason) =>
        ValueTask.FromResult(PolicyDecision.Deny(Rule, 421, reason));

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
