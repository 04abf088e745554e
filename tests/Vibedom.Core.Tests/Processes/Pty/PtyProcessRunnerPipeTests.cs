using System.IO.Pipes;
using System.Text;
using Vibedom.Core.Processes;
using Vibedom.Core.Processes.Pty;
using Xunit;
using static Vibedom.Core.Tests.Processes.Pty.PtyTests;

namespace Vibedom.Core.Tests.Processes.Pty;

/// <summary>vibedom with pipes for stdin and stdout (CI, scripts): the child still gets a pty.</summary>
[Collection(Collection)]
public sealed class PtyProcessRunnerPipeTests
{
    [Fact(Timeout = TimeLimit)]
    public async Task Piped_input_reaches_the_child_on_a_tty_and_its_end_is_end_of_file()
    {
        var (status, output) = await RunPipedAsync(Sh("test -t 0 && echo on-a-tty; cat"), "hello\nworld", TestContext.Current.CancellationToken);

        Assert.Equal(0, status);
        Assert.Equal("on-a-tty\nhello\nworld", output); // no echo of the input, no CR added
    }

    [Fact(Timeout = TimeLimit)]
    public async Task Empty_input_is_end_of_file_at_once()
    {
        var (status, output) = await RunPipedAsync(ProcessSpec.Of("cat"), string.Empty, TestContext.Current.CancellationToken);

        Assert.Equal(0, status);
        Assert.Equal(string.Empty, output);
    }

    [Fact(Timeout = TimeLimit)]
    public async Task Child_gets_a_24x80_terminal_when_vibedom_has_none()
    {
        var (status, output) = await RunPipedAsync(ProcessSpec.Of("stty", "size"), string.Empty, TestContext.Current.CancellationToken);

        Assert.Equal(0, status);
        Assert.Equal("24 80\n", output);
    }

    [Fact(Timeout = TimeLimit)]
    public async Task Output_to_a_pipe_arrives_byte_for_byte()
    {
        var expected = string.Concat(Enumerable.Range(1, 200_000).Select(i => $"{i}\n"));

        var (status, output) = await RunPipedAsync(ProcessSpec.Of("seq", "1", "200000"), string.Empty, TestContext.Current.CancellationToken);

        Assert.Equal(0, status);
        Assert.Equal(expected.Length, output.Length);
        Assert.Equal(expected, output);
    }

    private static async Task<(int Status, string Output)> RunPipedAsync(ProcessSpec spec, string input, CancellationToken ct)
    {
        using var stdin = new AnonymousPipeServerStream(PipeDirection.In);
        using var stdout = new AnonymousPipeServerStream(PipeDirection.In);
        var keyboard = new AnonymousPipeClientStream(PipeDirection.Out, stdin.ClientSafePipeHandle);
        var terminal = new PtyTerminal(
            (int)stdin.SafePipeHandle.DangerousGetHandle(),
            (int)stdout.ClientSafePipeHandle.DangerousGetHandle());
        var reading = new StreamReader(stdout, Encoding.UTF8).ReadToEndAsync(ct);

        var run = new PtyProcessRunner(terminal).RunAttachedAsync(spec, ct);
        await keyboard.WriteAsync(Encoding.UTF8.GetBytes(input), ct);
        await keyboard.DisposeAsync(); // end of input
        var status = await run;
        stdout.DisposeLocalCopyOfClientHandle();

        return (status, await reading);
    }
}
