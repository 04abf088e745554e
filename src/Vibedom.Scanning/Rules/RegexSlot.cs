using System.Collections;
using System.Text.RegularExpressions;

namespace Vibedom.Scanning.Rules;

/// <summary>
/// A regex built on first use and, when it runs on the non-backtracking engine, built again before its automaton
/// nears the state count where the engine turns to its NFA mode, which misses matches
/// (<see cref="AutomatonStates"/>). <see cref="Value"/> checks the count before handing the instance out: one with
/// more than <see cref="StateLimit"/> states is replaced, so a match call starts at most that far along and needs
/// <see cref="AutomatonStates.NfaThreshold"/> minus that many new states of its own to reach the NFA mode (one
/// 144 Ki-char window of real text built up to 6,375 states in a fresh instance). <see cref="Match{T}"/> also checks
/// after the call: an instance that reached the threshold during it is replaced and the call runs again on the fresh one.
/// Callers already matching on the old instance finish on it. Thread-safe; one build at a time.
/// </summary>
internal sealed class RegexSlot(Func<Regex> build)
{
    /// <summary>Half the engine's threshold: the other half is the margin one match call may build.</summary>
    public const int StateLimit = AutomatonStates.NfaThreshold / 2;

    private readonly Lock _gate = new();
    private Built? _current;

    /// <summary>How many times the regex was built (1 after first use): instrumentation for tests and probes.</summary>
    public int Builds { get; private set; }

    /// <summary>The regex to match with now (no check after the caller's match: <see cref="Match{T}"/> has one).</summary>
    public Regex Value => Current().Regex;

    /// <summary>
    /// <paramref name="match"/> run on the current regex; when that regex's automaton reached the engine's NFA threshold
    /// during it, run once more on a fresh build. <paramref name="match"/> must compute its whole result.
    /// </summary>
    public T Match<T>(Func<Regex, T> match)
    {
        var built = Current();
        var result = match(built.Regex);
        if (built.States is { } states && states.Count >= AutomatonStates.NfaThreshold)
        {
            result = match(Renew(built).Regex);
        }

        return result;
    }

    private Built Current()
    {
        var current = Volatile.Read(ref _current);
        return current is not null && (current.States is null || current.States.Count <= StateLimit) ? current : Renew(current);
    }

    private Built Renew(Built? used)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_current, used))
            {
                var regex = build();
                Builds++;
                Volatile.Write(ref _current, new Built(regex, AutomatonStates.Cache(regex)));
            }

            return _current!;
        }
    }

    private sealed record Built(Regex Regex, ICollection? States);
}
