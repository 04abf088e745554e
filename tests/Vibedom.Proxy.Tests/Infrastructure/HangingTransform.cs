using Vibedom.Proxy.Exchanges;

namespace Vibedom.Proxy.Tests.Infrastructure;

/// <summary>Works until the client leaves (the request's cancellation), as a slow check would.</summary>
internal sealed class HangingTransform : IRequestTransform
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Entered => _entered.Task;

    public async ValueTask ApplyAsync(Exchange exchange, CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        await Task.Delay(TimeSpan.FromMinutes(2), cancellationToken); // a bound, not a timing: the client leaves first
    }
}
