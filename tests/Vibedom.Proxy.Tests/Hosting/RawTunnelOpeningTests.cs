using System.Buffers;
using System.Text;
using Vibedom.Proxy.Hosting;
using Xunit;
using Kind = Vibedom.Proxy.Hosting.RawTunnelOpening.Kind;

namespace Vibedom.Proxy.Tests.Hosting;

/// <summary>The first bytes a client sends in a raw tunnel: TLS and HTTP are told from SSH, SMTP and binary protocols.</summary>
public sealed class RawTunnelOpeningTests
{
    [Theory]
    [InlineData("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n", "Other")]
    [InlineData("SSH-2.0-OpenSSH_9.6\r\n", "Other")]
    [InlineData("EHLO client.test\r\n", "Other")]
    [InlineData("a001 LOGIN user pass\r\n", "Other")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "Http")]
    [InlineData("POST /exfil HTTP/1.0\n", "Http")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "Http")]
    [InlineData("get /x HTTP/1.1\r\n", "Http")]
    [InlineData("GET / HTT", "NeedMore")]
    [InlineData("EHLO", "Other")]
    [InlineData("ping", "Other")]
    [InlineData("POS", "NeedMore")]
    public void A_text_opening_is_told_apart(string text, string expected) =>
        Assert.Equal(Enum.Parse<Kind>(expected), RawTunnelOpening.Classify(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text)), completed: false));

    [Fact]
    public void A_tls_record_is_tls_and_needs_its_second_byte_first()
    {
        Assert.Equal(Kind.Tls, RawTunnelOpening.Classify(new ReadOnlySequence<byte>([0x16, 0x03, 0x01, 0x02, 0x00]), completed: false));
        Assert.Equal(Kind.NeedMore, RawTunnelOpening.Classify(new ReadOnlySequence<byte>([0x16]), completed: false));
        Assert.Equal(Kind.Other, RawTunnelOpening.Classify(new ReadOnlySequence<byte>([0x16, 0x00]), completed: false));
    }

    [Fact]
    public void Binary_openings_relay_at_once()
    {
        Assert.Equal(Kind.Other, RawTunnelOpening.Classify(new ReadOnlySequence<byte>([0x00, 0x00, 0x00, 0x08, 0x04, 0xd2, 0x16, 0x2f]), completed: false)); // PostgreSQL SSLRequest
        Assert.Equal(Kind.Other, RawTunnelOpening.Classify(new ReadOnlySequence<byte>([0x55, 0x00, 0x00, 0x01]), completed: false)); // MySQL handshake response
    }

    [Fact]
    public void A_request_line_with_no_end_within_the_limit_is_taken_for_http_and_a_closed_short_one_is_not()
    {
        var endless = Encoding.ASCII.GetBytes("GET /" + new string('a', RawTunnelOpening.MaxRequestLine));
        Assert.Equal(Kind.Http, RawTunnelOpening.Classify(new ReadOnlySequence<byte>(endless), completed: false));
        Assert.Equal(Kind.Other, RawTunnelOpening.Classify(new ReadOnlySequence<byte>("GE"u8.ToArray()), completed: true));
    }
}
