namespace Vibedom.Core.Home;

/// <summary>What <c>init</c> created and what it found already there (and left alone).</summary>
public sealed class InitReport
{
    public List<string> Created { get; } = [];

    public List<string> Kept { get; } = [];

    public bool ChangedNothing => Created.Count == 0;
}
