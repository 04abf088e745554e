using Vibedom.Proxy.Bench;

// Benchmark helper for bench/proxy/run.sh (not a test):
//   pki DIR                      upstream CA + localhost server certificate, vibedom proxy CA, post-60k.json
//   upstream DIR HTTPS HTTP      Kestrel upstream on localhost: /small /json /sink (POST) /big?mb= /sse?n=&ms=
//   proxy DIR PORT HTTPS HTTP [dlp]  vibedom's proxy on 127.0.0.1:PORT allowing localhost:HTTPS and :HTTP;
//                                "dlp": with DLP on (default settings and four exact values)
//   sse PROXY CAFILE URL N       first-event latency of N warm SSE requests (median ms)
//   relay DIR PORT               the floor: a bare CONNECT + TLS-in/TLS-out byte relay (TlsRelay), no HTTP, no policy
//   converse PROXY URL DIR SECONDS CONC  CONC clients posting an agent's conversation (DIR's bodies in order, a new
//                                conversation each round) through PROXY; hey's summary lines (ConversationLoad)
//   cipher SECONDS               AES-128-GCM sealing and opening a 60 KB body in 16 KiB records: CPU ms per body
return args.FirstOrDefault() switch
{
    "pki" => Modes.Pki(args[1]),
    "upstream" => await Modes.UpstreamAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)),
    "proxy" => await Modes.ProxyAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture), args.ElementAtOrDefault(5) == "dlp"),
    "sse" => await Modes.SseAsync(args[1], args[2], args[3], int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture)),
    "relay" => await TlsRelay.RunAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)),
    "converse" => await ConversationLoad.RunAsync(args[1], args[2], args[3], double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture)),
    "cipher" => CipherCost.Run(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ProxyBench pki|upstream|proxy|sse|relay|converse|cipher ...");
    return 2;
}
