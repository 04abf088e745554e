namespace Vibedom.Cli.Rendering;

/// <summary>One line of a hunk: ' ' context, '-' removed, '+' added.</summary>
internal readonly record struct DiffLine(char Op, string Text);
