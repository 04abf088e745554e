using System.Diagnostics;

namespace Vibedom.Core.Processes;

/// <summary>
/// A pipe to the standard input of a process that outlives the call that started it (a detached host): a private
/// channel, never a file, never argv or the environment. Closing it is end of input for the reader.
/// </summary>
public sealed class ProcessChannel : IAsyncDisposable
{
    private readonly Process _process;

    internal ProcessChannel(Process process)
    {
        _process = process;
    }

    /// <summary>Writes one line and flushes it; false when the reader is gone.</summary>
    public async Task<bool> SendAsync(string line)
    {
        try
        {
            await _process.StandardInput.WriteAsync(line + "\n").ConfigureAwait(false);
            await _process.StandardInput.FlushAsync().ConfigureAwait(false);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // the reader is gone: nothing to close for it
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
