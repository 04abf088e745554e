using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Vibedom.Proxy.Bench;

/// <summary>
/// What TLS's bulk cipher alone costs on this machine: AES-128-GCM (what both sides negotiate here) sealing then opening
/// a 60 KB body in 16 KiB records, the minimum an intercepting proxy does per 60 KB body in each direction it moves it
/// (open the client's records, seal the upstream's, or the reverse). Prints CPU ms per 60 KB sealed and opened once.
/// </summary>
internal static class CipherCost
{
    public static int Run(int seconds)
    {
        var body = new byte[60 * 1024];
        RandomNumberGenerator.Fill(body);
        using var aes = new AesGcm(RandomNumberGenerator.GetBytes(16), 16);
        var nonce = new byte[12];
        var tag = new byte[16];
        var sealedRecord = new byte[16 * 1024];
        var opened = new byte[16 * 1024];
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        long bodies = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            for (var offset = 0; offset < body.Length; offset += 16 * 1024)
            {
                var record = body.AsSpan(offset, Math.Min(16 * 1024, body.Length - offset));
                nonce[11]++;
                aes.Encrypt(nonce, record, sealedRecord.AsSpan(0, record.Length), tag);
                aes.Decrypt(nonce, sealedRecord.AsSpan(0, record.Length), tag, opened.AsSpan(0, record.Length));
            }

            bodies++;
        }

        process.Refresh();
        var ms = (process.TotalProcessorTime - cpu0).TotalMilliseconds / bodies;
        Console.WriteLine(ms.ToString("0.000", CultureInfo.InvariantCulture));
        return 0;
    }
}
