using Vibedom.Core.Processes;
using Vibedom.Core.Processes.Pty;

namespace Vibedom.Core.Tests.Processes.Pty;

/// <summary>Shared by the pty runner's tests, which run one at a time (one collection): some send signals to the test process.</summary>
internal static class PtyTests
{
    public const string Collection = "pty runner";

    /// <summary>Milliseconds; a broken pty hangs rather than fails, so every test has a limit.</summary>
    public const int TimeLimit = 30_000;

    public static ProcessSpec Sh(string script) => ProcessSpec.Of("/bin/sh", "-c", script);

    public static Task<int> RunAsync(this FakeTerminal terminal, ProcessSpec spec, CancellationToken cancellationToken) =>
        new PtyProcessRunner(terminal.Terminal).RunAttachedAsync(spec, cancellationToken);
}
