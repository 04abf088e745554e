using System.Numerics;
using System.Text;
using Vibedom.Scanning.Dlp.Pii;
using Xunit;

namespace Vibedom.Scanning.Tests.Dlp;

/// <summary>The IBAN detector's length by country code is the registry's: every code of two letters, every length.</summary>
public sealed class IbanCountryCodeTests
{
    [Fact]
    public void Find_takes_an_iban_exactly_for_a_registered_country_and_its_length_in_both_cases()
    {
        var random = new Random(97);
        for (var first = 'A'; first <= 'Z'; first++)
        {
            for (var second = 'A'; second <= 'Z'; second++)
            {
                var code = new string([first, second]);
                foreach (var length in new[] { 15, 18, 22, 24, 27, 29, 31, 32 }.Append(IbanDetector.Lengths.GetValueOrDefault(code, 20)))
                {
                    var iban = Valid(code, length, random);
                    var registered = IbanDetector.Lengths.TryGetValue(code, out var expected) && expected == length;
                    foreach (var written in new[] { iban, iban.ToLowerInvariant() })
                    {
                        var found = new List<(int Start, int End)>();
                        new IbanDetector().Find(new PiiInput("pay to " + written + " today"), found);

                        Assert.True(registered == (found.Count == 1), $"{code} length {length}: found {found.Count}");
                    }
                }
            }
        }
    }

    /// <summary>An IBAN of <paramref name="length"/> chars for <paramref name="code"/> with its check digits (mod 97 equal to 1).</summary>
    private static string Valid(string code, int length, Random random)
    {
        var bban = new string([.. Enumerable.Range(0, length - 4).Select(_ => (char)('0' + random.Next(10)))]);
        var numeric = new StringBuilder(bban);
        foreach (var c in code)
        {
            numeric.Append(c - 'A' + 10);
        }

        numeric.Append("00");
        var check = 98 - (int)(BigInteger.Parse(numeric.ToString()) % 97);
        return code + check.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + bban;
    }
}
