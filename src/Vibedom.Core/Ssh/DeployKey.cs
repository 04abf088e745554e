using Vibedom.Core.Errors;
using Vibedom.Core.Home;
using Vibedom.Core.Processes;
using Vibedom.Scanning.Hashing;

namespace Vibedom.Core.Ssh;

/// <summary>
/// The per-machine deploy key (keys/id_ed25519_vibedom): shown, fingerprinted, rotated. A rotation keeps the old
/// pair as <c>.old</c> until the user confirms the new one is registered (<see cref="ConfirmRotation"/>).
/// </summary>
public static class DeployKey
{
    public static string PublicKeyPath(VibedomHome home) => home.DeployKey + ".pub";

    public static string OldKeyPath(VibedomHome home) => home.DeployKey + ".old";

    /// <summary>The public key line; a missing key is a config error naming init (exit 2).</summary>
    public static string PublicKey(VibedomHome home)
    {
        var path = PublicKeyPath(home);
        if (!File.Exists(home.DeployKey) || !File.Exists(path))
        {
            throw VibedomException.Config($"the deploy key {home.DeployKey} is missing; run 'vibedom init' to create it");
        }

        return File.ReadAllText(path).Trim();
    }

    /// <summary>
    /// Fails (config error, exit 2) when the private key is missing or protected by a passphrase: the session's
    /// ssh-agent could not load it. Checked at a session's start, before the sandbox runs.
    /// </summary>
    public static void RequireUsablePrivateKey(VibedomHome home)
    {
        if (!File.Exists(home.DeployKey))
        {
            throw VibedomException.Config($"the deploy key {home.DeployKey} is missing; run 'vibedom init' to create it");
        }

        if (PrivateKeyFile.HasPassphrase(PrivateKeyFile.ReadHead(home.DeployKey)))
        {
            throw VibedomException.Config($"the deploy key {home.DeployKey} has a passphrase, which the session's ssh-agent cannot use; 'vibedom key --rotate' makes a new one");
        }
    }

    /// <summary>SHA256:... of the public key, as ssh-keygen -l prints it.</summary>
    public static string Fingerprint(VibedomHome home) => FingerprintOf(PublicKey(home));

    /// <summary>SHA256:... of a public key line (<c>type base64 [comment]</c>); "unreadable" when it is not one.</summary>
    public static string FingerprintOf(string publicKeyLine)
    {
        var parts = publicKeyLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        try
        {
            return parts.Length >= 2 ? "SHA256:" + Convert.ToBase64String(Sha256.HashData(Convert.FromBase64String(parts[1]))).TrimEnd('=') : "unreadable";
        }
        catch (FormatException)
        {
            return "unreadable";
        }
    }

    /// <summary>
    /// Moves the current pair to <c>.old</c>/<c>.old.pub</c> and makes a new one; refused while an unconfirmed
    /// rotation's <c>.old</c> exists (its key may still be the only one registered).
    /// </summary>
    public static async Task RotateAsync(VibedomHome home, string hostName, CancellationToken cancellationToken)
    {
        PublicKey(home);
        var old = OldKeyPath(home);
        if (File.Exists(old))
        {
            throw VibedomException.Usage($"a rotated key is still kept at {old}; once the new key is registered, run 'vibedom key --confirm' first");
        }

        File.Move(home.DeployKey, old);
        File.Move(PublicKeyPath(home), old + ".pub");
        try
        {
            await CreateAsync(home, hostName, ProcessRunner.Default, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            File.Move(old, home.DeployKey);
            File.Move(old + ".pub", PublicKeyPath(home));
            throw;
        }
    }

    /// <summary>Deletes the kept old pair; false when there was none.</summary>
    public static bool ConfirmRotation(VibedomHome home)
    {
        var old = OldKeyPath(home);
        if (!File.Exists(old))
        {
            return false;
        }

        File.Delete(old);
        File.Delete(old + ".pub");
        return true;
    }

    /// <summary>A new ed25519 pair without a passphrase (the agent loads it unattended), 0600.</summary>
    public static async Task CreateAsync(VibedomHome home, string hostName, ProcessRunner runner, CancellationToken cancellationToken)
    {
        if (ProcessRunner.Which("ssh-keygen") is null)
        {
            throw VibedomException.Prerequisite("ssh-keygen is missing (sudo apt-get install -y openssh-client)");
        }

        await runner.RunCheckedAsync(
            ProcessSpec.Of("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-C", $"vibedom@{hostName}", "-f", home.DeployKey),
            cancellationToken).ConfigureAwait(false);
        File.SetUnixFileMode(home.DeployKey, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
