using System.Text;
using Vibedom.Scanning.Rules;

namespace Vibedom.Scanning.Detection;

/// <summary>The text of one detection pass, with its ASCII projection computed at most once for all rules.</summary>
internal sealed class TextView(string text)
{
    private string? _projected;
    private bool? _isAscii;

    public string Text { get; } = text;

    public bool IsAscii => _isAscii ??= Ascii.IsValid(Text);

    public string Projected => _projected ??= Re2Regex.Project(Text);
}
