namespace Regin.Core.Diagnostics;

/// <summary>
/// What logs may say of a contributor (security review L10): an e-mail address keeps its first letter and its domain
/// ("m…@regione.lombardia.it"), enough to tell a mail server's trouble from one person's, too little to name them. Logs
/// are kept by whoever runs the host, outside the erasure of a contributor's data.
/// </summary>
public static class PersonalData
{
    /// <summary>
    /// <paramref name="text"/> with the local part of its e-mail address cut to its first letter; an address with a
    /// channel in front ("email:maria@x.org") keeps the channel. Text without an address is returned as it is.
    /// </summary>
    public static string Masked(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var at = text.LastIndexOf('@');
        if (at < 0)
        {
            return text;
        }
        var start = at == 0 ? 0 : text.LastIndexOfAny([':', '<', ' '], at - 1) + 1;
        var local = text[start..at];
        return string.Concat(text.AsSpan(0, start), local.Length == 0 ? "" : local[..1] + "…", text.AsSpan(at));
    }
}
