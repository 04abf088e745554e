using System.Text.Json;
using Vibedom.Core.Workspace;

namespace Vibedom.Core.Sessions;

/// <summary>
/// session.json without the serializer's metadata (building <see cref="SessionJsonContext"/>'s type information was about
/// 2% of a run's CPU): written by hand, byte for byte what the context writes (<c>SessionRecordJsonTests</c>), and read by
/// hand when the text has exactly the shape written here; anything else (an unknown or repeated key, another token type,
/// an enum as a number) is read by the context, so the result is always the context's.
/// </summary>
internal static partial class SessionRecordJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    public static string Write(SessionRecord record)
    {
        if (StateName(record.State) is not { } stateName || (record.OverlayXattrs is { } x && XattrsName(x) is null))
        {
            return SessionJsonContext.Write(record); // a value without a name: written as the context writes it
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            WriteString(writer, "id", record.Id);
            WriteString(writer, "name", record.Name);
            WriteString(writer, "workspace", record.Workspace);
            WriteString(writer, "runtime", record.Runtime);
            WriteList(writer, "command", record.Command);
            writer.WriteString("state", stateName);
            writer.WriteBoolean("detached", record.Detached);
            writer.WriteString("created_at", record.CreatedAt);
            WriteTime(writer, "started_at", record.StartedAt);
            WriteTime(writer, "ended_at", record.EndedAt);
            if (record.ExitCode is { } code)
            {
                writer.WriteNumber("exit_code", code);
            }

            WriteList(writer, "limits_reached", record.LimitsReached);
            WriteString(writer, "runtime_handle", record.RuntimeHandle);

            WriteList(writer, "review_ignore", record.ReviewIgnore);
            if (record.AgentState is { } state)
            {
                writer.WriteStartObject("agent_state");
                WriteString(writer, "agent", state.Agent);
                WriteString(writer, "root", state.Root);
                writer.WriteBoolean("shared", state.Shared);
                writer.WriteEndObject();
            }

            if (record.OverlayXattrs is { } xattrs)
            {
                writer.WriteString("overlay_xattrs", XattrsName(xattrs)!);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(value);
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            writer.WriteString(name, value);
        }
    }

    private static string? StateName(SessionState state) => state switch
    {
        SessionState.Created => "Created",
        SessionState.Running => "Running",
        SessionState.Exited => "Exited",
        SessionState.Dead => "Dead",
        SessionState.Applied => "Applied",
        SessionState.Discarded => "Discarded",
        SessionState.Cancelled => "Cancelled",
        _ => null,
    };

    private static string? XattrsName(OverlayXattrs xattrs) => xattrs switch
    {
        OverlayXattrs.Unknown => "unknown",
        OverlayXattrs.Trusted => "trusted",
        OverlayXattrs.User => "user",
        _ => null,
    };
}
