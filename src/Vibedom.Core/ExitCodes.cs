namespace Vibedom.Core;

/// <summary>Every exit code vibedom itself uses (DESIGN §8). A foreground run exits with the command's code.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Error = 1;

    /// <summary><c>scan</c> found secrets (as gitleaks does).</summary>
    public const int SecretsFound = 1;
    public const int UsageOrConfig = 2;
    public const int RuntimeUnavailable = 3;
    public const int ApplyConflict = 4;
    public const int Cancelled = 5;

    /// <summary><c>scan</c> found no secret but could not read some files (they are listed).</summary>
    public const int ScanIncomplete = 6;

    /// <summary>
    /// The command was found on the host but is refused: a link on its way (or its interpreter's) leads into the workspace.
    /// As a shell's "found but cannot be run".
    /// </summary>
    public const int CommandRefused = 126;

    /// <summary>The command could not be found inside the sandbox, as a shell reports it.</summary>
    public const int CommandNotFound = 127;
}
