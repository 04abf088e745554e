using Vibedom.Core.Processes.Native;
using static Vibedom.Core.Processes.Native.LinuxConstants;

namespace Vibedom.Core.Processes.Pty;

internal sealed unsafe partial class PtyRelay
{
    private const int BufferSize = 64 * 1024;
    private const byte EndOfFile = 0x04; // ^D, VEOF in every default termios

    private void PumpInput()
    {
        var buffer = stackalloc byte[BufferSize];
        var last = (byte)'\n';
        while (PtyIo.Wait(_input, PollIn, _inputWake) is PtyIo.Readiness.Ready)
        {
            var count = LibC.Read(_input, buffer, BufferSize);
            if (count > 0)
            {
                if (!PtyIo.WriteAll(_master, buffer, (int)count, _inputWake))
                {
                    return;
                }

                last = buffer[count - 1];
                continue;
            }

            if (count < 0 && LibC.Errno is EIntr or EAgain)
            {
                continue;
            }

            break;
        }

        if (_sendEofAtEnd && !_stopping)
        {
            // in canonical mode a pending partial line takes one ^D to flush and one more for EOF
            var eof = stackalloc byte[] { EndOfFile, EndOfFile };
            PtyIo.WriteAll(_master, eof, last == (byte)'\n' ? 1 : 2, _inputWake);
        }
    }

    private void PumpOutput()
    {
        try
        {
            RelayOutput();
        }
        finally
        {
            _drained.TrySetResult();
        }
    }

    private void RelayOutput()
    {
        var buffer = stackalloc byte[BufferSize];
        var outputOpen = true;
        long drainUntil = long.MaxValue;
        while (!_stopping)
        {
            if (_childExited && drainUntil == long.MaxValue)
            {
                drainUntil = Environment.TickCount64 + MaxDrainAfterExitMilliseconds;
            }

            if (Environment.TickCount64 >= drainUntil)
            {
                return;
            }

            var timeout = _childExited ? QuietAfterExitMilliseconds : -1;
            switch (PtyIo.Wait(_master, PollIn, _childExited ? null : _outputWake, timeout))
            {
                case PtyIo.Readiness.Woken:
                    _outputWake.Drain();
                    continue;
                case PtyIo.Readiness.TimedOut or PtyIo.Readiness.Failed:
                    return;
            }

            var count = LibC.Read(_master, buffer, BufferSize);
            if (count > 0)
            {
                // a closed or broken output still gets the pty drained, so the child never blocks
                outputOpen = outputOpen && PtyIo.WriteAll(_output, buffer, (int)count, null);
                Screen.Observe(new ReadOnlySpan<byte>(buffer, (int)count));
                continue;
            }

            if (count < 0 && LibC.Errno is EIntr or EAgain)
            {
                continue;
            }

            return; // EIO: every slave descriptor is closed and everything has been read
        }
    }
}
