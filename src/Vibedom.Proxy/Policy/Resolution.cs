using System.Net;

namespace Vibedom.Proxy.Policy;

/// <summary>The addresses a name may be connected to, or why there are none.</summary>
internal sealed record Resolution(IReadOnlyList<IPEndPoint> Endpoints, string? Problem, bool ResolveFailed);
