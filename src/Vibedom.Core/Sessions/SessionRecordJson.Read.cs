using System.Text.Json;
using Vibedom.Core.Workspace;

namespace Vibedom.Core.Sessions;

internal static partial class SessionRecordJson
{
    /// <summary>The record in <paramref name="json"/>, as <see cref="SessionJsonContext.Read"/> reads it.</summary>
    /// <exception cref="JsonException">as the context throws it; also for a string the reader cannot turn into
    /// UTF-16 (a lone surrogate escape such as <c>\ud800</c>), which the reader reports as an
    /// <see cref="InvalidOperationException"/>: every caller handles a damaged record as a <see cref="JsonException"/>.</exception>
    public static SessionRecord? Read(string json)
    {
        try
        {
            return TryRead(json) ?? SessionJsonContext.Read(json);
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException($"session.json holds a string that is not valid UTF-16: {e.Message}", e);
        }
    }

    /// <summary>The record when <paramref name="json"/> has exactly the shape <see cref="Write"/> gives; null otherwise.</summary>
    internal static SessionRecord? TryRead(string json)
    {
        try
        {
            var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var fields = new Fields();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (!seen.Add(name) || !reader.Read() || !fields.Take(name, ref reader))
                {
                    return null;
                }
            }

            return reader.TokenType == JsonTokenType.EndObject && !reader.Read() ? fields.Record() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null; // the context reads it (and throws as it does)
        }
    }

    private sealed class Fields
    {
        private string? _id, _name, _workspace, _runtime, _handle;
        private List<string>? _command, _limits, _ignore;
        private SessionState _state = SessionState.Created;
        private bool _detached;
        private DateTimeOffset? _created, _started, _ended;
        private int? _exit;
        private Agents.AgentStateUse? _agent;
        private OverlayXattrs? _xattrs;

        public bool Take(string name, ref Utf8JsonReader reader) => name switch
        {
            "id" => String(ref reader, out _id),
            "name" => String(ref reader, out _name),
            "workspace" => String(ref reader, out _workspace),
            "runtime" => String(ref reader, out _runtime),
            "command" => List(ref reader, out _command),
            "state" => State(ref reader),
            "detached" => Boolean(ref reader, out _detached),
            "created_at" => Time(ref reader, out _created),
            "started_at" => Time(ref reader, out _started),
            "ended_at" => Time(ref reader, out _ended),
            "exit_code" => ExitCode(ref reader),
            "limits_reached" => List(ref reader, out _limits),
            "runtime_handle" => String(ref reader, out _handle),
            "review_ignore" => List(ref reader, out _ignore),
            "agent_state" => AgentState(ref reader),
            "overlay_xattrs" => Xattrs(ref reader),
            _ => false,
        };

        public SessionRecord? Record()
        {
            if (_id is null || _name is null || _workspace is null || _runtime is null || _command is null || _created is not { } created)
            {
                return null; // a required key is missing: the context says so
            }

            var record = new SessionRecord
            {
                Id = _id,
                Name = _name,
                Workspace = _workspace,
                Runtime = _runtime,
                Command = _command,
                State = _state,
                Detached = _detached,
                CreatedAt = created,
                StartedAt = _started,
                EndedAt = _ended,
                ExitCode = _exit,
                RuntimeHandle = _handle,
                AgentState = _agent,
                OverlayXattrs = _xattrs,
                LimitsReached = _limits!, // absent: null, as the context leaves it
                ReviewIgnore = _ignore!,
            };
            return record;
        }

        private static bool String(ref Utf8JsonReader reader, out string? value)
        {
            value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return value is not null;
        }

        private static bool Boolean(ref Utf8JsonReader reader, out bool value)
        {
            value = reader.TokenType == JsonTokenType.True;
            return reader.TokenType is JsonTokenType.True or JsonTokenType.False;
        }

        private static bool Time(ref Utf8JsonReader reader, out DateTimeOffset? value)
        {
            value = null;
            if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var time))
            {
                return false;
            }

            value = time;
            return true;
        }

        private static bool List(ref Utf8JsonReader reader, out List<string>? values)
        {
            values = null;
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }

            var list = new List<string>();
            while (reader.Read() && reader.TokenType == JsonTokenType.String)
            {
                list.Add(reader.GetString()!);
            }

            values = list;
            return reader.TokenType == JsonTokenType.EndArray;
        }

        private bool State(ref Utf8JsonReader reader)
        {
            SessionState? state = reader.TokenType != JsonTokenType.String ? null : reader.GetString() switch
            {
                "Created" => SessionState.Created,
                "Running" => SessionState.Running,
                "Exited" => SessionState.Exited,
                "Dead" => SessionState.Dead,
                "Applied" => SessionState.Applied,
                "Discarded" => SessionState.Discarded,
                "Cancelled" => SessionState.Cancelled,
                _ => null,
            };
            _state = state ?? _state;
            return state is not null;
        }

        private bool Xattrs(ref Utf8JsonReader reader)
        {
            _xattrs = reader.TokenType != JsonTokenType.String ? null : reader.GetString() switch
            {
                "unknown" => OverlayXattrs.Unknown,
                "trusted" => OverlayXattrs.Trusted,
                "user" => OverlayXattrs.User,
                _ => null,
            };
            return _xattrs is not null;
        }

        private bool ExitCode(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var code))
            {
                return false;
            }

            _exit = code;
            return true;
        }

        private bool AgentState(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            string? agent = null, root = null;
            bool? shared = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                if (!reader.Read())
                {
                    return false;
                }

                var ok = name switch
                {
                    "agent" when agent is null => String(ref reader, out agent),
                    "root" when root is null => String(ref reader, out root),
                    "shared" when shared is null => Boolean(ref reader, out var value) && (shared = value) is not null,
                    _ => false,
                };
                if (!ok)
                {
                    return false;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || agent is null || root is null || shared is not { } isShared)
            {
                return false;
            }

            _agent = new Agents.AgentStateUse(agent, root, isShared);
            return true;
        }
    }
}
