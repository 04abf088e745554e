using Vibedom.Scanning.Hashing;
using Xunit;

namespace Vibedom.Scanning.Tests.Hashing;

/// <summary>Random bytes and choices from the kernel's generator, without OpenSSL.</summary>
public sealed class SecureRandomTests
{
    [Fact]
    public void Two_draws_of_32_bytes_differ_and_are_not_all_zero()
    {
        var first = SecureRandom.GetBytes(32);
        var second = SecureRandom.GetBytes(32);

        Assert.NotEqual(first, second);
        Assert.Contains(first, b => b != 0);
    }

    [Fact]
    public void Items_are_drawn_from_every_choice_and_only_from_them()
    {
        var choices = "abcdefghijklmnopqrstuvwxyz0123456789-_".ToCharArray();

        var items = SecureRandom.GetItems<char>(choices, 20_000);

        Assert.Equal(20_000, items.Length);
        Assert.All(items, c => Assert.Contains(c, choices));
        var counts = items.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(choices.Length, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, 20_000 / choices.Length / 2, 20_000 / choices.Length * 2));
    }
}
