using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Vibedom.Proxy.Exchanges;

namespace Vibedom.Proxy.Hosting;

internal sealed partial class ConnectTunnelMiddleware
{
    /// <summary>How long a connection past <c>[limits] connections</c> is held to be answered: its first bytes, then its close.</summary>
    private static readonly TimeSpan RefusalWait = TimeSpan.FromSeconds(1);

    private static readonly ExchangeTarget Unread = new("-", "-", 0, "-");

    /// <summary>
    /// A connection past the limit: its line (the same each time, so a flood folds into one line with a count), then, unless
    /// it is past twice the limit, a 503 once its first bytes came (answered before the client wrote, the answer can be
    /// lost to a reset), the answer's end, and a short wait for the client to close.
    /// </summary>
    private async Task RefuseAsync(ConnectionContext connection, OpenLimit.Admission admission)
    {
        var exchange = new Exchange(proxy, Unread);
        exchange.Stop(proxy.Open.ConnectionRefusal);
        try
        {
            if (admission == OpenLimit.Admission.Drop)
            {
                exchange.Note("closed unanswered: connections past twice the limit");
                connection.Abort();
                return;
            }

            using var wait = new CancellationTokenSource(RefusalWait, proxy.TimeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(wait.Token, connection.ConnectionClosed);
            var input = connection.Transport.Input;
            try
            {
                var first = await input.ReadAsync(linked.Token).ConfigureAwait(false);
                input.AdvanceTo(first.Buffer.End);
            }
            catch (OperationCanceledException)
            {
            }

            var decision = exchange.Decision;
            await WriteRawAsync(connection, StatusLine(decision.StatusCode), decision.Rule, decision.Reason).ConfigureAwait(false);
            try
            {
                // what the client still sends is read and dropped until it closes, so it reads the answer and not a reset
                ReadResult read;
                do
                {
                    read = await input.ReadAsync(linked.Token).ConfigureAwait(false);
                    input.AdvanceTo(read.Buffer.End);
                }
                while (!read.IsCompleted);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException)
            {
            }
        }
        finally
        {
            exchange.End();
        }
    }
}
