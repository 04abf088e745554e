using Vibedom.Proxy.Exchanges;

namespace Vibedom.Proxy.Tests.Infrastructure;

/// <summary>A request or response transform made of a function, for tests.</summary>
internal sealed class DelegateTransform(Action<Exchange> apply) : IRequestTransform, IResponseTransform
{
    public ValueTask ApplyAsync(Exchange exchange, CancellationToken cancellationToken)
    {
        apply(exchange);
        return ValueTask.CompletedTask;
    }
}
