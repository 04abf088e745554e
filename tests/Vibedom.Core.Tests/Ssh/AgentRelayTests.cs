using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Vibedom.Core.Ssh;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Ssh;

/// <summary>The agent relay against a fake agent (a Unix socket in the test) that records every message reaching it.</summary>
public sealed class AgentRelayTests : IAsyncLifetime
{
    private const byte Failure = 5;
    private const byte Success = 6;
    private readonly TempDirectory _folder = new();
    private readonly ConcurrentQueue<byte[]> _reached = new();
    private readonly CancellationTokenSource _stop = new();
    private Socket? _agent;
    private Task? _serving;
    private AgentRelay? _relay;

    public async ValueTask InitializeAsync()
    {
        var agentPath = _folder.Combine("agent");
        _agent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _agent.Bind(new UnixDomainSocketEndPoint(agentPath));
        _agent.Listen(4);
        _serving = Task.Run(() => ServeAsync(_agent, _stop.Token));
        _relay = AgentRelay.Start(_folder.Combine("relay"), agentPath);
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData("query")]
    [InlineData("restrict-destination-v00@openssh.com")]
    [InlineData("session-bind@openssh.com.evil")]
    [InlineData("")]
    public async Task An_extension_other_than_session_bind_fails_without_reaching_the_agent(string name)
    {
        using var client = await ConnectAsync();

        var answer = await AskAsync(client, Extension(name, [1, 2, 3]));

        Assert.Equal(Failure, answer);
        Assert.Empty(_reached);
    }

    [Fact]
    public async Task An_extension_whose_name_overruns_the_message_fails_without_reaching_the_agent()
    {
        using var client = await ConnectAsync();

        var answer = await AskAsync(client, [27, 0, 0, 0, 200, (byte)'s']);

        Assert.Equal(Failure, answer);
        Assert.Empty(_reached);
    }

    [Fact]
    public async Task Session_bind_reaches_the_agent_as_sent()
    {
        using var client = await ConnectAsync();
        var request = Extension("session-bind@openssh.com", [9, 9, 9]);

        var answer = await AskAsync(client, request);

        Assert.Equal(Success, answer);
        Assert.Equal(Frame(request), Assert.Single(_reached));
    }

    [Fact]
    public async Task Add_identity_fails_without_reaching_the_agent_while_list_reaches_it()
    {
        using var client = await ConnectAsync();

        Assert.Equal(Failure, await AskAsync(client, [17, 1, 2, 3]));
        Assert.Equal(Success, await AskAsync(client, [11]));
        Assert.Equal(Frame([11]), Assert.Single(_reached));
    }

    private static byte[] Extension(string name, byte[] contents)
    {
        var bytes = Encoding.ASCII.GetBytes(name);
        var message = new byte[1 + 4 + bytes.Length + contents.Length];
        message[0] = 27;
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(1), (uint)bytes.Length);
        bytes.CopyTo(message, 5);
        contents.CopyTo(message, 5 + bytes.Length);
        return message;
    }

    private static byte[] Frame(byte[] body)
    {
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    private async Task<Socket> ConnectAsync()
    {
        var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(_folder.Combine("relay")), TestContext.Current.CancellationToken);
        return client;
    }

    /// <summary>Sends one request; the answer's message type.</summary>
    private static async Task<byte> AskAsync(Socket client, byte[] body)
    {
        await client.SendAsync(Frame(body), TestContext.Current.CancellationToken);
        var answer = await ReadAsync(client, TestContext.Current.CancellationToken);
        return Assert.IsType<byte[]>(answer)[4];
    }

    private static async Task<byte[]?> ReadAsync(Socket socket, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        if (await socket.ReceiveAsync(header, SocketFlags.None, cancellationToken) < 4)
        {
            return null;
        }

        var message = new byte[4 + BinaryPrimitives.ReadUInt32BigEndian(header)];
        header.CopyTo(message, 0);
        var read = 4;
        while (read < message.Length)
        {
            var n = await socket.ReceiveAsync(message.AsMemory(read), SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                return null;
            }

            read += n;
        }

        return message;
    }

    /// <summary>The fake agent: records each message, answers SSH_AGENT_SUCCESS.</summary>
    private async Task ServeAsync(Socket listener, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var connection = await listener.AcceptAsync(cancellationToken);
                _ = Task.Run(async () =>
                {
                    using (connection)
                    {
                        try
                        {
                            while (await ReadAsync(connection, cancellationToken) is { } message)
                            {
                                _reached.Enqueue(message);
                                await connection.SendAsync(Frame([Success]), cancellationToken);
                            }
                        }
                        catch (Exception e) when (e is OperationCanceledException or SocketException)
                        {
                        }
                    }
                }, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _relay!.DisposeAsync();
        await _stop.CancelAsync();
        _agent!.Dispose();
        await _serving!;
        _stop.Dispose();
        _folder.Dispose();
    }
}
