using System.Net.Sockets;
using Vibedom.Proxy.Ssh;

namespace Vibedom.Proxy.Hosting;

internal sealed partial class ConnectTunnelMiddleware
{
    /// <summary>
    /// The proxy's own host-key check of a raw tunnel (SSH): the server's key, read from the clear key exchange reply (<see cref="SshHostKeyWatch"/>), must be
    /// listed for the CONNECT host in the session's known_hosts, whatever the client inside was told to check. A key
    /// that is not (changed, spoofed, unknown, revoked) ends the tunnel right after the chunk that carried it: the
    /// client still sees the key (and says so itself), and nothing it sends after the key exchange reaches the server.
    /// On port 22 the server must speak SSH. Without a known_hosts path (no SSH set-up), nothing is checked.
    /// </summary>
    private HostKeyGate HostKeyCheck(ConnectRequest connect, Socket upstream) => new(proxy.SshKnownHostsPath, connect.Host, connect.Port, upstream);

    private sealed class HostKeyGate(string? knownHosts, string host, int port, Socket upstream)
    {
        private readonly SshHostKeyWatch _watch = new();

        public string? Refusal { get; private set; }

        /// <summary>The client's bytes, before they are forwarded (its KEXINIT names the method the server will run).</summary>
        public void Observe(ReadOnlyMemory<byte> chunk)
        {
            if (knownHosts is not null)
            {
                _watch.FeedClient(chunk.Span);
            }
        }

        /// <summary>True (stop relaying) once the tunnel is refused; upstream is shut first.</summary>
        public bool Inspect(ReadOnlyMemory<byte> chunk)
        {
            if (knownHosts is null || _watch.Current != SshHostKeyWatch.State.Reading)
            {
                return false;
            }

            Refusal = _watch.Feed(chunk.Span) switch
            {
                SshHostKeyWatch.State.NotSsh when port == 22 => $"{host}:{port} does not speak SSH: tunnel closed",
                SshHostKeyWatch.State.Malformed => $"{host}:{port}: unreadable SSH key exchange ({_watch.Problem}): tunnel closed",
                SshHostKeyWatch.State.HostKey => KnownHostKeys.Check(knownHosts, host, port, _watch.HostKey!) switch
                {
                    KnownHostKeys.Verdict.Listed => null,
                    KnownHostKeys.Verdict.Revoked => $"ssh host key {KnownHostKeys.Fingerprint(_watch.HostKey!)} of {host}:{port} is revoked in known_hosts: tunnel closed",
                    _ => $"ssh host key {KnownHostKeys.Fingerprint(_watch.HostKey!)} of {host}:{port} is not in known_hosts (changed, or someone is in the way): tunnel closed",
                },
                _ => null,
            };
            if (Refusal is null)
            {
                return false;
            }

            try
            {
                upstream.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }

            return true;
        }
    }
}
