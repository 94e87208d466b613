using System.Text;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>
/// A winmail.dat as Outlook writes one for a "rich text" mail ([MS-OXTNEF]): the TNEF signature and key, the version, the
/// OEM code page and the message class, the message's MAPI properties with the body as compressed RTF
/// (PR_RTF_COMPRESSED, stored uncompressed the "MELA" way, which [MS-OXRTFCP] allows and MimeKit reads), optionally a
/// plain body (attBody), and each attachment as Outlook writes it: its rendering record, its title (the 8.3 name), its
/// data, and its MAPI properties with the long file name. MimeKit has no TNEF writer; this one is written from the
/// format's description, so a test builds the file a mail carries instead of checking in a binary.
/// </summary>
internal static class TnefFile
{
    private const uint Signature = 0x223E9F78;

    public sealed record File(string Name, byte[] Data, string? LongName = null);

    public static byte[] Build(string? rtf, string? plainBody, IEnumerable<File>? files = null, int codePage = 1252)
    {
        using var stream = new MemoryStream();
        var writer = new BinaryWriter(stream);
        writer.Write(Signature);
        writer.Write((ushort)0x0101); // the key
        Attribute(writer, 1, 0x00089006, BitConverter.GetBytes(0x00010000u)); // attTnefVersion
        Attribute(writer, 1, 0x00069007, [.. BitConverter.GetBytes(codePage), .. BitConverter.GetBytes(0)]); // attOemCodepage
        Attribute(writer, 1, 0x00078008, Encoding.ASCII.GetBytes("IPM.Note\0")); // attMessageClass
        if (plainBody is not null)
        {
            Attribute(writer, 1, 0x0002800C, Encoding.GetEncoding(codePage).GetBytes(plainBody)); // attBody
        }
        if (rtf is not null)
        {
            var raw = Encoding.Latin1.GetBytes(rtf);
            using var compressed = new MemoryStream();
            var c = new BinaryWriter(compressed);
            c.Write((uint)(raw.Length + 12)); // COMPSIZE: the bytes after this field
            c.Write((uint)raw.Length); // RAWSIZE
            c.Write(0x414C454Du); // "MELA": stored uncompressed
            c.Write(0u); // CRC: 0 when uncompressed
            c.Write(raw);
            Attribute(writer, 1, 0x00069003, Properties([(0x0102, 0x1009, compressed.ToArray())])); // attMsgProps: PR_RTF_COMPRESSED
        }
        foreach (var file in files ?? [])
        {
            // attAttachRendData: a file attachment, no position.
            Attribute(writer, 2, 0x00069002, [.. BitConverter.GetBytes((ushort)1), .. BitConverter.GetBytes(0xFFFFFFFFu), .. BitConverter.GetBytes((ushort)0),
                .. BitConverter.GetBytes((ushort)0), .. BitConverter.GetBytes(0u)]);
            Attribute(writer, 2, 0x00018010, Encoding.GetEncoding(codePage).GetBytes(file.Name + "\0")); // attAttachTitle
            Attribute(writer, 2, 0x0006800F, file.Data); // attAttachData
            if (file.LongName is not null)
            {
                // attAttachment: PR_ATTACH_LONG_FILENAME (PT_UNICODE).
                Attribute(writer, 2, 0x00069005, Properties([(0x001F, 0x3707, Encoding.Unicode.GetBytes(file.LongName + "\0"))]));
            }
        }
        writer.Flush();
        return stream.ToArray();
    }

    private static void Attribute(BinaryWriter writer, byte level, uint tag, byte[] data)
    {
        writer.Write(level);
        writer.Write(tag);
        writer.Write((uint)data.Length);
        writer.Write(data);
        ushort checksum = 0;
        foreach (var b in data)
        {
            checksum += b;
        }
        writer.Write(checksum);
    }

    /// <summary>A MAPI property list of binary or string values (one value each, padded to 4 bytes).</summary>
    private static byte[] Properties(IReadOnlyList<(ushort Type, ushort Id, byte[] Value)> properties)
    {
        using var stream = new MemoryStream();
        var writer = new BinaryWriter(stream);
        writer.Write((uint)properties.Count);
        foreach (var (type, id, value) in properties)
        {
            writer.Write(type);
            writer.Write(id);
            writer.Write(1u); // one value
            writer.Write((uint)value.Length);
            writer.Write(value);
            for (var pad = value.Length; pad % 4 != 0; pad++)
            {
                writer.Write((byte)0);
            }
        }
        writer.Flush();
        return stream.ToArray();
    }
}
