namespace Vibedom.Scanning.Dlp;

/// <summary>The action for each <see cref="DlpClass"/>.</summary>
public sealed record DlpPolicy(DlpAction Secrets, DlpAction Pii)
{
    /// <summary>Both classes replaced: the default.</summary>
    public static DlpPolicy ReplaceAll { get; } = new(DlpAction.Replace, DlpAction.Replace);

    public DlpAction For(DlpClass kind) => kind == DlpClass.Secret ? Secrets : Pii;
}
