namespace Vibedom.Proxy.Exchanges;

/// <summary>
/// One step applied, in order, to every exchange before anything is forwarded (YARP's request transforms are
/// the model). It may read and change the request (<see cref="Exchange.Http"/>: headers, path, query, and the
/// body stream, which it may wrap to work as the body flows), record what it did
/// (<see cref="Exchange.Allow"/>, <see cref="Exchange.AddScrubbed"/>), or stop forwarding with a status and a
/// reason (<see cref="Exchange.Stop"/>): no later transform runs and nothing is sent upstream.
/// </summary>
internal interface IRequestTransform
{
    ValueTask ApplyAsync(Exchange exchange, CancellationToken cancellationToken);
}
