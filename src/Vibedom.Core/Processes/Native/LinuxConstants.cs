namespace Vibedom.Core.Processes.Native;

/// <summary>Linux (glibc, x86-64 and arm64) values of the constants the pty runner passes to libc.</summary>
internal static class LinuxConstants
{
    public const int ORdWr = 0x2;
    public const int ONoCtty = 0x100;
    public const int ONonBlock = 0x800;
    public const int OCloExec = 0x80000;

    public const int FGetFl = 3;
    public const int FSetFl = 4;

    public const int EIntr = 4;
    public const int EIo = 5;
    public const int EAgain = 11;
    public const int EAccess = 13;
    public const int ENoEnt = 2;
    public const int ENoExec = 8;
    public const int EChild = 10;

    public const short PollIn = 0x1;
    public const short PollOut = 0x4;
    public const short PollErr = 0x8;
    public const short PollHup = 0x10;
    public const short PollNval = 0x20;

    public const nuint TiocGPgrp = 0x540F;
    public const nuint TiocGWinSz = 0x5413;
    public const nuint TiocSWinSz = 0x5414;
    public const nuint TiocInQ = 0x541B;
    public const nuint TiocGPtn = 0x80045430;
    public const nuint TiocSPtLck = 0x40045431;
    public const nuint TiocGPtPeer = 0x5441;

    public const int TcsaNow = 0;
    public const int TcsaDrain = 1;

    /// <summary>Byte offsets of c_oflag and c_lflag in struct termios (tcflag_t is 32-bit).</summary>
    public const int TermiosOFlagOffset = 4;
    public const int TermiosLFlagOffset = 12;
    public const uint OnlCr = 0x4;
    public const uint Echo = 0x8;

    public const short SpawnSetSigDef = 0x04;
    public const short SpawnSetSigMask = 0x08;
    public const short SpawnSetSid = 0x80;

    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigQuit = 3;
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigWinch = 28;
}
