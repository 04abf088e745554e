namespace Vibedom.Core.Config;

/// <summary>
/// The keys of each config.toml table, and the message for one that is not among them: the known keys, the one a typo
/// was probably meant to be, and for a key written above every table, the table it belongs under.
/// </summary>
internal static class ConfigKeys
{
    private static readonly (string Table, string[] Keys)[] Tables =
    [
        ("run", ["runtime", "command", "env", "read_only_paths"]),
        ("network", ["upstream_ca", "allow_private"]),
        ("limits", ["memory", "pids", "cpu", "disk", "network_log", "connections"]),
        ("dlp", ["secrets", "pii", "responses", "websockets"]),
        ("credentials", ["env", "hosts", "in", "headers"]),
    ];

    /// <summary>"unknown key 'table.key' (did you mean 'k'? known: ...)".</summary>
    public static string Unknown(string table, string key)
    {
        var known = Tables.First(t => t.Table == table).Keys;
        var meant = Closest(key, known) is { } close ? $"did you mean '{close}'? " : string.Empty;
        return $"unknown key '{table}.{key}' ({meant}known: {string.Join(", ", known)})";
    }

    /// <summary>A key above every table: TOML puts it in no table, so name the one it belongs under (also for <c>run.command = ...</c>).</summary>
    public static string UnknownAtTop(string key)
    {
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        var (table, name) = dot > 0 && Tables.Any(t => t.Table == key[..dot]) ? (key[..dot], key[(dot + 1)..]) : (null, key);
        var owner = Tables.Where(t => table is null || t.Table == table).FirstOrDefault(t => t.Keys.Contains(name, StringComparer.Ordinal)).Table;
        return owner is null || owner == "credentials"
            ? $"unknown key '{key}' above every table (keys go under [run], [network], [limits], [dlp], ...)"
            : $"'{key}' is above every table, where vibedom reads no key: write {name} = ... below the [{owner}] line";
    }

    /// <summary>The known key at most two edits from <paramref name="key"/> (a typo), if exactly one is closest.</summary>
    private static string? Closest(string key, string[] known)
    {
        var scored = known.Select(k => (Key: k, Distance: Distance(key, k))).Where(s => s.Distance <= 2).OrderBy(s => s.Distance).ToList();
        return scored.Count > 0 && (scored.Count == 1 || scored[0].Distance < scored[1].Distance) ? scored[0].Key : null;
    }

    /// <summary>Levenshtein distance; config keys are short, and a longer key is no typo of a known one.</summary>
    private static int Distance(string a, string b)
    {
        if (a.Length > 64 || Math.Abs(a.Length - b.Length) > 2)
        {
            return int.MaxValue;
        }

        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
