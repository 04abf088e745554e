using System.Text.Json;
using Vibedom.Core.Agents;
using Vibedom.Core.Sessions;
using Vibedom.Core.Workspace;
using Xunit;

namespace Vibedom.Core.Tests.Sessions;

/// <summary>session.json written and read by hand is, byte for byte and field by field, what the serializer context writes and reads.</summary>
public sealed class SessionRecordJsonTests
{
    public static TheoryData<string> Records() => [.. Samples().Keys];

    [Theory]
    [MemberData(nameof(Records))]
    public void The_hand_writer_writes_what_the_serializer_context_writes(string sample)
    {
        var record = Samples()[sample];

        Assert.Equal(SessionJsonContext.Write(record), SessionRecordJson.Write(record));
    }

    [Theory]
    [MemberData(nameof(Records))]
    public void The_hand_reader_reads_what_it_wrote_as_the_serializer_context_reads_it(string sample)
    {
        var json = SessionJsonContext.Write(Samples()[sample]);

        var read = SessionRecordJson.TryRead(json);

        Assert.Equal(sample == "undefined state", read is null); // a state written as a number is left to the context
        Assert.Equal(SessionJsonContext.Write(SessionJsonContext.Read(json)!), SessionJsonContext.Write(SessionRecordJson.Read(json)!));
    }

    [Fact]
    public void Keys_left_out_take_the_same_defaults_as_with_the_serializer_context()
    {
        const string json = """{ "id": "s", "name": "n", "workspace": "/w", "runtime": "namespace", "command": [], "created_at": "2026-12-03T08:00:00+00:00" }""";

        var read = SessionRecordJson.TryRead(json);

        Assert.NotNull(read);
        Assert.Equal(SessionJsonContext.Write(SessionJsonContext.Read(json)!), SessionJsonContext.Write(read));
    }

    [Theory]
    [InlineData("""{ "id": "s", "name": "n", "workspace": "/w", "runtime": "r", "command": [], "created_at": "2026-12-03T08:00:00Z", "extra": 1 }""")]
    [InlineData("""{ "id": "s", "id": "t", "name": "n", "workspace": "/w", "runtime": "r", "command": [], "created_at": "2026-12-03T08:00:00Z" }""")]
    [InlineData("""{ "id": "s", "name": "n", "workspace": "/w", "runtime": "r", "command": [], "created_at": "2026-12-03T08:00:00Z", "state": 2 }""")]
    [InlineData("""{ "id": "s", "name": "n", "workspace": "/w", "runtime": "r", "command": [], "created_at": "2026-12-03T08:00:00Z", "state": "exited" }""")]
    [InlineData("""{ "ID": "s", "name": "n", "workspace": "/w", "runtime": "r", "command": [], "created_at": "2026-12-03T08:00:00Z" }""")]
    [InlineData("""{ "id": null, "name": "n", "workspace": "/w", "runtime": "r", "command": [], "created_at": "2026-12-03T08:00:00Z" }""")]
    [InlineData("""{ "id": "s", "name": "n", "workspace": "/w", "runtime": "r", "command": [null], "created_at": "2026-12-03T08:00:00Z" }""")]
    [InlineData("""{ "id": "s", "name": "n", "workspace": "/w", "runtime": "r", "command": [], "created_at": "2026-12-03T08:00:00Z", "exit_code": 1.0 }""")]
    [InlineData("""{ "id": "s", "name": "n", "workspace": "/w", "runtime": "r", "command": [], "created_at": "yesterday" }""")]
    [InlineData("""{ "name": "n", "workspace": "/w", "runtime": "r", "command": [], "created_at": "2026-12-03T08:00:00Z" }""")]
    [InlineData("""{ "id": "s", "name": "n", "workspace": "/w", "runtime": "r", "command": [], "created_at": "2026-12-03T08:00:00Z" } x""")]
    [InlineData("""{ "id": "s", "name": "n", "workspace": "/w", "runtime": "r", "command": [], "created_at": "2026-12-03T08:00:00Z", }""")]
    [InlineData("""{ "id": "s", "name": "n", "workspace": "/w", "runtime": "r", "command": [], "created_at": "2026-12-03T08:00:00Z", "agent_state": { "agent": "a", "root": "/r" } }""")]
    [InlineData("""[]""")]
    [InlineData("""{""")]
    [InlineData("")]
    public void Any_other_shape_is_left_to_the_serializer_context_with_its_result_or_error(string json)
    {
        Assert.Null(SessionRecordJson.TryRead(json));

        var expected = Outcome(() => SessionJsonContext.Read(json));
        Assert.Equal(expected, Outcome(() => SessionRecordJson.Read(json)));
    }

    [Theory]
    [InlineData("""{ "id": "s", "name": "\ud800", "workspace": "/w", "runtime": "r", "command": [], "created_at": "2026-12-03T08:00:00Z" }""")]
    [InlineData("""{ "id": "s", "name": "n", "workspace": "/w", "runtime": "r", "command": ["\udc00x"], "created_at": "2026-12-03T08:00:00Z", "extra": 1 }""")]
    public void A_lone_surrogate_escape_is_a_damaged_record_not_a_crash(string json)
    {
        // the reader throws InvalidOperationException for it; callers (sessions, ls, stop) handle only JsonException
        Assert.Throws<JsonException>(() => SessionRecordJson.Read(json));
    }

    private static string Outcome(Func<SessionRecord?> read)
    {
        try
        {
            return read() is { } record ? SessionJsonContext.Write(record) : "null";
        }
        catch (JsonException e)
        {
            return "JsonException: " + e.Message;
        }
    }

    private static Dictionary<string, SessionRecord> Samples()
    {
        var created = new DateTimeOffset(2026, 12, 3, 8, 0, 0, 123, TimeSpan.FromHours(1));
        var minimal = new SessionRecord { Id = "session-20261203-080000-ab12", Name = "proj", Workspace = "/home/u/proj", Runtime = "namespace", Command = [], CreatedAt = created };
        return new()
        {
            ["minimal"] = minimal,
            ["running"] = minimal with { Command = ["claude", "--print", "hi"], State = SessionState.Running, StartedAt = created.AddSeconds(1.5), RuntimeHandle = "pid:123:456" },
            ["ended"] = minimal with
            {
                State = SessionState.Exited, Detached = true, StartedAt = created, EndedAt = created.AddHours(3), ExitCode = -9,
                LimitsReached = ["memory: 2 GiB", "disk"], ReviewIgnore = [".git/opencode"],
                AgentState = new AgentStateUse("claude", "/root/.vibedom/agents/claude", Shared: true), OverlayXattrs = OverlayXattrs.User,
            },
            ["every state"] = minimal with { State = SessionState.Cancelled, OverlayXattrs = OverlayXattrs.Unknown, EndedAt = DateTimeOffset.MaxValue },
            ["escapes"] = minimal with
            {
                Name = "pâté \"quoted\" <tag> & 'x' +1 \\ \u0001\t\n\u2028 ☃ \ud83d\ude00",
                Workspace = "/tmp/a b/ç", Command = ["sh", "-c", "echo '<hi>' && exit 3"], State = SessionState.Dead,
                AgentState = new AgentStateUse("x\"y", "/r\u00e9", Shared: false), OverlayXattrs = OverlayXattrs.Trusted,
            },
            ["applied"] = minimal with { State = SessionState.Applied, ExitCode = 0, StartedAt = DateTimeOffset.MinValue },
            ["discarded"] = minimal with { State = SessionState.Discarded, CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromMinutes(-330)) },
            ["undefined state"] = minimal with { State = (SessionState)42 },
        };
    }
}
