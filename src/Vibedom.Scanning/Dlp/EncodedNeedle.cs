namespace Vibedom.Scanning.Dlp;

/// <summary>
/// The chars an encoding of an exact value always holds, wherever the value sits in the encoded data. For base64,
/// the chars made of the value's bits only: <paramref name="Before"/> chars of their 4-char group come before them
/// and at most <paramref name="After"/> after (they also hold bits of the bytes around the value). <paramref name="Hash"/>
/// is the value's short hash (what a hit reports). No logging: it is the value in another form.
/// </summary>
internal sealed record EncodedNeedle(string Text, EncodedForm Form, int Before, int After, string Hash)
{
    public override string ToString() => $"{Form} needle of {Hash}";
}
