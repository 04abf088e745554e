namespace Vibedom.Cli.Review;

/// <summary>What to do with a session's changes after it ends: <c>stop --apply | --discard | --keep</c>, or ask.</summary>
internal enum ReviewChoice
{
    Ask,
    Apply,
    Discard,
    Keep,
}
