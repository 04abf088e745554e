using System.Text;
using Tomlyn.Parsing;
using Tomlyn.Syntax;
using Vibedom.Core.Config;
using Vibedom.Core.Workspace;

namespace Vibedom.Core.Agents;

/// <summary>
/// A profile's seed for a TOML state file (<c>*.toml</c>, such as Codex's <c>config.toml</c>): top-level <c>key = value</c>
/// lines, and <c>[table]</c> sections of such lines, set before every session. A top-level line of the file that assigns
/// one of the keys is replaced, a key the file lacks is added at its top; a seed table's keys are set the same way under
/// the file's header of that table, or the table is added at the end; everything else (other tables, comments, other keys)
/// stays as the agent left it. A seed table the file defines another way (an inline table, dotted keys) is left as it is
/// rather than made a second definition (<see cref="Merged(List{string}, List{SeedSection})"/>). The file
/// was written by the agent: it is read only as a regular file (never through a link), up to <see cref="AgentSeed.MaxBytes"/>;
/// one that is not valid TOML is moved aside (<c>NAME.invalid-XXXXXXXX</c>), never deleted; the result replaces it by rename.
/// </summary>
public static partial class AgentTomlSeed
{
    /// <summary>A state file that takes a TOML seed.</summary>
    public static bool Takes(string file) => file.EndsWith(".toml", StringComparison.Ordinal);

    /// <summary>Why <paramref name="seed"/> is not a valid TOML seed (only top-level key/value lines), or null.</summary>
    public static string? Problem(string seed)
    {
        var document = SyntaxParser.Parse(seed, "seed");
        if (document.HasErrors)
        {
            return "expected TOML key = value lines, e.g. 'sandbox_mode = \"danger-full-access\"'";
        }

        return document.Tables.Any(t => t is not TableSyntax) ? "a TOML seed sets keys and [tables], not [[arrays of tables]]" : null;
    }

    /// <param name="shown">The path named in errors (default <paramref name="path"/>).</param>
    public static void Merge(string path, string seed, SeedValues values, string? shown = null)
    {
        shown ??= path;
        ArgumentNullException.ThrowIfNull(values);
        var sections = SeedSections(values.Substitute(seed, v => v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)));
        AgentStateFile.Replace(path, shown, Read, (current, stream) =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false));
            writer.Write(string.Join('\n', Merged(current ?? [], sections)) + "\n");
        });
    }

    /// <summary>The file's lines with each seed key's top-level line replaced, and the keys it lacked added at its top.</summary>
    private static List<string> MergedTop(List<string> current, List<(string Key, string Line)> lines)
    {
        var header = current.FindIndex(l => l.TrimStart().StartsWith('['));
        var top = header < 0 ? current.Count : header;
        var added = new List<string>();
        foreach (var (key, line) in lines)
        {
            var at = current.FindIndex(0, top, l => KeyOf(l) == key);
            if (at >= 0)
            {
                current[at] = line;
            }
            else
            {
                added.Add(line);
            }
        }

        return [.. added, .. current];
    }

    /// <summary>The key a top-level <c>key = value</c> line assigns, or null.</summary>
    private static string? KeyOf(string line)
    {
        var document = SyntaxParser.Parse(line, "line");
        var pairs = document.KeyValues.ToList();
        return !document.HasErrors && pairs.Count == 1 ? ConfigLoader.KeyText(pairs[0].Key!) : null;
    }

    private static List<string>? Read(string path)
    {
        string text;
        using (var stream = RegularFile.OpenRead(path))
        {
            if (stream.Length > AgentSeed.MaxBytes)
            {
                text = "[";  // too large to keep: treated as invalid
            }
            else
            {
                using var reader = new StreamReader(stream, Encoding.UTF8);
                text = reader.ReadToEnd();
            }
        }

        if (!SyntaxParser.Parse(text, path).HasErrors)
        {
            return [.. text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Where((l, i) => i > 0 || l.Length > 0)];
        }

        AgentStateFile.SetAside(path);
        return null;
    }
}
