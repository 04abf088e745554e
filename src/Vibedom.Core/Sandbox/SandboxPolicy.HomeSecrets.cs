namespace Vibedom.Core.Sandbox;

/// <summary>The home-secret policy's data: what of the user's home folder never enters a sandbox, whoever asks.</summary>
public static partial class SandboxPolicy
{
    /// <summary>
    /// Credentials under the home folder (relative to it; files and folders alike): never visible inside. A mount request that is
    /// one of them or lies inside one is refused; a requested folder that holds one is mounted with it masked (an empty read-only
    /// file over a file, an empty tmpfs over a folder). Checked on what a request resolves to, symlinks followed.
    /// </summary>
    public static IReadOnlyList<string> HomeSecrets { get; } =
    [
        ".ssh", ".aws", ".gnupg", ".kube", ".docker/config.json", ".azure", ".netrc", ".git-credentials",
        ".npmrc", ".yarnrc.yml", ".pypirc", ".vault-token", ".password-store", ".local/share/keyrings", ".pgpass", ".my.cnf",
        ".boto", ".s3cfg", ".cargo/credentials", ".cargo/credentials.toml", ".gem/credentials", ".terraform.d/credentials.tfrc.json",
        ".config/gh/hosts.yml", ".config/hub", ".config/gcloud", ".config/rclone/rclone.conf", ".config/git/credentials",
        ".claude/.credentials.json", ".claude.json", ".codex/auth.json", ".local/share/opencode/auth.json", ".gemini/oauth_creds.json",
    ];

    /// <summary>
    /// Folders of the home shared by many applications (relative to it), refused as a whole like the home folder itself: what
    /// they hold cannot be listed, so only an application's own folder inside (<c>~/.config/opencode</c>) may be mounted.
    /// </summary>
    public static IReadOnlyList<string> SharedHomeFolders { get; } = [".config", ".local", ".local/share", ".local/state", ".cache"];
}
