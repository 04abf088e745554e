namespace Vibedom.Scanning.Dlp.Pii;

/// <summary>
/// US Social Security numbers written <c>AAA-GG-SSSS</c> (dashes only: nine bare digits are too often something
/// else), excluding what the SSA never issues: area 000, 666 and 900-999, group 00, serial 0000.
/// </summary>
internal sealed class UsSsnDetector : IPiiDetector
{
    public string RuleId => "us-ssn";

    public void Find(PiiInput input, List<(int Start, int End)> found)
    {
        var text = input.Text;
        foreach (var run in input.Runs)
        {
            if (!run.GroupsAre(3, 2, 4) || run.Separator != '-' || !PiiText.StandsAlone(text, run.Start, run.End)
                || (run.Start > 0 && text[run.Start - 1] == '+'))
            {
                continue;
            }

            var area = text.AsSpan(run.Start, 3);
            var group = text.AsSpan(run.Start + 4, 2);
            var serial = text.AsSpan(run.Start + 7, 4);
            if (area is not "000" and not "666" && area[0] != '9' && group is not "00" && serial is not "0000")
            {
                found.Add((run.Start, run.End));
            }
        }
    }
}
