using Xunit;

namespace Vibedom.Proxy.Tests.WebSockets;

/// <summary>
/// Tests that measure the process's live managed heap around the proxy they run: alone, so that no other test's
/// buffers count as the proxy's.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasuringCollection
{
    public const string Name = "memory measuring";
}
