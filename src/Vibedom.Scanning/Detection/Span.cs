namespace Vibedom.Scanning.Detection;

/// <summary>A [Start, End) range with gitleaks' codec arithmetic (detect/codec/start_end.go).</summary>
internal readonly record struct TextRange(int Start, int End)
{
    public TextRange Sub(TextRange o) => new(Start - o.Start, End - o.End);

    public TextRange Add(TextRange o) => new(Start + o.Start, End + o.End);

    public bool Overlaps(TextRange o) => o.Start <= End && o.End >= Start;

    public bool Contains(TextRange o) => Start <= o.Start && o.End <= End;

    public TextRange Overflow(TextRange o) => Merge(o).Sub(this);

    public TextRange Merge(TextRange o) => new(Math.Min(Start, o.Start), Math.Max(End, o.End));
}
