namespace Vibedom.Core.Config;

/// <summary>One problem in a config file, reported as <c>file(line,col): problem</c> (1-based).</summary>
public sealed record ConfigError(string File, int Line, int Column, string Problem)
{
    public override string ToString() => $"{File}({Line},{Column}): {Problem}";
}
