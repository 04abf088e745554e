using System.Buffers.Binary;
using System.Net.Sockets;

namespace Vibedom.Core.Ssh;

internal sealed partial class AgentRelay
{
    private static readonly byte[] Failure = [0, 0, 0, 1, 5]; // SSH_AGENT_FAILURE

    /// <summary>One client: request, (filtered) response, in turn, until either side closes or breaks the framing.</summary>
    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        using (client)
        using (var agent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                if (await _agentSocket(cancellationToken).ConfigureAwait(false) is not { } agentSocket)
                {
                    return;
                }

                await agent.ConnectAsync(new UnixDomainSocketEndPoint(agentSocket), cancellationToken).ConfigureAwait(false);
                while (await ReadMessageAsync(client, cancellationToken).ConfigureAwait(false) is { } request)
                {
                    if (!IsAllowed(request))
                    {
                        await client.SendAsync(Failure, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    await agent.SendAsync(request, cancellationToken).ConfigureAwait(false);
                    if (await ReadMessageAsync(agent, cancellationToken).ConfigureAwait(false) is not { } response)
                    {
                        return;
                    }

                    await client.SendAsync(response, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // the client or the agent went away: the connection ends
            }
        }
    }

    /// <summary>List, sign, and of the extensions (27) only session-bind, by its name (an SSH string right after the type).</summary>
    private static bool IsAllowed(byte[] request)
    {
        if (request.Length < 5 || Array.IndexOf(Allowed, request[4]) < 0)
        {
            return false;
        }

        if (request[4] != Extension)
        {
            return true;
        }

        var fields = request.AsSpan(5);
        return fields.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(fields) is var length && length <= fields.Length - 4
            && fields.Slice(4, (int)length).SequenceEqual(SessionBind);
    }

    /// <summary>A whole message with its 4-byte length; null at end of stream or on a length out of bounds.</summary>
    private static async Task<byte[]?> ReadMessageAsync(Socket socket, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        if (!await ReadExactlyAsync(socket, header, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length is 0 or > MaxMessage)
        {
            return null;
        }

        var message = new byte[4 + length];
        header.CopyTo(message, 0);
        return await ReadExactlyAsync(socket, message.AsMemory(4), cancellationToken).ConfigureAwait(false) ? message : null;
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (buffer.Length > 0)
        {
            var n = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            buffer = buffer[n..];
        }

        return true;
    }
}
