namespace Vibedom.Proxy.Ssh;

/// <summary>
/// Reads both sides of a raw tunnel as they pass (nothing is held back or changed) until the SSH key exchange shows
/// the server's host key, which travels in the clear. A small state machine, so that only the key exchange reply can
/// name the key: before the server's KEXINIT only IGNORE, DEBUG, UNIMPLEMENTED and DISCONNECT may come; the two
/// KEXINITs give the negotiated method; the key is the first field of its reply (31, or 33 after the group (31) in a
/// group exchange); any other message before it (a stray reply, 21-49 out of turn, a second KEXINIT, 50 and up) is
/// <see cref="State.Malformed"/>, with <see cref="Problem"/> saying why. The client's bytes must be fed before they are
/// forwarded, so its KEXINIT is known before the server can answer it. A server stream whose first line is not an SSH
/// version line is <see cref="State.NotSsh"/>. Thread-safe: each direction feeds from its own task.
/// </summary>
internal sealed class SshHostKeyWatch
{
    public enum State
    {
        Reading,
        NotSsh,
        Malformed,
        HostKey,
    }

    private readonly Lock _lock = new();
    private readonly SshPacketReader _server = new();
    private readonly SshPacketReader _client = new();
    private string[]? _serverMethods;
    private string[]? _clientMethods;
    private bool _clientDone;
    private bool _groupSeen;

    public State Current { get; private set; } = State.Reading;

    /// <summary>The server's host key blob, once <see cref="Current"/> is <see cref="State.HostKey"/>.</summary>
    public byte[]? HostKey { get; private set; }

    /// <summary>Why the exchange is <see cref="State.Malformed"/>.</summary>
    public string? Problem { get; private set; }

    /// <summary>Client-to-server bytes, before they are forwarded; read until the client's KEXINIT.</summary>
    public void FeedClient(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            if (_clientDone || Current != State.Reading)
            {
                return;
            }

            _client.Append(data);
            while (_client.Next(out var payload) is var step && step != SshPacketReader.Step.More)
            {
                if (step != SshPacketReader.Step.Packet || payload[0] == SshKex.KexInit)
                {
                    _clientMethods = step == SshPacketReader.Step.Packet ? SshKex.Methods(payload) : null;
                    _clientDone = true; // a client that breaks the framing leaves the method unknown: the reply is refused
                    return;
                }
            }
        }
    }

    /// <summary>Server-to-client bytes.</summary>
    public State Feed(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            if (Current != State.Reading)
            {
                return Current;
            }

            _server.Append(data);
            while (Current == State.Reading)
            {
                switch (_server.Next(out var payload))
                {
                    case SshPacketReader.Step.More:
                        return Current;
                    case SshPacketReader.Step.NotSsh:
                        return Current = State.NotSsh;
                    case SshPacketReader.Step.Malformed:
                        return Refuse("a packet out of bounds");
                    default:
                        Take(payload);
                        break;
                }
            }

            return Current;
        }
    }

    private void Take(byte[] payload)
    {
        var message = payload[0];
        if (message is >= 1 and <= 4)
        {
            return; // DISCONNECT, IGNORE, UNIMPLEMENTED, DEBUG
        }

        if (_serverMethods is null)
        {
            _serverMethods = message == SshKex.KexInit ? SshKex.Methods(payload) : null;
            if (_serverMethods is null)
            {
                Refuse(message == SshKex.KexInit ? "an unreadable KEXINIT" : $"message {message} before the server's KEXINIT");
            }

            return;
        }

        if (message is < 30 or > 49)
        {
            Refuse($"message {message} before the host key");
            return;
        }

        if (_clientMethods is null || SshKex.Negotiated(_clientMethods, _serverMethods) is not { } method)
        {
            Refuse($"message {message} before the key exchange method is known");
            return;
        }

        var reply = SshKex.ReplyOf(method);
        if (reply == 33 && message == 31 && !_groupSeen)
        {
            _groupSeen = true; // the group-exchange group: p and g, no key
            return;
        }

        if (message != reply || (reply == 33 && !_groupSeen))
        {
            Refuse($"message {message} where {method} replies with {reply}");
            return;
        }

        if (SshKex.HostKeyOf(payload.AsSpan(1)) is not { } key)
        {
            Refuse("a key exchange reply without a host key");
            return;
        }

        HostKey = key;
        Current = State.HostKey;
    }

    private State Refuse(string problem)
    {
        Problem = problem;
        return Current = State.Malformed;
    }
}
