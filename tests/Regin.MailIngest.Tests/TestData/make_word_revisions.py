#!/usr/bin/env python3
"""Writes h245 and h246 of the hostile corpus: Word files with tracked changes and comments as Word 2016/365 saves them
(a package of styles, settings with w:trackRevisions, comments, commentsExtended, people; paragraphs with w14:paraId and
rsids; w:ins/w:del with authors and dates, w:moveFrom/w:moveTo between their range marks, w:rPrChange, comment ranges and
references). h245 is our English template (its content controls, as `template --lang en --format docx` writes it) filled
in and corrected by a colleague with Track Changes on; h246 a contributor's own question/answer table with a cell changed
and a row deleted. Only the text Word shows with the changes accepted is read; no comment is an answer.

    dotnet run --project mail-ingest -- template --lang en --format docx -o /tmp/template-en.docx
    python3 make_word_revisions.py /tmp/template-en.docx
"""
import base64, io, json, os, re, sys, zipfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'Hostile')
W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
NAMESPACES = ('xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:w10="urn:schemas-microsoft-com:office:word" '
    f'xmlns:w="{W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
    'xmlns:w16se="http://schemas.microsoft.com/office/word/2015/wordml/symex" xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk" xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" mc:Ignorable="w14 w15 w16se wp14"')
DATE = '2026-12-03T09:41:00Z'
ids = iter(range(100, 1000))

def ins(text, author='Nikos Papadakis'):
    return f'<w:ins w:id="{next(ids)}" w:author="{author}" w:date="{DATE}"><w:r w:rsidR="00A41C2E"><w:t xml:space="preserve">{text}</w:t></w:r></w:ins>'
def dele(text, author='Nikos Papadakis'):
    return f'<w:del w:id="{next(ids)}" w:author="{author}" w:date="{DATE}"><w:r w:rsidDel="00A41C2E"><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'
def run(text): return f'<w:r w:rsidR="0062F1B4"><w:t xml:space="preserve">{text}</w:t></w:r>'
def comment(cid, inner):
    return (f'<w:commentRangeStart w:id="{cid}"/>{inner}<w:commentRangeEnd w:id="{cid}"/>'
            f'<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="{cid}"/></w:r>')
def moved(name, text, to):
    kind = 'moveTo' if to else 'moveFrom'
    rid = next(ids)
    return (f'<w:{kind}RangeStart w:id="{rid}" w:author="Nikos Papadakis" w:date="{DATE}" w:name="{name}"/>'
            f'<w:{kind} w:id="{next(ids)}" w:author="Nikos Papadakis" w:date="{DATE}"><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:{kind}>'
            f'<w:{kind}RangeEnd w:id="{rid}"/>')
def p(inner, pid):
    return f'<w:p w14:paraId="{pid:08X}" w14:textId="77777777" w:rsidR="0062F1B4" w:rsidRDefault="0062F1B4">{inner}</w:p>'

COMMENTS = [
    (0, 'Maria Stavrou', 'MS', 'Nikos, is it 60 or 65? [Q21] 65 if we count the summer group too.'),
    (1, 'Maria Stavrou', 'MS', 'Title: Homework club (the old name, the municipality still uses it)'),
]

def package(document, rows_of_table=False):
    comments = ''.join(
        f'<w:comment w:id="{cid}" w:author="{author}" w:date="{DATE}" w:initials="{initials}"><w:p w14:paraId="{0x5A000000 + cid:08X}" w14:textId="77777777">'
        f'<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:comment>'
        for cid, author, initials, text in COMMENTS)
    parts = {
        '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
            '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
            '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>'
            '<Override PartName="/word/commentsExtended.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/>'
            '<Override PartName="/word/people.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>',
        '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        'word/_rels/document.xml.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>'
            '<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>'
            '<Relationship Id="rId6" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/>'
            '<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2011/relationships/people" Target="people.xml"/></Relationships>',
        'word/document.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' + document,
        'word/styles.xml': f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:styles xmlns:w="{W}"><w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:rPr><w:sz w:val="16"/></w:rPr></w:style></w:styles>',
        'word/settings.xml': f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/><w:trackRevisions/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:rsids><w:rsidRoot w:val="0062F1B4"/><w:rsid w:val="0062F1B4"/><w:rsid w:val="00A41C2E"/></w:rsids></w:settings>',
        'word/comments.xml': f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:comments {NAMESPACES}>{comments}</w:comments>',
        'word/commentsExtended.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
            + ''.join(f'<w15:commentEx w15:paraId="{0x5A000000 + cid:08X}" w15:done="0"/>' for cid, *_ in COMMENTS) + '</w15:commentsEx>',
        'word/people.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
            '<w15:person w15:author="Maria Stavrou"><w15:presenceInfo w15:providerId="AD" w15:userId="S::m.stavrou@crete.example::1"/></w15:person>'
            '<w15:person w15:author="Nikos Papadakis"><w15:presenceInfo w15:providerId="None" w15:userId="Nikos Papadakis"/></w15:person></w15:people>',
        'docProps/core.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<dc:creator>Nikos Papadakis</dc:creator><cp:lastModifiedBy>Nikos Papadakis</cp:lastModifiedBy><cp:revision>4</cp:revision>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{DATE}</dcterms:modified></cp:coreProperties>',
        'docProps/app.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Office Word</Application><AppVersion>16.0000</AppVersion></Properties>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode('utf-8'))
    return out.getvalue()

def mail(stem, sender, domain, subject, text, name, data, expected):
    b64 = base64.encodebytes(data).decode().replace('\n', '\r\n')
    eml = (f"Authentication-Results: mx.crpm.org; spf=pass smtp.mailfrom={domain}; dkim=pass header.d={domain}; dmarc=pass header.from={domain}\r\n"
           f"From: {sender}\r\nTo: reginproject@crpm.org\r\nSubject: {subject}\r\nDate: Thu, 03 Dec 2026 09:45:12 +0000\r\n"
           f"Message-ID: <{stem}@{domain}>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"_004_word_\"\r\n\r\n"
           f"--_004_word_\r\nContent-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{text}\r\n"
           f"--_004_word_\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name=\"{name}\"\r\n"
           f"Content-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{b64}\r\n--_004_word_--\r\n")
    open(os.path.join(OUT, stem + '.eml'), 'wb').write(eml.encode('utf-8'))
    open(os.path.join(OUT, stem + '.expected.json'), 'w', encoding='utf-8').write(json.dumps(expected, indent=2, ensure_ascii=False) + '\n')

# h245: our template, filled in and corrected with Track Changes on.
with zipfile.ZipFile(sys.argv[1]) as z:
    document = z.read('word/document.xml').decode('utf-8-sig')
document = re.sub(r'^<\?xml[^>]*\?>', '', document)
document = document.replace(f'<w:document xmlns:w="{W}">', f'<w:document {NAMESPACES}>', 1)
FILLED = {
    'contact_name': run('Nikos Papadakis'),
    'contact_organisation': f'<w:r><w:rPr><w:b/><w:rPrChange w:id="{next(ids)}" w:author="Nikos Papadakis" w:date="{DATE}"><w:rPr/></w:rPrChange></w:rPr><w:t>Region of Crete</w:t></w:r>',
    'title': comment(1, run('Homework ') + dele('club') + ins('support for refugee children')),
    'country': run('Greece'),
    'lead_organisation': dele('Municipality of Heraklion') + ins('Region of Crete, Directorate of Social Welfare'),
    'start_date': dele('2019') + ins('2020'),
    'beneficiaries_count': comment(0, dele('45') + ins('60')),
}
for tag, inner in FILLED.items():
    pattern = re.compile(r'(<w:sdt><w:sdtPr><w:alias w:val="Q\d+" /><w:tag w:val="' + tag + r'" /><w:id w:val="\d+" />)<w:showingPlcHdr />(</w:sdtPr><w:sdtContent><w:p>.*?</w:pPr>)<w:r><w:rPr><w:color w:val="808080" /></w:rPr><w:t>…</w:t></w:r>')
    document, count = pattern.subn(lambda m: m.group(1) + m.group(2) + inner, document, count=1)
    assert count == 1, tag
# The description: two paragraphs, a sentence moved from the first to the second.
description = re.compile(r'(<w:sdt><w:sdtPr><w:alias w:val="Q\d+" /><w:tag w:val="description" /><w:id w:val="\d+" />)<w:showingPlcHdr />(</w:sdtPr><w:sdtContent>)(<w:p>.*?</w:pPr>)<w:r><w:rPr><w:color w:val="808080" /></w:rPr><w:t>…</w:t></w:r></w:p>')
document, count = description.subn(lambda m: m.group(1) + m.group(2)
    + m.group(3) + run('Many pupils arrive in the middle of the school year and fall behind. ') + moved('move1', 'Volunteers help them twice a week.', False) + '</w:p>'
    + m.group(3) + run('Retired teachers run the sessions in the school library. ') + moved('move1', 'Volunteers help them twice a week.', True) + '</w:p>', document, count=1)
assert count == 1
document = document.replace('</w:body>', '<w:sectPr w:rsidR="0062F1B4"><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body>')
mail('h245-word-template-with-tracked-changes-and-comments', 'Nikos Papadakis <n.papadakis@crete.example>', 'crete.example', 'REGIN template - corrected',
     "Dear REGIN team,\r\n\r\nplease find attached our template again; my colleague corrected a few answers (changes tracked).\r\n\r\nBest regards,\r\nNikos Papadakis",
     'REGIN_template_Crete_v2.docx', package(document),
     dict(outcome='created', reply=True, victim='unchanged', no_flags=['hidden_text'],
          answers=dict(contact_name='Nikos Papadakis', contact_organisation='Region of Crete', title='Homework support for refugee children', country='GR',
                       lead_organisation='Region of Crete, Directorate of Social Welfare', start_date='2020', beneficiaries_count=60,
                       description='Many pupils arrive in the middle of the school year and fall behind.\n\nRetired teachers run the sessions in the school library. Volunteers help them twice a week.'),
          absent=['budget_eur'], reply_omits=['Homework club', 'Municipality of Heraklion', 'summer group']))

# h246: the contributor's own question/answer table, a cell changed, a row deleted, a comment on a cell.
def cell(inner, width=4500): return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{p(inner, next(ids) + 0x10000)}</w:tc>'
def row(label, inner, deleted=False):
    properties = f'<w:trPr><w:del w:id="{next(ids)}" w:author="Nikos Papadakis" w:date="{DATE}"/></w:trPr>' if deleted else ''
    return f'<w:tr w:rsidR="0062F1B4">{properties}{cell(run(label))}{cell(inner)}</w:tr>'
table = ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="9000" w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="4500"/><w:gridCol w:w="4500"/></w:tblGrid>'
    + row('Your name', run('Nikos Papadakis'))
    + row('Title of the practice', comment(1, run('Homework ') + dele('club') + ins('support for refugee children')))
    + row('Country', run('Greece'))
    + row('Start date', dele('2019') + ins('2020'))
    + row('Number of people reached', comment(0, dele('45') + ins('60')))
    + row('Total budget in euro', run('90.000 €'), deleted=True)
    + '</w:tbl>')
own = (f'<w:document {NAMESPACES}><w:body>' + p(run('REGIN – good practice (Region of Crete)'), 0x1A2B3C01) + table
       + p('', 0x1A2B3C02) + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
# Sent by his colleague: the same answers from Nikos himself would be h245's practice sent again (session 42), not one of its own.
mail('h246-word-own-table-with-a-tracked-cell-change', 'Maria Stavrou <m.stavrou@crete.example>', 'crete.example', 'Our practice for REGIN',
     "Hello,\r\n\r\nNikos's practice is in the attached table (I kept his changes tracked).\r\n\r\nMaria",
     'practice_Crete.docx', package(own),
     dict(outcome='created', reply=True, victim='unchanged', no_flags=['hidden_text'],
          answers=dict(contact_name='Nikos Papadakis', title='Homework support for refugee children', country='GR', start_date='2020', beneficiaries_count=60),
          absent=['budget_eur'], reply_omits=['Homework club', 'summer group']))
print('written h245, h246 to', OUT)
