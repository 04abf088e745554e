namespace Vibedom.Core.Sandbox;

/// <summary>
/// The host account a runtime starts sandboxes as, when that is not the account vibedom runs as: the runtime then plans
/// for that account (its name and home, not root's) and starts every host process of the sandbox as it. vibedom itself
/// never sets one (it starts sandboxes as whoever runs it); the containment contract suite, running as root, uses one
/// to prove each runtime as an ordinary user too. Only root can start sandboxes as another account; it then writes the
/// session's run state and hands it to that account, so use it only for an account that runs nothing else (a test's uid).
/// </summary>
/// <param name="Uid">Host uid (not 0).</param>
/// <param name="Gid">Host gid, the only group (no supplementary groups).</param>
/// <param name="Name">Account name, for the sandbox's /etc/passwd.</param>
/// <param name="Home">The account's home folder on the host (hidden inside like any home).</param>
public sealed record RuntimeUser(int Uid, int Gid, string Name, string Home);
