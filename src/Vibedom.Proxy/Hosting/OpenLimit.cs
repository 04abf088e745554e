using System.Globalization;
using Microsoft.Extensions.Logging;
using Vibedom.Proxy.Policy;

namespace Vibedom.Proxy.Hosting;

/// <summary>
/// <c>[limits] connections</c>: the connections to the proxy open at once (plain, CONNECT tunnels intercepted or raw,
/// WebSockets) and, separately, the requests under way at once (each HTTP/1.1 request, each HTTP/2 stream, each
/// request inside a tunnel) are each at most the limit. Every open one costs the proxy, on the host, what Kestrel,
/// YARP and a streaming scrubber hold for it, and the agent decides how many it opens and how long each stalls. Past
/// the limit a new one is refused (503 <see cref="Rule"/>) and a place frees as soon as one ends. Connections past
/// twice the limit are closed unanswered: answering one holds it briefly, and that must not be unbounded either.
/// </summary>
internal sealed class OpenLimit(int limit, ILogger logger)
{
    public const string Rule = "connection-limit";

    /// <summary>Real clients open tens (npm 15 sockets, pip 10, uv 50 downloads, cargo 2 HTTP/2 connections of 100 streams).</summary>
    public const int Default = 256;

    private int _connections;
    private int _requests;
    private int _reported;

    /// <summary>What a new connection gets.</summary>
    public enum Admission
    {
        Open,
        Refuse,
        Drop,
    }

    public int Limit => limit;

    public PolicyDecision ConnectionRefusal { get; } = PolicyDecision.Deny(Rule, 503, string.Create(CultureInfo.InvariantCulture,
        $"{limit} connections to the proxy are open, its limit ([limits] connections): refused until one ends"));

    public PolicyDecision RequestRefusal { get; } = PolicyDecision.Deny(Rule, 503, string.Create(CultureInfo.InvariantCulture,
        $"{limit} requests are under way, the proxy's limit ([limits] connections): refused until one ends"));

    /// <summary>Counts a new connection (every admission, refused ones too, is ended with <see cref="CloseConnection"/>).</summary>
    public Admission OpenConnection()
    {
        var open = Interlocked.Increment(ref _connections);
        if (open <= limit)
        {
            return Admission.Open;
        }

        Reached("connections");
        return open <= 2 * limit ? Admission.Refuse : Admission.Drop;
    }

    public void CloseConnection() => Interlocked.Decrement(ref _connections);

    /// <summary>True when a request may start; it is then ended with <see cref="EndRequest"/>.</summary>
    public bool StartRequest()
    {
        if (Interlocked.Increment(ref _requests) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _requests);
        Reached("requests under way");
        return false;
    }

    public void EndRequest() => Interlocked.Decrement(ref _requests);

    /// <summary>The first time only (the refusals themselves are in network.jsonl, repeats folded): the diagnostics hear of it.</summary>
    private void Reached(string what)
    {
        if (Interlocked.Exchange(ref _reported, 1) == 0)
        {
            Logging.Log.OpenLimitReached(logger, limit, what);
        }
    }
}
