using System.Text;
using Vibedom.Core.Processes.Pty;
using Vibedom.Core.Processes.Native;
using Xunit;
using static Vibedom.Core.Processes.Native.LinuxConstants;

namespace Vibedom.Core.Tests.Processes.Pty;

/// <summary>
/// The user's terminal, played by a pseudo-terminal the test opens: vibedom reads and writes
/// its slave (as it would /dev/pts/N of a real terminal); the test types into the master and
/// reads what reached the screen. A background thread keeps reading, so output never blocks.
/// </summary>
internal sealed class FakeTerminal : IDisposable
{
    private readonly PtyPair _pty = PtyPair.Open();
    private readonly PtyWakePipe _stop = new();
    private readonly List<byte> _screen = [];
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];
    private readonly Lock _lock = new();
    private readonly Thread _reader;

    public FakeTerminal(ushort rows = 24, ushort columns = 80)
    {
        Resize(rows, columns);
        InitialSettings = Termios.TryRead(_pty.Slave)!;
        _reader = new Thread(ReadScreen) { IsBackground = true, Name = "fake terminal" };
        _reader.Start();
    }

    /// <summary>What vibedom is given as its stdin and stdout.</summary>
    public PtyTerminal Terminal => new(_pty.Slave, _pty.Slave);

    public string DevicePath => _pty.SlavePath;

    public Termios InitialSettings { get; }

    public Termios CurrentSettings => Termios.TryRead(_pty.Slave)!;

    public string Screen
    {
        get
        {
            lock (_lock)
            {
                return Encoding.UTF8.GetString([.. _screen]);
            }
        }
    }

    /// <summary>
    /// Everything vibedom has written so far, once it has reached the screen: writes a marker
    /// behind it (as vibedom's next output would be) and waits for the marker. The terminal reset
    /// vibedom writes once a child has ended (<see cref="PtyScreenModes"/>) is left out: it is not the child's output.
    /// </summary>
    public async Task<string> SettledScreenAsync()
    {
        var marker = $"<settled {Guid.NewGuid():N}>";
        Assert.True(PtyIo.WriteAll(_pty.Slave, Encoding.UTF8.GetBytes(marker), null));
        await WaitForAsync(marker);
        var screen = Screen;
        screen = screen[..screen.IndexOf(marker, StringComparison.Ordinal)];
        var reset = Encoding.ASCII.GetString(new PtyScreenModes().ResetSequence());
        return screen.EndsWith(reset, StringComparison.Ordinal) ? screen[..^reset.Length] : screen;
    }

    /// <summary>True when bytes wait in the terminal's input queue, i.e. the user's shell would read them next.</summary>
    public bool HasPendingInput => PtyIo.Wait(_pty.Slave, PollIn, null, 0) == PtyIo.Readiness.Ready;

    public void Type(string keys) => Assert.True(PtyIo.WriteAll(_pty.Master, Encoding.UTF8.GetBytes(keys), null));

    /// <summary>Resizes the terminal, as a terminal emulator does when its window is resized.</summary>
    public void Resize(ushort rows, ushort columns) => _pty.SetWindowSize(new LibC.WindowSize { Rows = rows, Columns = columns });

    /// <summary>Completes when <paramref name="text"/> has reached the screen; fails after 10 s.</summary>
    public Task WaitForAsync(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (Encoding.UTF8.GetString([.. _screen]).Contains(text, StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((text, seen));
        }

        return seen.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        _stop.Signal();
        _reader.Join();
        _stop.Dispose();
        _pty.Dispose();
    }

    private void ReadScreen()
    {
        var buffer = new byte[65536];
        while (PtyIo.Wait(_pty.Master, PollIn, _stop) == PtyIo.Readiness.Ready)
        {
            var count = PtyIo.Read(_pty.Master, buffer);
            if (count <= 0)
            {
                continue;
            }

            lock (_lock)
            {
                _screen.AddRange(buffer.AsSpan(0, count));
                if (_waiters.Count == 0)
                {
                    continue;
                }

                var screen = Encoding.UTF8.GetString([.. _screen]);
                foreach (var waiter in _waiters.Where(w => screen.Contains(w.Text, StringComparison.Ordinal)).ToList())
                {
                    waiter.Seen.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }
    }
}
