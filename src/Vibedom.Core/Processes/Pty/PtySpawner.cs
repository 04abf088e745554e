using System.Runtime.InteropServices;
using Vibedom.Core.Errors;
using Vibedom.Core.Processes.Native;
using static Vibedom.Core.Processes.Native.LinuxConstants;

namespace Vibedom.Core.Processes.Pty;

/// <summary>
/// Starts the child on the pty's slave with posix_spawn (no fork in a multithreaded runtime).
/// glibc's child runs setsid() (POSIX_SPAWN_SETSID) before the file actions, so the child is
/// a session leader without a controlling terminal when it opens the slave by path; that open
/// (without O_NOCTTY) makes the slave its controlling terminal and its process group the
/// foreground one, which is where the line discipline sends SIGINT for a typed Ctrl-C.
/// Then: slave on 0/1/2 (or on those of them <see cref="PtyStreams"/> names: the rest stay vibedom's), every other descriptor closed, signal dispositions and mask reset
/// (the runtime ignores SIGPIPE, which exec would otherwise pass on), cleared environment.
/// </summary>
internal static unsafe class PtySpawner
{
    /// <summary>What a shell returns for a program it found but cannot run.</summary>
    public const int CannotExecute = 126;

    public static int Spawn(string program, IReadOnlyList<string> argv, IReadOnlyList<string> environment, string slavePath, string? workingDirectory, PtyStreams streams = PtyStreams.All)
    {
        int[] slaveFds = [.. new[] { PtyStreams.Input, PtyStreams.Output, PtyStreams.Error }.Select((s, fd) => streams.HasFlag(s) ? fd : -1).Where(fd => fd >= 0)];
        if (slaveFds.Length == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(streams), "no descriptor for the pty");
        }

        using var args = new NativeStrings(argv);
        using var env = new NativeStrings(environment);
        using var paths = new NativeStrings([program, slavePath, workingDirectory ?? string.Empty]);
        var attributes = NativeMemory.AllocZeroed(LibC.SpawnObjectSize);
        var actions = NativeMemory.AllocZeroed(LibC.SpawnObjectSize);
        var signals = NativeMemory.AllocZeroed(LibC.SigSetSize);
        Check(LibC.SpawnAttrInit(attributes), "posix_spawnattr_init");
        Check(LibC.FileActionsInit(actions), "posix_spawn_file_actions_init");
        try
        {
            Check(LibC.SpawnAttrSetFlags(attributes, SpawnSetSid | SpawnSetSigDef | SpawnSetSigMask), "posix_spawnattr_setflags");
            LibC.SigFillSet(signals);
            Check(LibC.SpawnAttrSetSigDefault(attributes, signals), "posix_spawnattr_setsigdefault");
            LibC.SigEmptySet(signals);
            Check(LibC.SpawnAttrSetSigMask(attributes, signals), "posix_spawnattr_setsigmask");

            Check(LibC.FileActionsAddOpen(actions, slaveFds[0], paths[1], ORdWr, 0), "posix_spawn_file_actions_addopen");
            foreach (var fd in slaveFds.Skip(1))
            {
                Check(LibC.FileActionsAddDup2(actions, slaveFds[0], fd), "posix_spawn_file_actions_adddup2");
            }

            Check(LibC.FileActionsAddCloseFrom(actions, 3), "posix_spawn_file_actions_addclosefrom_np");
            if (workingDirectory is not null)
            {
                Check(LibC.FileActionsAddChdir(actions, paths[2]), "posix_spawn_file_actions_addchdir_np");
            }

            int pid;
            var error = LibC.PosixSpawn(&pid, paths[0], actions, attributes, args.Pointer, env.Pointer);
            return error switch
            {
                0 => pid,
                ENoEnt => throw VibedomException.WithCode($"{program}: command not found", ExitCodes.CommandNotFound),
                EAccess or ENoExec => throw VibedomException.WithCode($"{program}: cannot execute: {Marshal.GetPInvokeErrorMessage(error)}", CannotExecute),
                _ => throw NativeError.Failed($"posix_spawn {program}", error),
            };
        }
        finally
        {
            LibC.FileActionsDestroy(actions);
            LibC.SpawnAttrDestroy(attributes);
            NativeMemory.Free(signals);
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
        }
    }

    private static void Check(int error, string call)
    {
        if (error != 0)
        {
            throw NativeError.Failed(call, error);
        }
    }
}
