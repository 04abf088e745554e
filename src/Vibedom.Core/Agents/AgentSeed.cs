using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vibedom.Core.Workspace;

namespace Vibedom.Core.Agents;

/// <summary>
/// Merges a profile's seed (a JSON object) into a state file before a session: objects key by key, anything else replaced
/// by the seed's value. The file was written by the agent: it is opened only if it is a regular file (never through a
/// symbolic link), read up to <see cref="MaxBytes"/> with a bounded depth, and replaced by rename (a link planted in its
/// place is replaced, not followed). A file that is not a JSON object is moved aside (<c>NAME.invalid-XXXXXXXX</c>), never
/// deleted, and the seed written alone; so is a JSON object with a key given twice, and a folder, fifo or socket at the path.
/// </summary>
public static class AgentSeed
{
    public const long MaxBytes = 16 << 20;

    private static readonly JsonDocumentOptions Reading = new() { MaxDepth = 128, AllowTrailingCommas = true, AllowDuplicateProperties = false, CommentHandling = JsonCommentHandling.Skip };

    private static readonly JsonWriterOptions Writing = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="shown">The path named in errors (default <paramref name="path"/>: a seed written through a folder's descriptor names it by its place in the state).</param>
    public static void Merge(string path, string seedJson, SeedValues values, string? shown = null)
    {
        shown ??= path;
        ArgumentNullException.ThrowIfNull(values);
        var seed = JsonNode.Parse(values.Substitute(seedJson, Escape))!.AsObject();
        AgentStateFile.Replace(path, shown, Read, (current, stream) =>
        {
            var merged = current ?? [];
            MergeInto(merged, seed);
            using var writer = new Utf8JsonWriter(stream, Writing);
            merged.WriteTo(writer);
        });
    }

    /// <summary>The file as a JSON object; null (after moving it aside unless empty) when it is not one.</summary>
    private static JsonObject? Read(string path)
    {
        try
        {
            using var stream = RegularFile.OpenRead(path);
            if (stream.Length == 0)
            {
                return null;
            }

            if (stream.Length <= MaxBytes && JsonNode.Parse(stream, documentOptions: Reading) is JsonObject existing)
            {
                return existing;
            }
        }
        catch (JsonException)
        {
            // not JSON, or a key given twice (which JSON readers take differently): not the agent's settings as we read them
        }

        AgentStateFile.SetAside(path);
        return null;
    }

    private static void MergeInto(JsonObject target, JsonObject seed)
    {
        foreach (var (key, value) in seed.ToList())
        {
            if (value is JsonObject inner && target[key] is JsonObject existing)
            {
                MergeInto(existing, inner);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    /// <summary>A value as the inside of a JSON string literal.</summary>
    private static string Escape(string value) => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
}
