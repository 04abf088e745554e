namespace Vibedom.Proxy.Exchanges;

/// <summary>
/// One step applied, in order, once the upstream's status and headers arrived and before they reach the client
/// (<see cref="Exchange.UpstreamResponse"/>; the client's response, headers already copied, in
/// <see cref="Exchange.Http"/>, whose body stream it may wrap to work as the body flows). It may stop the
/// response (<see cref="Exchange.Stop"/>): the client then gets the denial instead, and no byte of the body.
/// </summary>
internal interface IResponseTransform
{
    ValueTask ApplyAsync(Exchange exchange, CancellationToken cancellationToken);
}
