namespace Vibedom.Testing.Network;

/// <summary>What <see cref="UpstreamServer"/>'s <c>/record</c> route received: target (path and query), headers, body.</summary>
public sealed record ReceivedRequest(string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>Everything received, as text (Latin-1: one char a byte), to search for a value.</summary>
    public string AllText => Target + "\n" + string.Join('\n', Headers.Select(h => $"{h.Key}: {h.Value}")) + "\n" + System.Text.Encoding.Latin1.GetString(Body);
}
