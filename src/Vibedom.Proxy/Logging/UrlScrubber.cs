using System.Text;

namespace Vibedom.Proxy.Logging;

/// <summary>Builds the logged URL: scheme, host, port, path; every query value replaced, keys kept.</summary>
internal static class UrlScrubber
{
    public const string Redacted = "[REDACTED]";

    public static string Build(string scheme, string host, int port, string path, string? query)
    {
        var builder = new StringBuilder(scheme.Length + host.Length + path.Length + 16);
        builder.Append(scheme).Append("://");
        builder.Append(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host);
        if (!(scheme == "https" && port == 443) && !(scheme == "http" && port == 80))
        {
            builder.Append(':').Append(port);
        }

        builder.Append(string.IsNullOrEmpty(path) ? "/" : path);
        AppendQuery(builder, query);
        return builder.ToString();
    }

    /// <summary>Scheme and authority kept, path and query replaced by one marker (a secret split across path segments).</summary>
    public static string WithoutPath(string url)
    {
        var authority = url.IndexOf("://", StringComparison.Ordinal);
        var path = authority < 0 ? url.IndexOf('/', StringComparison.Ordinal) : url.IndexOf('/', authority + 3);
        return (path < 0 ? url : url[..path]) + "/" + SplitPath;
    }

    public const string SplitPath = "[REDACTED_split-across-segments]";

    public static void AppendQuery(StringBuilder builder, string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return;
        }

        var first = true;
        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            builder.Append(first ? '?' : '&');
            first = false;
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                builder.Append(pair.Length == 0 ? string.Empty : Redacted);
            }
            else
            {
                builder.Append(pair.AsSpan(0, equals)).Append('=').Append(Redacted);
            }
        }
    }
}
