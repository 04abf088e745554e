using System.Collections;
using System.Text.RegularExpressions;

namespace Vibedom.Scanning.Rules;

/// <summary>
/// A regex built on first use and, when it runs on the non-backtracking engine, built again before its automaton
/// nears the state count where the engine turns to its NFA mode, which misses matches
/// (<see cref="AutomatonStates"/>). <see cref="Value"/> checks the count before handing the instance out: one with
/// more than <see cref="StateLimit"/> states is replaced, so a match call starts at most that far along and needs
/// <see cref="AutomatonStates.NfaThreshold"/> minus that many new states of its own to reach the NFA mode. Callers
/// already matching on the old instance finish on it. Thread-safe; one build at a time.
/// </summary>
internal sealed class RegexSlot(Func<Regex> build)
{
    /// <summary>Half the engine's threshold: the other half is the margin one match call may build.</summary>
    public const int StateLimit = AutomatonStates.NfaThreshold / 2;

    private readonly Lock _gate = new();
    private Built? _current;

    /// <summary>How many times the regex was built (1 after first use): instrumentation for tests and probes.</summary>
    public int Builds { get; private set; }

    /// <summary>The regex to match with now.</summary>
    public Regex Value
    {
        get
        {
            var current = Volatile.Read(ref _current);
            if (current is not null && (current.States is null || current.States.Count <= StateLimit))
            {
                return current.Regex;
            }

            lock (_gate)
            {
                if (ReferenceEquals(_current, current))
                {
                    var regex = build();
                    Builds++;
                    Volatile.Write(ref _current, new Built(regex, AutomatonStates.Cache(regex)));
                }

                return _current!.Regex;
            }
        }
    }

    private sealed record Built(Regex Regex, ICollection? States);
}
