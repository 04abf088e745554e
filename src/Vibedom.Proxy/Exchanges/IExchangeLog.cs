namespace Vibedom.Proxy.Exchanges;

/// <summary>Where exchanges are recorded: <c>network.jsonl</c> in the proxy, a list in the stage harness.</summary>
internal interface IExchangeLog
{
    TimeProvider TimeProvider { get; }

    /// <summary>The refusal of an exchange whose line before forwarding could not be written.</summary>
    Policy.PolicyDecision AuditRefusal => Policy.AuditLogStage.Refusal;

    /// <summary>Writes and flushes the line written before forwarding; false when it could not be written.</summary>
    Task<bool> AnnounceAsync(Exchange exchange);

    /// <summary>Writes the exchange's line (called once, by <see cref="Exchange.End"/>).</summary>
    void Record(Exchange exchange);

    /// <summary>Writes a line for part of an exchange still open (<see cref="Logging.NetworkLogEntry.PhaseMessages"/>).</summary>
    void RecordPart(Exchange exchange, string note, IReadOnlyList<Logging.ScrubbedItem> scrubbed);
}
