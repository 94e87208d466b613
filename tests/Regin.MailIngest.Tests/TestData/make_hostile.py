#!/usr/bin/env python3
"""Writes the hostile corpus TestData/Hostile/*.eml and the outcome expected of each (*.expected.json).

Every mail is what an attacker (or a broken mail program) sends the project mailbox: forged threads, spoofed senders,
Authentication-Results from strangers, poison (deep HTML and Word, floods of lines, a huge line, many attachments) and
text in every legacy charset of the 8 languages, some of it mislabelled. The tests run them against a mailbox where
REGIN-0001 is Alice's draft (alice@example.org) and our receiving server is mx.crpm.org (Mail:AuthServId).
    python3 tests/Regin.MailIngest.Tests/TestData/make_hostile.py
"""
import base64, io, json, os, quopri, random, zipfile

ROOT = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(ROOT, 'Hostile')
os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):
    os.remove(os.path.join(OUT, f))
LOCALES = {lang: json.load(open(os.path.join(ROOT, f'../../../core/Questionnaire/locales/{lang}.json'), encoding='utf-8')) for lang in ['en', 'fr', 'de', 'es', 'it', 'el', 'pt', 'sv']}
ORDER = [q['id'] for q in json.load(open(os.path.join(ROOT, '../../../core/Questionnaire/questionnaire.json'), encoding='utf-8'))['questions']]
def key(qid): return f"[Q{ORDER.index(qid) + 1:02d}]"
def label(qid, lang): return LOCALES[lang]['questions'][qid]['label']

OURS = 'mx.crpm.org'
def passed(domain): return f"Authentication-Results: {OURS}; spf=pass smtp.mailfrom={domain}; dkim=pass header.d={domain}; dmarc=pass header.from={domain}"

n = 0
def write(name, head, body, expected):
    """head: header lines; body: bytes after the blank line (or str, written as UTF-8)."""
    global n
    n += 1
    stem = f"h{n:02d}-{name}"
    if isinstance(body, str):
        body = body.encode('utf-8')
    data = ('\n'.join(head) + '\n\n').encode('utf-8') + body
    open(os.path.join(OUT, stem + '.eml'), 'wb').write(data)
    json.dump(expected, open(os.path.join(OUT, stem + '.expected.json'), 'w', encoding='utf-8'), ensure_ascii=False, indent=2)

def headers(sender, subject='REGIN', extra=(), mid=None):
    return list(extra) + [f"From: {sender}", "To: reginproject@crpm.org", f"Subject: {subject}",
                          "Date: Mon, 30 Nov 2026 10:00:00 +0000", f"Message-ID: <{mid or f'hostile-{n + 1:02d}@attacker.example'}>", "MIME-Version: 1.0"]

PLAIN = ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
HIJACK = f"{key('contact_email')} mallory@attacker.example\n{key('title')} Overwritten by Mallory\n"
UNVERIFIED = dict(outcome='unverified_update', reply=False, victim='unchanged', victim_flag='unverified_update')

# --- Forged threads: ids shaped like ours that we never signed.
write('forged-thread-old-format', headers('Mallory <mallory@attacker.example>', 'Re: REGIN', [
    "In-Reply-To: <regin.REGIN-0001.00000000000000000000000000000000@crpm.org>",
    "References: <regin.REGIN-0001.00000000000000000000000000000000@crpm.org>"]) + PLAIN, HIJACK, UNVERIFIED)
write('forged-thread-bad-mac', headers('Mallory <mallory@attacker.example>', 'Re: REGIN', [
    "In-Reply-To: <regin.REGIN-0001.0123456789abcdef01234567.00000000000000000000000000000000@crpm.org>"]) + PLAIN, HIJACK, UNVERIFIED)
write('forged-thread-references-only', headers('mallory@attacker.example', 'Re: your practice', [
    "References: <first@attacker.example> <regin.REGIN-0001.notification-1@crpm.org>"]) + PLAIN, HIJACK, UNVERIFIED)
write('forged-thread-authenticated-stranger', headers('mallory@attacker.example', 'Re: REGIN', [
    passed('attacker.example'), "In-Reply-To: <regin.REGIN-0001.0123456789abcdef01234567.ffffffffffffffffffffffffffffffff@crpm.org>"]) + PLAIN, HIJACK,
    dict(outcome='created', reply=True, victim='unchanged'))

# --- Spoofed senders and Authentication-Results we must not believe.
write('spoofed-from-reply-to-subject-reference', headers('Alice <alice@example.org>', 'REGIN-0001', ["Reply-To: mallory@attacker.example"]) + PLAIN, HIJACK, UNVERIFIED)
write('auth-results-added-by-a-stranger', headers('alice@example.org', 'Update REGIN-0001', [
    "Authentication-Results: mx.attacker.example; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org"]) + PLAIN, HIJACK, UNVERIFIED)
write('our-auth-results-dmarc-fail', headers('alice@example.org', 'REGIN-0001', [
    f"Authentication-Results: {OURS}; spf=fail smtp.mailfrom=example.org; dkim=fail header.d=example.org; dmarc=fail header.from=example.org"]) + PLAIN, HIJACK, UNVERIFIED)
write('forged-pass-below-our-fail', headers('alice@example.org', 'REGIN-0001', [
    f"Authentication-Results: {OURS}; spf=softfail smtp.mailfrom=example.org; dkim=none; dmarc=fail header.from=example.org",
    f"Authentication-Results: {OURS}; dkim=pass header.d=example.org; dmarc=pass header.from=example.org"]) + PLAIN, HIJACK, UNVERIFIED)
write('dkim-pass-not-aligned', headers('alice@example.org', 'REGIN-0001', [
    f"Authentication-Results: {OURS}; spf=none; dkim=pass header.d=attacker.example; dmarc=none"]) + PLAIN, HIJACK, UNVERIFIED)
write('authenticated-stranger-names-a-reference', headers('bob@example.net', 'Changes to REGIN-0001', [passed('example.net')]) + PLAIN, HIJACK,
      dict(outcome='created', reply=True, victim='unchanged'))
write('backscatter-probe', headers('r1@attacker.example', 'Your account is locked - verify at https://evil.example/login', [
    "Reply-To: victim@example.net", f"Authentication-Results: {OURS}; spf=fail smtp.mailfrom=attacker.example; dkim=none; dmarc=fail"]) + PLAIN,
      f"{key('title')} Spoofed practice\n{key('website')} visit https://evil.example/login now\n",
      dict(outcome='created', reply=False, victim='unchanged', new_practice=dict(contact_email=None, identities=0, flags=['sender_not_authenticated'])))
write('spoofed-no-answers-reply-to', headers('ceo@example.org', 'Urgent: send the form to my assistant', ["Reply-To: victim@example.net"]) + PLAIN,
      "Please send the template to my assistant.\n", dict(outcome='needs_info', reply=False, victim='unchanged'))
write('no-auth-results-at-all', headers('carol@example.com', 'Our practice') + PLAIN,
      f"{key('contact_name')} Carol\n{key('title')} A practice nobody vouched for\n{key('country')} Malta\n",
      dict(outcome='created', reply=False, victim='unchanged', new_practice=dict(contact_email=None, identities=0, flags=['sender_not_authenticated'])))
write('auth-results-none', headers('dave@example.com', 'Our practice', [f"Authentication-Results: {OURS}; spf=none smtp.mailfrom=example.com; dkim=none; dmarc=none"]) + PLAIN,
      f"{key('title')} Unsigned practice\n", dict(outcome='created', reply=False, victim='unchanged'))
write('no-reply-sender-suppresses-replies', headers('no-reply@vendor.example', 'REGIN', [passed('vendor.example'), "X-Auto-Response-Suppress: All"]) + PLAIN,
      f"{key('title')} Vendor practice\n", dict(outcome='created', reply=False, victim='unchanged'))
write('x-loop', headers('helpdesk@example.org', 'REGIN', [passed('example.org'), "X-Loop: helpdesk@example.org"]) + PLAIN,
      f"{key('title')} Looping practice\n", dict(outcome='created', reply=False, victim='unchanged'))

# --- Poison: every one must finish quickly, with the reason recorded.
write('blank-line-flood', headers('e@attacker.example') + ["Content-Type: text/plain"],
      f"{key('title')} Poison blank lines\n{key('description')}\n" + "\n" * 200_000, dict(outcome='created', detail='too_many_lines', reply=False))
write('huge-single-line', headers('f@attacker.example') + ["Content-Type: text/plain"],
      f"{key('title')} Poison huge line\n\nOn " + "wrote " * 170_000 + "\n", dict(outcome='created', detail='line_too_long', reply=False))
write('key-line-flood', headers('g@attacker.example') + ["Content-Type: text/plain"],
      "".join(f"{key('title')} Title {i}\n" for i in range(30_000)), dict(outcome='created', detail='too_many_lines', reply=False))
write('deep-html', headers('h@attacker.example') + ["Content-Type: text/html"],
      "<html><body>" + "<div>" * 100_000 + "x</body></html>", dict(outcome='failed', detail='html_too_deep', reply=False))
W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
def docx(document):
    b = io.BytesIO(); z = zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED)
    z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    z.writestr('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    z.writestr('word/document.xml', document); z.close()
    return base64.encodebytes(b.getvalue()).decode()
random.seed(7)
depth = 20_000
deep = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'
        + ''.join(f'<w:sdt><w:sdtPr><w:id w:val="{random.randrange(10**9)}"/><w:tag w:val="title"/></w:sdtPr><w:sdtContent>' for _ in range(depth))
        + '<w:p><w:r><w:t>x</w:t></w:r></w:p>' + '</w:sdtContent></w:sdt>' * depth + '</w:body></w:document>')
DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
write('deep-word-content-controls', headers('i@attacker.example') + ["Content-Type: multipart/mixed; boundary=B"],
      f"--B\nContent-Type: text/plain\n\nsee attachment\n--B\nContent-Type: {DOCX}; name=t.docx\nContent-Disposition: attachment; filename=t.docx\nContent-Transfer-Encoding: base64\n\n{docx(deep)}\n--B--\n",
      dict(outcome='failed', detail='docx_too_deep', reply=False))
parts = "".join(f"--B\nContent-Type: text/plain; charset=utf-8\nContent-Disposition: attachment; filename=part{i}.txt\n\n{key('title')} Attachment {i}\n" for i in range(200))
write('many-attachments', headers('j@attacker.example') + ["Content-Type: multipart/mixed; boundary=B"],
      "--B\nContent-Type: text/plain\n\nsee the attachments\n" + parts + "--B--\n", dict(outcome='created', detail='too_many_attachments', reply=False))
nested = "".join(f"Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n" for i in range(2000)) + "Content-Type: text/plain\n\nx\n"
write('deep-multipart-nesting', headers('k@attacker.example') + ["Content-Type: multipart/mixed; boundary=top"],
      "--top\n" + nested + "--top--\n", dict(outcome='failed', detail='parts_too_deep', reply=False))

# --- Every charset a mail program sends, and mislabelled ones. From an authenticated sender: the answers must be read right.
PEOPLE = {
    'en': ('Siobhán Kelly', 'Welcome Network – mentors for new arrivals', 'Ireland', 'IE', 'March 2019', '2019-03'),
    'fr': ('Élodie Marchand', "Cœur d'accueil pour les primo-arrivants", 'France', 'FR', 'février 2020', '2020-02'),
    'de': ('Jürgen Weiß', 'Sprachpatenschaften für Geflüchtete', 'Deutschland', 'DE', 'März 2018', '2018-03'),
    'es': ('Lucía Fernández', 'Aulas de acogida lingüística', 'España', 'ES', 'septiembre de 2017', '2017-09'),
    'it': ('Niccolò Rossi', 'Mediatori di salute per comunità migranti', 'Italia', 'IT', 'marzo 2021', '2021-03'),
    'el': ('Ελένη Παπαδοπούλου', 'Κέντρο υποδοχής και ένταξης μεταναστών', 'Ελλάδα', 'GR', 'Μάιος 2019', '2019-05'),
    'pt': ('João Carvalho', 'Gabinete de apoio ao imigrante e refugiado', 'Portugal', 'PT', 'janeiro de 2016', '2016-01'),
    'sv': ('Anna Lindqvist', 'Samhällsorientering på modersmål', 'Sverige', 'SE', 'april 2015', '2015-04'),
}
def form(lang, name=None, title=None):
    p = PEOPLE[lang]
    return (f"{key('contact_name')} {label('contact_name', lang)}\n{name or p[0]}\n\n{key('title')} {label('title', lang)}\n{title or p[1]}\n\n"
            f"{key('country')} {label('country', lang)}\n{p[2]}\n\n{key('start_date')} {label('start_date', lang)}\n{p[4]}\n")
def expect(lang, name=None, title=None, language=True):
    p = PEOPLE[lang]
    e = dict(outcome='created', reply=True, answers=dict(contact_name=name or p[0], title=title or p[1], country=p[3], start_date=p[5]))
    if language:
        e['language'] = lang
    return e
def charset_mail(name, lang, charset, label_as=None, encoding='8bit', text=None, expected=None, no_charset=False, sender=None):
    sender = sender or f"contributor.{lang}@example.org"
    text = text or form(lang)
    data = text.encode(charset)
    if encoding == 'quoted-printable':
        data = quopri.encodestring(data)
    elif encoding == 'base64':
        data = base64.encodebytes(data)
    ctype = "Content-Type: text/plain" + ("" if no_charset else f"; charset={label_as or charset}")
    write(name, headers(sender, 'REGIN', [passed(sender.split('@')[1])]) + [ctype, f"Content-Transfer-Encoding: {encoding}"], data, expected or expect(lang))

charset_mail('el-iso-8859-7-8bit', 'el', 'iso-8859-7')
# Its own sender (as h34's): the same answers from h24's sender would be h24's mail sent again (session 42), not a practice of its own.
charset_mail('el-windows-1253-quoted-printable', 'el', 'windows-1253', encoding='quoted-printable', sender='contributor.el.qp@example.org')
charset_mail('el-mac-greek', 'el', 'mac_greek', label_as='x-mac-greek', encoding='base64')
charset_mail('fr-iso-8859-15', 'fr', 'iso-8859-15')
charset_mail('de-iso-8859-1-quoted-printable', 'de', 'iso-8859-1', encoding='quoted-printable')
charset_mail('es-windows-1252', 'es', 'windows-1252')
charset_mail('it-macintosh', 'it', 'mac_roman', label_as='macintosh', encoding='base64')
charset_mail('pt-iso-8859-1', 'pt', 'iso-8859-1')
charset_mail('sv-iso-8859-1', 'sv', 'iso-8859-1')
charset_mail('en-windows-1252', 'en', 'windows-1252')
charset_mail('en-utf-16-bom', 'en', 'utf-16', encoding='base64', sender='contributor.en.utf16@example.org')
charset_mail('de-windows-1250', 'de', 'windows-1250', text=form('de', name='Tomáš Dvořák'), expected=expect('de', name='Tomáš Dvořák'))
charset_mail('de-iso-8859-2', 'de', 'iso-8859-2', text=form('de', name='Łukasz Dvořák'), expected=expect('de', name='Łukasz Dvořák'))
koi = f"{key('contact_name')}\nИван Петров\n\n{key('title')}\nSamhallsorientering for nyanlanda\n\n{key('country')}\nSverige\n\n{key('start_date')}\n2015-04\n"
charset_mail('koi8-r-name', 'sv', 'koi8-r', text=koi, expected=dict(outcome='created', reply=True, answers=dict(contact_name='Иван Петров', title='Samhallsorientering for nyanlanda', country='SE', start_date='2015-04')))
charset_mail('mislabelled-el-as-iso-8859-1', 'el', 'iso-8859-7', label_as='iso-8859-1')
charset_mail('mislabelled-fr-latin1-as-utf-8', 'fr', 'iso-8859-1', label_as='utf-8', text=form('fr', title="Accueil des primo-arrivants à l'école"),
             expected=expect('fr', title="Accueil des primo-arrivants à l'école"))
charset_mail('mislabelled-de-utf-8-as-iso-8859-1', 'de', 'utf-8', label_as='iso-8859-1')
charset_mail('unlabelled-es-windows-1252', 'es', 'windows-1252', no_charset=True)
# --- More forged senders: a look-alike of our server's name, two senders in one mail, an address posing as a name.
write('lookalike-authserv-id', headers('alice@example.org', 'REGIN-0001', [
    "Authentication-Results: mx.crpm.org.attacker.example; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org"]) + PLAIN, HIJACK, UNVERIFIED)
write('our-name-in-a-strangers-comment', headers('alice@example.org', 'REGIN-0001', [
    "Authentication-Results: mx.attacker.example (via mx.crpm.org); dkim=pass header.d=example.org; dmarc=pass header.from=example.org"]) + PLAIN, HIJACK, UNVERIFIED)
write('two-from-headers', ["From: mallory@attacker.example"] + headers('alice@example.org', 'REGIN-0001', [passed('example.org')]) + PLAIN, HIJACK, UNVERIFIED)
write('two-mailboxes-in-from', headers('alice@example.org, mallory@attacker.example', 'REGIN-0001', [passed('example.org')]) + PLAIN, HIJACK, UNVERIFIED)
write('address-as-display-name', headers('"alice@example.org" <mallory@attacker.example>', 'REGIN-0001', [passed('attacker.example')]) + PLAIN, HIJACK,
      dict(outcome='created', reply=True, victim='unchanged'))
write('encoded-address-as-display-name', headers('=?utf-8?q?alice=40example=2Eorg?= <mallory.b@attacker.example>', 'REGIN-0001', [passed('attacker.example')]) + PLAIN, HIJACK,
      dict(outcome='created', reply=True, victim='unchanged'))
# --- A Word file that asks the reader to fetch a file of the server (an XML external entity): never read.
xxe = (f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
       f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>{key("title")} &secret;</w:t></w:r></w:p></w:body></w:document>')
write('word-external-entity', headers('l@attacker.example') + ["Content-Type: multipart/mixed; boundary=B"],
      f"--B\nContent-Type: text/plain\n\n{key('contact_name')} Lee\n--B\nContent-Type: {DOCX}; name=t.docx\nContent-Disposition: attachment; filename=t.docx\nContent-Transfer-Encoding: base64\n\n{docx(xxe)}\n--B--\n",
      dict(outcome='created', detail='docx_unsafe', reply=False, victim='unchanged', answers=dict(contact_name='Lee')))
# --- Session 12: characters that hide or break things, senders named by other headers, verdicts for another domain.
# Control characters a terminal or a database takes for commands (NUL: PostgreSQL refuses it in text; ESC; a right-to-left
# override that shows "fdp.exe" as "exe.pdf"), in the answers, the subject and the sender's name: stored without them.
write('control-characters-everywhere', headers('"Ali\u202ece Ol\u0000sen" <nul.sender@example.org>', 'REGIN \u0000\u001b[2J practice',
      [passed('example.org')]) + PLAIN,
      f"{key('contact_name')} Olsen\u0000 Alice\n{key('title')} Welcome\u202e desk\u001b[31m for\u0007 newcomers\n{key('country')} Ire\u200bland\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Olsen Alice', title='Welcome desk[31m for newcomers', country='IE'),
           reply_to=['nul.sender@example.org']))
# A subject and a name that carry a line break once decoded (encoded words): a reply built from them by hand would grow a
# Bcc header. The reply has its own subject and goes to the sender alone.
write('line-breaks-in-encoded-subject-and-name', headers('=?utf-8?q?Eve=0D=0ABcc=3A_victim=40example=2Enet?= <eve@example.org>',
      '=?utf-8?q?Practice=0D=0ABcc=3A_victim=40example=2Enet=0D=0A=0D=0Ainjected_body?=', [passed('example.org')]) + PLAIN,
      f"{key('contact_name')} Eve Adams\n{key('title')} Evening classes\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(title='Evening classes'), reply_to=['eve@example.org']))
# A stranger forwards a mail "from Alice" (message/rfc822) that names her practice: the inner headers prove nothing.
inner = "\n".join(headers('alice@example.org', 'REGIN-0001', [passed('example.org')], mid='inner-forged@example.org')) + "\nContent-Type: text/plain\n\n" + HIJACK
write('forwarded-mail-from-the-victim', headers('mallory@attacker.example', 'Fwd: REGIN-0001', [passed('attacker.example')]) + ["Content-Type: multipart/mixed; boundary=B"],
      f"--B\nContent-Type: text/plain\n\nForwarding Alice's update.\n--B\nContent-Type: message/rfc822\nContent-Disposition: attachment\n\n{inner}\n--B--\n",
      dict(outcome='created', reply=True, victim='unchanged', reply_to=['mallory@attacker.example']))
# A reply asked for thirty others (a reflection attack): the reply goes to the authenticated sender alone.
write('reply-to-thirty-others', headers('frank@example.org', 'Our practice', [passed('example.org'),
      "Reply-To: " + ", ".join(f"victim{i}@example.net" for i in range(30))]) + PLAIN,
      f"{key('contact_name')} Frank\n{key('title')} Mentors at work\n",
      dict(outcome='created', reply=True, victim='unchanged', reply_to=['frank@example.org']))
# Look-alikes of Alice's address from a domain the attacker owns and signs: never Alice. (Session 34: the verdict names the
# domain in punycode, From in Unicode; compared as one since, the attacker is an authenticated stranger: a draft of his own.
# Session 35: a look-alike of a contributor's domain, flagged sender_lookalike, its reply quoting nothing of it.)
write('homograph-domain-of-the-victim', headers('alice@ex\u0430mple.org', 'REGIN-0001', [passed('xn--exmple-4nf.org')]) + PLAIN, HIJACK,
      dict(outcome='created', reply=True, victim='unchanged', reply_to=['alice@ex\u0430mple.org'], practice_flags=['sender_lookalike'],
           reply_omits=['Overwritten by Mallory', 'mallory@attacker.example']))
write('fullwidth-local-part-of-the-victim', headers('\uff41\uff4c\uff49\uff43\uff45@example.org', 'REGIN-0001', [passed('example.org')]) + PLAIN, HIJACK,
      dict(outcome='created', reply=True, victim='unchanged', reply_to=['\uff41\uff4c\uff49\uff43\uff45@example.org']))
# A DKIM signature the attacker wrote, with no verdict from our server: a signature we did not check proves nothing.
write('dkim-signature-without-our-verdict', headers('alice@example.org', 'REGIN-0001', [
      "DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=sel; h=from:subject; bh=AAAA; b=AAAA"]) + PLAIN, HIJACK, UNVERIFIED)
# Our server's DMARC pass for another From domain than this mail's (a verdict pasted from another mail, or a second From).
write('our-dmarc-pass-for-another-domain', headers('alice@example.org', 'REGIN-0001', [
      f"Authentication-Results: {OURS}; spf=pass smtp.mailfrom=attacker.example; dkim=pass header.d=attacker.example; dmarc=pass header.from=attacker.example"]) + PLAIN,
      HIJACK, UNVERIFIED)
# The victim named by Sender and Resent-From, the mail from (and signed by) the attacker: From alone names the sender.
write('victim-in-sender-and-resent-from', headers('mallory@attacker.example', 'REGIN-0001', [passed('attacker.example'),
      "Sender: alice@example.org", "Resent-From: alice@example.org", "Resent-Sender: alice@example.org"]) + PLAIN, HIJACK,
      dict(outcome='created', reply=True, victim='unchanged', reply_to=['mallory@attacker.example']))
# Five thousand Received lines (a mail loop or a parser's poison): over 2,000 header lines, refused unparsed (session 49).
write('received-header-flood', [f"Received: from relay{i}.attacker.example by relay{i + 1}.attacker.example; Mon, 30 Nov 2026 09:00:00 +0000" for i in range(5000)]
      + headers('grace@example.org', 'Our practice', [passed('example.org')]) + PLAIN, f"{key('title')} Loops and all\n",
      dict(outcome='failed', detail='headers_too_large', reply=False, victim='unchanged'))
# --- Session 13: our server's verdict made unreadable by what the attacker chose, then a forged pass below it.
# Our server copies the envelope sender (the attacker's choice) into its header; an address it cannot parse must not let a
# forged header further down, with our name, speak instead.
write('our-verdict-unreadable-then-a-forged-pass', headers('alice@example.org', 'REGIN-0001', [
      f"Authentication-Results: {OURS}; spf=pass smtp.mailfrom=\"x(;y\"@(attacker.example; dkim=none; dmarc=fail header.from=example.org",
      passed('example.org')]) + PLAIN, HIJACK, UNVERIFIED)
write('our-verdict-none-then-a-forged-pass', headers('alice@example.org', 'REGIN-0001', [
      f"Authentication-Results: {OURS}; none", passed('example.org')]) + PLAIN, HIJACK, UNVERIFIED)
# A pass inside a comment of our server's fail, and our name written as a comment before a stranger's.
write('pass-inside-a-comment-of-our-fail', headers('alice@example.org', 'REGIN-0001', [
      f"Authentication-Results: {OURS}; dmarc=fail (dmarc=pass header.from=example.org) header.from=example.org"]) + PLAIN, HIJACK, UNVERIFIED)
write('our-name-as-a-comment-before-a-strangers', headers('alice@example.org', 'REGIN-0001', [
      f"Authentication-Results: ({OURS}) mx.attacker.example; dmarc=pass header.from=example.org"]) + PLAIN, HIJACK, UNVERIFIED)
# An address written so that a careless reader takes the first address for the sender: the mailbox in angle brackets is.
write('bare-address-before-the-real-one', headers('alice@example.org <mallory@attacker.example>', 'REGIN-0001', [passed('attacker.example')]) + PLAIN, HIJACK,
      dict(outcome='created', reply=True, victim='unchanged', reply_to=['mallory@attacker.example']))
write('route-address-of-the-victim', headers('<@example.org:mallory@attacker.example>', 'REGIN-0001', [passed('attacker.example')]) + PLAIN, HIJACK,
      dict(outcome='created', reply=True, victim='unchanged', reply_to=['mallory@attacker.example']))
# The victim's reference in an attachment's name and in a second text part: only the sender's own words count, and a
# stranger's mail never changes Alice's practice.
write('reference-in-an-attachment-of-a-stranger', headers('mallory@attacker.example', 'Practice', [passed('attacker.example')])
      + ["Content-Type: multipart/mixed; boundary=B"],
      f"--B\nContent-Type: text/plain\n\n{key('contact_name')} Mallory\n--B\nContent-Type: text/plain; name=REGIN-0001.txt\nContent-Disposition: attachment; filename=REGIN-0001.txt\n\n{HIJACK}--B--\n",
      dict(outcome='created', reply=True, victim='unchanged', reply_to=['mallory@attacker.example']))
# A mail from our own mailbox's address (forged): no reply to ourselves, nothing read as a contribution.
write('from-our-own-mailbox', headers('reginproject@crpm.org', 'REGIN-0001') + PLAIN, HIJACK,
      dict(outcome='ignored', reply=False, victim='unchanged'))
# --- Session 14: the template saved by LibreOffice (.odt) is read, so it is a door too; and script where numbers go.
ODT = 'application/vnd.oasis.opendocument.text'
ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')
def odt(paragraphs, doctype=''):
    b = io.BytesIO(); z = zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED)
    z.writestr(zipfile.ZipInfo('mimetype'), ODT)  # first and stored, as LibreOffice writes it
    z.writestr('META-INF/manifest.xml', '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="' + ODT + '"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    z.writestr('content.xml', f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<office:document-content {ODT_NS}><office:body><office:text>'
               + ''.join(f'<text:p>{p}</text:p>' for p in paragraphs) + '</office:text></office:body></office:document-content>')
    z.close()
    return base64.encodebytes(b.getvalue()).decode()
def with_odt(sender, extra, body, attachment, name='scheda.odt'):
    return (headers(sender, 'Practice', extra) + ["Content-Type: multipart/mixed; boundary=B"],
            f"--B\nContent-Type: text/plain\n\n{body}\n--B\nContent-Type: {ODT}; name={name}\nContent-Disposition: attachment; filename={name}\nContent-Transfer-Encoding: base64\n\n{attachment}\n--B--\n")
# An OpenDocument file that asks the reader to fetch a file of the server (an external entity), and one whose entities
# expand a billion times: neither is expanded, the file is named as unreadable, the mail's own words are kept.
head, body = with_odt('l@attacker.example', [], f"{key('contact_name')} Lee",
    odt([f"{key('title')} &secret;"], '<!DOCTYPE office:document-content [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'))
write('odt-external-entity', head, body, dict(outcome='created', detail='docx_unsafe', reply=False, victim='unchanged', answers=dict(contact_name='Lee')))
laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + ''.join(f'<!ENTITY lol{i} "' + f'&lol{i - 1};' * 10 + '">' for i in range(1, 10)).replace('&lol0;', '&lol;') + ']>'
head, body = with_odt('m@example.org', [passed('example.org')], f"{key('contact_name')} Mia", odt([f"{key('title')} &lol9;"], laughs))
write('odt-billion-laughs', head, body, dict(outcome='created', detail='docx_unsafe', reply=True, victim='unchanged', answers=dict(contact_name='Mia')))
# A stranger's .odt that names the victim's practice and carries her answers: a new draft of the stranger's, never hers.
head, body = with_odt('mallory@attacker.example', [passed('attacker.example')], "Update for REGIN-0001 attached.",
    odt(["REGIN-0001"] + HIJACK.strip().split('\n')), name='REGIN-0001.odt')
write('odt-of-a-stranger-naming-the-victim', head, body, dict(outcome='created', reply=True, victim='unchanged', reply_to=['mallory@attacker.example']))
# Script and names with digits where a count and an amount go: never read as 1 person or 19 euro; the title keeps the words.
write('script-where-numbers-go', headers('nina@example.org', 'Practice', [passed('example.org')]) + PLAIN,
      f"{key('title')} <script>alert(1)</script>\n{key('beneficiaries_count')} alert(1)\n{key('budget_eur')} COVID-19 <img src=x onerror=alert(2)>\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(title='<script>alert(1)</script>'), no_value=['beneficiaries_count', 'budget_eur']))
# --- Session 15: digits of other scripts (Arabic-Indic, full-width, Devanagari) in keys and answers: one such line made
# the whole mail fail (an unguarded int.Parse of "١٣"); they are read as the digits they are.
write('digits-of-other-scripts', headers('karim@example.org', 'REGIN', [passed('example.org')]) + PLAIN,
      f"[Q٠١] Karim Haddad\n[Q٠٥] Sprachcafé ２０２０\n[Q١٣] ٢٠١٩\n١٤. {label('end_date', 'de')}: ２０２１\n"
      f"{key('beneficiaries_count')} १२०\n{key('budget_eur')} ４５．０００ €\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Karim Haddad', title='Sprachcafé ２０２０',
           start_date='2019', end_date='2021', beneficiaries_count=120, budget_eur=45000)))
# --- Session 16: a web address for the map that shows one place and leads to another (a user name before the host: the
# browser goes to evil.example) was stored as typed; it is refused, the rest of the mail kept.
write('deceptive-web-address', headers('olga@example.org', 'REGIN', [passed('example.org')]) + PLAIN,
      f"{key('contact_name')} Olga Petrova\n{key('title')} Welcome desk\n{key('website')} https://www.regione.puglia.it@evil.example/immigrazione\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Olga Petrova', title='Welcome desk'), no_value=['website']))
# --- Session 20: what attackers and broken mail programs really send.
import gzip, struct
FIXED = (2026, 11, 30, 10, 0, 0)
def package(entries):
    """A zip of (name, text or bytes) with fixed dates, so the fixture's bytes do not change each time it is written."""
    b = io.BytesIO(); z = zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED)
    for name, data in entries:
        info = zipfile.ZipInfo(name, date_time=FIXED); info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, data)
    z.close()
    return b.getvalue()
CT_DOCX = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
           '<Override PartName="/word/document.xml" ContentType="{main}"/>{more}</Types>')
MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
def word(paragraphs, main=MAIN, more_types='', extra=(), document_rels=None):
    """A .docx whose body is the given paragraph XML (each a w:p's inside); extra: more (name, data) entries."""
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>' + ''.join(paragraphs) + '</w:body></w:document>'
    entries = [('[Content_Types].xml', CT_DOCX.format(main=main, more=more_types)), ('_rels/.rels', RELS), ('word/document.xml', document)]
    if document_rels:
        entries.append(('word/_rels/document.xml.rels', document_rels))
    return package(entries + list(extra))
def para(text): return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
def attached(sender, subject, extra, body, ctype, name, data, disposition='attachment'):
    b64 = base64.encodebytes(data).decode()
    return (headers(sender, subject, extra) + ["Content-Type: multipart/mixed; boundary=B"],
            f"--B\nContent-Type: text/plain; charset=utf-8\n\n{body}\n--B\nContent-Type: {ctype}; name=\"{name}\"\nContent-Disposition: {disposition}; filename=\"{name}\"\n"
            f"Content-Transfer-Encoding: base64\n\n{b64}\n--B--\n")
FORM = f"{key('contact_name')} Ruth Meyer\n{key('title')} Welcome cafe in the library\n{key('country')} Ireland\n"
FORM_ANSWERS = dict(contact_name='Ruth Meyer', title='Welcome cafe in the library', country='IE')

# Outlook sends its "rich text" mail as a TNEF winmail.dat (application/ms-tnef) holding the body and the attachments: the
# template attached in Outlook reaches us only inside it. MimeKit reads TNEF (TnefPart); the attachments in it are read.
def tnef(body, files):
    def attr(level, tag, data): return struct.pack('<BII', level, tag, len(data)) + data + struct.pack('<H', sum(data) & 0xFFFF)
    out = struct.pack('<IH', 0x223E9F78, 0x0101)
    out += attr(1, 0x00089006, struct.pack('<I', 0x00010000))          # attTnefVersion
    out += attr(1, 0x00069007, struct.pack('<II', 1252, 0))             # attOemCodepage
    out += attr(1, 0x00078008, b'IPM.Microsoft Mail.Note\0')            # attMessageClass
    out += attr(1, 0x0002800C, body.encode('cp1252'))                   # attBody
    for name, data in files:
        out += attr(2, 0x00069002, struct.pack('<HIHHI', 1, 0xFFFFFFFF, 0, 0, 0))  # attAttachRendData: a file
        out += attr(2, 0x00018010, name.encode('cp1252') + b'\0')      # attAttachTitle
        out += attr(2, 0x0006800F, data)                                # attAttachData
    return out
head, body = attached('ruth@example.org', 'Template', [passed('example.org')], "", 'application/ms-tnef', 'winmail.dat',
                      tnef("Please find the template attached.\r\n", [('template.txt', FORM.replace('\n', '\r\n').encode('cp1252'))]))
write('tnef-winmail-dat-carrying-the-template', head, body.replace("--B\nContent-Type: text/plain; charset=utf-8\n\n\n", "", 1),
      dict(outcome='created', reply=True, victim='unchanged', answers=FORM_ANSWERS, reply_to=['ruth@example.org']))
# An authenticated stranger forwards, as an attached message/rfc822, a template someone else filled in (no practice named):
# the answers are read into a new draft of the forwarder's; the inner From is nobody we answer or link.
inner = "\n".join(headers('someone.else@example.com', 'My template', [passed('example.com')], mid='inner-template@example.com')) + "\nContent-Type: text/plain; charset=utf-8\n\n" + FORM
write('forwarded-template-in-a-strangers-mail', headers('sam@example.net', 'Fwd: My template', [passed('example.net')]) + ["Content-Type: multipart/mixed; boundary=B"],
      f"--B\nContent-Type: text/plain\n\nForwarding a colleague's answers.\n--B\nContent-Type: message/rfc822\nContent-Disposition: attachment; filename=\"template.eml\"\n\n{inner}\n--B--\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=FORM_ANSWERS, reply_to=['sam@example.net']))
# HTML-only mail whose answers are hidden from the person who wrote or forwarded it: display:none (inline and by a class in
# a style sheet), visibility:hidden, the hidden attribute, a zero font size, Outlook's mso-hide, and white text on white
# next to the visible ones. A mail program shows none of it; a hidden line is not an answer.
hidden_html = ('<html><head><style>.x{display:none} p.y { color : #FFF }</style></head><body>'
    f'<p>{key("contact_name")} Hana Novak</p><p>{key("title")} Homework club</p>'
    f'<div style="display: none">{key("title")} Hidden title</div><p class="x">{key("lead_organisation")} Hidden Org</p>'
    f'<div style="visibility:hidden">{key("partners")} Hidden partners</div><div hidden>{key("contact_phone")} +1 555 0100</div>'
    f'<span style="font-size:0">{key("contact_organisation")} Hidden contact org</span><div style="mso-hide:all">{key("website")} https://evil.example/</div>'
    f'<p><font color="#ffffff">{key("region")} Hidden region</font></p><p style="color:white;background-color:#fff">{key("lead_organisation_type")} ngo</p>'
    f'<p class="y">{key("end_date")} 2030</p>'
    f'<table bgcolor="#000000"><tr><td style="color:#ffffff">{key("country")} Czechia</td></tr></table></body></html>')
write('html-answers-hidden-by-css', headers('hana@example.org', 'REGIN', [passed('example.org')]) + ["Content-Type: text/html; charset=utf-8"], hidden_html,
      dict(outcome='created', reply=True, victim='unchanged', detail='hidden_text:html', practice_flags=['hidden_text'], answers=dict(contact_name='Hana Novak', title='Homework club', country='CZ'),
           no_value=['lead_organisation', 'partners', 'contact_phone', 'contact_organisation', 'website', 'region', 'lead_organisation_type', 'end_date']))
# A .docx with tracked changes (deleted text is not an answer, inserted text is), a moved-away paragraph, and text Word
# hides (w:vanish): only what Word shows with the changes accepted counts.
tracked = word([
    para(f"{key('contact_name')} Ivo Horvat"),
    f'<w:p><w:r><w:t xml:space="preserve">{key("title")} </w:t></w:r><w:del w:id="1" w:author="Mallory" w:date="2026-11-30T10:00:00Z"><w:r><w:delText>Old deleted title</w:delText></w:r></w:del>'
    f'<w:ins w:id="2" w:author="Ivo" w:date="2026-11-30T10:00:00Z"><w:r><w:t>Mentoring for newcomers</w:t></w:r></w:ins></w:p>',
    f'<w:del w:id="3" w:author="Mallory" w:date="2026-11-30T10:00:00Z"><w:r><w:t>{key("lead_organisation")} Deleted but written as w:t</w:t></w:r></w:del>',
    f'<w:p><w:moveFrom w:id="4" w:author="Ivo" w:date="2026-11-30T10:00:00Z"><w:r><w:t>{key("partners")} Moved away</w:t></w:r></w:moveFrom></w:p>',
    f'<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>{key("website")} https://evil.example/</w:t></w:r></w:p>',
    f'<w:p><w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>{key("contact_phone")} +1 555 0101</w:t></w:r></w:p>',
    f'<w:p><w:r><w:rPr><w:color w:val="FFFFFF"/><w:shd w:val="clear" w:fill="1F3864"/></w:rPr><w:t>{key("contact_organisation")} Harbour Trust</w:t></w:r></w:p>',
    para(f"{key('country')} Croatia")])
head, body = attached('ivo@example.org', 'Template', [passed('example.org')], "See the attachment.", DOCX, 'template.docx', tracked)
write('docx-tracked-changes', head, body,
      dict(outcome='created', reply=True, victim='unchanged', detail='hidden_text:template.docx', practice_flags=['hidden_text'],
           answers=dict(contact_name='Ivo Horvat', title='Mentoring for newcomers', country='HR', contact_organisation='Harbour Trust'),
           no_value=['lead_organisation', 'partners', 'website', 'contact_phone']))
# A .docx whose body pulls in another document (w:altChunk of an embedded .docx): Word merges it when it opens the file;
# we do not open documents inside documents. The visible answers are read, the embedded part is named as not read.
inner_docx = word([para(f"{key('title')} From the embedded document")])
alt = word([para(f"{key('contact_name')} Jana Kovac"), '<w:altChunk r:id="alt1"/>', para(f"{key('country')} Slovakia")],
           more_types='<Override PartName="/word/embedded.docx" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document"/>',
           document_rels='<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="alt1" '
                         'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="embedded.docx"/></Relationships>',
           extra=[('word/embedded.docx', inner_docx)])
head, body = attached('jana@example.org', 'Template', [passed('example.org')], "Attached.", DOCX, 'template.docx', alt)
write('docx-altchunk-embedded-docx', head, body,
      dict(outcome='created', reply=True, victim='unchanged', detail='docx_embedded_not_read', answers=dict(contact_name='Jana Kovac', country='SK'), no_value=['title'],
           reply_contains=['We did not read the attached file template.docx (word/embedded.docx)']))
# A macro-enabled Word file (.docm, with its VBA project): never opened, said so; the body's own answers are read.
docm = word([para(f"{key('title')} From the macro file")], main='application/vnd.ms-word.document.macroEnabled.main+xml', extra=[('word/vbaProject.bin', b'\xd0\xcf\x11\xe0' + b'\0' * 60)])
head, body = attached('kai@example.org', 'Template', [passed('example.org')], f"{key('contact_name')} Kai Berg", 'application/vnd.ms-word.document.macroEnabled.12', 'template.docm', docm)
write('docm-with-macros', head, body,
      dict(outcome='created', reply=True, victim='unchanged', detail='docx_macro', answers=dict(contact_name='Kai Berg'), no_value=['title'],
           reply_contains=['We did not open the attached file template.docm: it contains macros']))
# A .docx whose [Content_Types] lies: it calls the main document a plain template part and hides a VBA project under an
# innocent name and type. Opened by nobody as a macro file; read as far as it can be, never a crash.
liar = word([para(f"{key('title')} From the lying file")], main='application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml',
            more_types='<Override PartName="/word/logo.png" ContentType="image/png"/>', extra=[('word/logo.png', b'\xd0\xcf\x11\xe0' + b'\0' * 60 + b'VBA')])
head, body = attached('lea@example.org', 'Template', [passed('example.org')], f"{key('contact_name')} Lea Fischer", DOCX, 'template.docx', liar)
# (Its only words besides the keys are a name, "Lea Fischer": no language, so the default's, not Spanish's "lea".)
write('docx-content-types-lie', head, body, dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Lea Fischer'), language='en'))
# A .docx (a zip) with entries named to climb out of a folder ("../../../../tmp/…", absolute, backslashes): nothing is
# ever written out, the document is read (or refused as damaged), never a crash.
traversal = word([para(f"{key('title')} Zip slip practice")], extra=[('../../../../tmp/regin-hostile-zip-slip.sh', '#!/bin/sh\necho owned\n'),
                  ('/etc/regin-hostile', 'x'), ('..\\..\\windows\\evil.dll', 'MZ')])
head, body = attached('mo@example.org', 'Template', [passed('example.org')], f"{key('contact_name')} Mo Ali", DOCX, 'template.docx', traversal)
write('docx-zip-path-traversal', head, body, dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Mo Ali')))
# Base64 as broken mail programs and filters write it: padding missing, junk characters and a line of garbage inside.
# Decoded the forgiving way (as MimeKit does), skipping what is not base64.
b64 = base64.b64encode(FORM.encode()).decode().rstrip('=')
b64 = '\n'.join(b64[i:i + 60] for i in range(0, len(b64), 60))
b64 = b64[:30] + '!*' + b64[30:70] + '\n~~~~ \n' + b64[70:]
write('base64-broken-padding-and-junk', headers('nils@example.org', 'REGIN', [passed('example.org')]) + ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"],
      b64 + '\n', dict(outcome='created', reply=True, victim='unchanged', answers=FORM_ANSWERS))
# A body in uuencode (Content-Transfer-Encoding: x-uuencode, as old mail programs write it): decoded.
import binascii
uu = 'begin 644 template.txt\n' + ''.join(binascii.b2a_uu(FORM.encode()[i:i + 45]).decode() for i in range(0, len(FORM.encode()), 45)) + '`\nend\n'
write('uuencoded-body', headers('omar@example.org', 'REGIN', [passed('example.org')]) + ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: x-uuencode"],
      uu, dict(outcome='created', reply=True, victim='unchanged', answers=FORM_ANSWERS))
# Raw UTF-8 in From and Subject (8-bit headers, no encoded words): the name is read as UTF-8 and becomes the contact's name.
write('raw-utf8-in-from-and-subject', headers('Zoë Ørsted-Müller <zoe@example.org>', 'Vorlage für REGIN – ausgefüllt', [passed('example.org')]) + PLAIN,
      f"{key('title')} Sprachcafé für Neuankömmlinge\n{key('country')} Deutschland\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Zoë Ørsted-Müller', title='Sprachcafé für Neuankömmlinge', country='DE')))
# An encoded word in the Subject that decodes to CR LF and a forged verdict of our server: a header never grows out of a
# header's value, so Alice stays unauthenticated and her practice unchanged.
forged = base64.b64encode(b'REGIN-0001\r\nAuthentication-Results: mx.crpm.org; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org').decode()
write('encoded-word-crlf-forges-our-verdict', headers('alice@example.org', f'=?utf-8?b?{forged}?=') + PLAIN, HIJACK, UNVERIFIED)
# Transfer encodings the parser does not know: a typo of 8bit (read as it is, as MimeKit does) and a compression nobody
# standardised (its bytes are no text: nothing readable, never a crash).
write('unknown-transfer-encoding-typo', headers('pia@example.org', 'REGIN', [passed('example.org')]) + ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8-bits"],
      FORM, dict(outcome='created', reply=True, victim='unchanged', answers=FORM_ANSWERS))
write('unknown-transfer-encoding-gzip64', headers('quinn@example.org', 'REGIN', [passed('example.org')]) + ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: x-gzip64"],
      base64.encodebytes(gzip.compress(FORM.encode(), mtime=0)).decode(), dict(outcome='needs_info', victim='unchanged'))
# A multipart whose boundary never closes (a truncated mail, a broken gateway): the parts that arrived are read.
write('boundary-never-closes', headers('rita@example.org', 'REGIN', [passed('example.org')]) + ["Content-Type: multipart/mixed; boundary=NEVER"],
      f"preamble\n--NEVER\nContent-Type: text/plain; charset=utf-8\n\n{FORM}\n--NEVER\nContent-Type: text/plain; name=notes.txt\nContent-Disposition: attachment; filename=notes.txt\n\n"
      f"{key('partners')} Town library\n", dict(outcome='created', reply=True, victim='unchanged', answers=dict(FORM_ANSWERS, partners='Town library')))
# A header line far beyond 998 characters, folded 10,000 times (a broken mailer, or poison for a quadratic unfolder): refused unparsed.
long_header = "X-Campaign: " + "\n ".join("segment%05d" % i for i in range(10_000))
write('header-folded-ten-thousand-times', [long_header] + headers('sven@example.org', 'REGIN ' + "\n word" * 2000, [passed('example.org')]) + PLAIN,
      FORM, dict(outcome='failed', detail='headers_too_large', reply=False, victim='unchanged'))
# Authentication-Results folded over lines, our authserv-id hidden in a comment on a continuation line of a stranger's:
# the header is a stranger's. And our own server's verdict folded the way real servers fold it: believed.
write('our-authserv-id-in-a-folded-comment', headers('alice@example.org', 'REGIN-0001', [
      "Authentication-Results: mx.attacker.example\n (received by\n mx.crpm.org);\n dkim=pass header.d=example.org;\n dmarc=pass header.from=example.org"]) + PLAIN, HIJACK, UNVERIFIED)
write('our-verdict-folded-over-lines', headers('alice@example.org', 'Re: REGIN-0001', [
      "Authentication-Results: mx.crpm.org;\n\tspf=pass (sender SPF authorized)\n\t smtp.mailfrom=example.org;\n\tdkim=pass (2048-bit key)\n\t header.d=example.org header.s=sel;\n\tdmarc=pass (p=reject dis=none)\n\t header.from=example.org"])
      + PLAIN, f"{key('contact_name')} Alice Murphy\n",
      dict(outcome='updated', reply=True, answers=dict(contact_name="Alice Murphy")))
# Return-Path (the envelope sender) the attacker's, From Alice's, our server's SPF pass for the attacker's domain only and
# a Received-SPF the attacker wrote: nothing aligned with Alice's domain, so not Alice.
write('return-path-from-mismatch', ["Return-Path: <mallory@attacker.example>", "Received-SPF: pass (example.org: alice@example.org is allowed)"]
      + headers('alice@example.org', 'REGIN-0001', [f"Authentication-Results: {OURS}; spf=pass smtp.mailfrom=attacker.example; dkim=none; dmarc=fail header.from=example.org"]) + PLAIN,
      HIJACK, UNVERIFIED)
# Bidi controls (U+202E, isolates) in the display name that becomes the contact's name, and in answers: stored without them.
write('bidi-overrides-in-display-name-and-answers', headers('"Tom \u202eresiaK\u202c" <tom@example.org>', 'REGIN', [passed('example.org')]) + PLAIN,
      f"{key('title')} \u2067Safe\u2069 passage\u200f mentoring\n{key('lead_organisation')} City \u202dCouncil\u202c\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Tom resiaK', title='Safe passage mentoring', lead_organisation='City Council')))
# Zero-width characters inside keys and labels ("Organi\u200bsation", "[Q\u200b05]"), as pasted from web pages: read as
# the key and the label a reader sees.
ORGANI_SATION = label('lead_organisation', 'en').replace('organisation', 'organi\u200bsation')
write('zero-width-characters-in-keys', headers('uma@example.org', 'REGIN', [passed('example.org')]) + PLAIN,
      f"[Q\u200b01] Uma Das\n[\u2060Q05] Night school\n{ORGANI_SATION}: Town\ufeff hall\n"
      f"Coun\u200ctry: Ireland\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Uma Das', title='Night school', lead_organisation='Town hall', country='IE')))
# The subject and Content-Language claim French, the template is the German one: the template's language wins.
write('template-language-other-than-the-subject-claims', headers('vera@example.org', 'Formulaire rempli (français)', [passed('example.org'), "Content-Language: fr"]) + PLAIN,
      form('de'), expect('de'))
# The template sent in a zip archive whose entries climb out of the folder ("../../../../tmp/…"): archives are not opened
# (nothing is ever unpacked to disk); the sender is told to send the file itself. The body's own answers are read.
zipped = package([('../../../../tmp/regin-hostile-zip-slip.txt', FORM), ('/etc/cron.d/regin-hostile', '* * * * * root id\n'), ('template.txt', FORM)])
head, body = attached('wim@example.org', 'Template', [passed('example.org')], f"{key('contact_name')} Wim Peeters", 'application/zip', 'template.zip', zipped)
write('zip-archive-with-path-traversal', head, body,
      dict(outcome='created', reply=True, victim='unchanged', detail='attachment_not_read:template.zip', answers=dict(contact_name='Wim Peeters'), no_value=['title'],
           reply_contains=['We did not read the attached file template.zip']))
# A damaged winmail.dat (cut short in the middle of an attribute): said to be unreadable, the body's answers kept.
head, body = attached('ruth.b@example.org', 'Template', [passed('example.org')], f"{key('contact_name')} Ruth Byrne", 'application/ms-tnef', 'winmail.dat',
                      tnef("Body", [("template.txt", FORM.encode("cp1252"))])[:50])
write('tnef-damaged', head, body, dict(outcome='created', reply=True, victim='unchanged', detail='tnef_invalid:winmail.dat', answers=dict(contact_name='Ruth Byrne'),
      reply_contains=['We could not read the attached file winmail.dat']))

# --- Session 21.
# Alice's own authenticated update of her draft, in HTML, with a line hidden white on white that would change her contact
# address: the visible answer is recorded, the hidden one is not, and her draft is flagged for the researchers (hidden_text,
# naming the mail, which is kept raw).
# (Answered since session 38: she added an answer, so the reply confirms it, though what is missing is what she was told
# this day already; before, one error reply a day held it back.)
write('hidden-text-in-the-contributors-own-update', headers('alice@example.org', 'Re: REGIN-0001', [passed('example.org')]) + ["Content-Type: text/html; charset=utf-8"],
      f'<html><body><p>{key("partners")} Harbour Library</p><p style="color:#ffffff;background:#ffffff">{key("contact_email")} mallory@attacker.example</p></body></html>',
      dict(outcome='updated', reply=True, reply_contains=['[Q12]'], detail='hidden_text:html', victim_flag='hidden_text', answers=dict(partners='Harbour Library', contact_email='alice@example.org')))
# A reply comes in the sender's language: a name that is a word of another language ("Lea", "Sole"), an address, a web
# address or a key decides nothing; the sender's own sentences do, and without them the default language answers.
def language_mail(stem, sender, text, language, name):
    write(stem, headers(sender, 'REGIN', [passed(sender.split('@')[1])]) + PLAIN, text,
          dict(outcome='created', reply=True, victim='unchanged', language=language, answers=dict(contact_name=name)))
language_mail('language-keys-name-and-addresses-only', 'lea.fischer@example.de',
              f"{key('contact_name')} Lea Fischer\n{key('title')} Sprachcafé\n{key('website')} https://www.lea-fischer.example.de/\n", 'en', 'Lea Fischer')
language_mail('language-german-around-a-spanish-looking-name', 'lea.f@example.de',
              f"Hallo,\nanbei meine Antworten.\n\n{key('contact_name')} Lea Fischer\n{key('title')} Sprachcafé für Neuankömmlinge\n\nViele Grüße\nLea Fischer\n", 'de', 'Lea Fischer')
language_mail('language-italian-with-address-and-signature', 'sole@example.it',
              f"Buongiorno,\nin allegato le mie risposte.\n{key('contact_name')} Sole Martini\n{key('contact_email')} sole.martini@comune.example.it\n\nCordiali saluti,\nSole Martini\n", 'it', 'Sole Martini')
language_mail('language-greek-with-a-latin-name', 'ana@example.gr',
              f"Καλησπέρα σας,\nσας στέλνω τις απαντήσεις μου.\n{key('contact_name')} Ana Lea Costa\n\nΜε εκτίμηση,\nAna Lea Costa\n", 'el', 'Ana Lea Costa')
# An HTML body's document holds about 5 times its size and reading it allocates 10 times: one of more than 1,000,000 characters of markup (once
# its comments and pictures are out) is refused, the sender told to send plain text or the file, the mail kept raw.
big_html = '<html><body><p>' + key('title') + ' Too big to parse</p>' + ''.join(f'<p class=MsoNormal style="margin:0">Line {i} of a long newsletter</p>\n' for i in range(18_000)) + '</body></html>'
write('html-body-too-big-to-parse', headers('wendy@example.org', 'REGIN', [passed('example.org')]) + ["Content-Type: text/html; charset=utf-8"], big_html,
      dict(outcome='failed', reply=True, victim='unchanged', detail='html_too_deep_or_large',
           reply_contains=['We could not read the formatted (HTML) text of your e-mail']))
# The template typed into an Outlook mail with a pasted 2 MB screenshot and Word's conditional XML: both are taken out
# before the HTML is parsed (they show nothing), and the answers are read.
random.seed(21)
shot = base64.b64encode(bytes(random.getrandbits(8) for _ in range(1_500_000))).decode()
outlook = ('<html><head><!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml><![endif]-->'
           '<style><!-- p.MsoNormal {margin:0cm;} --></style></head><body>'
           + ''.join(f'<p class=MsoNormal>{line}<o:p></o:p></p>\n' for line in FORM.strip().split('\n'))
           + f'<p class=MsoNormal><img width=600 src="data:image/png;base64,{shot}"></p></body></html>')
write('html-with-a-pasted-screenshot', headers('xena@example.org', 'REGIN', [passed('example.org')]) + ["Content-Type: text/html; charset=utf-8"], outlook,
      dict(outcome='created', reply=True, victim='unchanged', answers=FORM_ANSWERS))
# A file uuencoded inline in the text of the mail ("begin 644 name" ... "end", as old gateways attach): not decoded blindly
# into the text read for answers; named in the reply as not read. The answers typed around it are read.
uu_inline = 'begin 644 template.txt\n' + ''.join(binascii.b2a_uu(FORM.encode()[i:i + 45]).decode() for i in range(0, len(FORM.encode()), 45)) + '`\nend\n'
write('uuencoded-file-inline-in-the-text', headers('yara@example.org', 'REGIN', [passed('example.org')]) + PLAIN,
      f"{key('contact_name')} Yara Haddad\n\n{uu_inline}\n{key('partners')} Town library\n",
      dict(outcome='created', reply=True, victim='unchanged', detail='attachment_not_read:template.txt', answers=dict(contact_name='Yara Haddad', partners='Town library'),
           no_value=['title', 'country'], reply_contains=['We did not read the attached file template.txt']))

# --- Session 30: the mail door as real mail programs write and attackers craft (mail30).
def qp(text):
    return quopri.encodestring(text.encode('utf-8')).decode()
# Thunderbird's plain text is format=flowed: a line longer than 72 columns is cut after a space, the space left at the end of
# the line (a soft break). Read as one line: the title is the one line the sender typed.
flowed_title = 'Language café for newly arrived families in the northern districts of the city'
write('thunderbird-format-flowed', headers('Tomas Berg <tomas@example.org>', 'Re: REGIN', [passed('example.org'), "User-Agent: Mozilla Thunderbird"])
      + ["Content-Type: text/plain; charset=UTF-8; format=flowed", "Content-Transfer-Encoding: 8bit"],
      f"{key('contact_name')} Tomas Berg\n{key('title')} Language café for newly arrived families in the \nnorthern districts of the city\n{key('country')} Ireland\n"
      f"{key('website')} \nhttps://www.example.org/projects/language-cafe-for-newly-arrived-families/\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Tomas Berg', title=flowed_title, country='IE',
           website='https://www.example.org/projects/language-cafe-for-newly-arrived-families/')))
# Apple Mail writes format=flowed with DelSp=yes: the space before a soft break is not the text's, so a long word (a web
# address) can be cut anywhere. Read joined, the address whole (stored as the web address it is, its é percent-encoded).
write('apple-mail-flowed-delsp', headers('Inès Martin <ines@example.fr>', 'REGIN', [passed('example.fr'), "X-Mailer: Apple Mail (2.3774.600.62)"])
      + ["Content-Type: text/plain; charset=utf-8; delsp=yes; format=flowed", "Content-Transfer-Encoding: 8bit"],
      f"{key('contact_name')} Inès Martin\n{key('website')} https://www.example.fr/accueil/primo-arrivants/caf \né-des-langues\n{key('country')} France\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Inès Martin', country='FR', website='https://www.example.fr/accueil/primo-arrivants/caf%C3%A9-des-langues')))
# Outlook's plain text in quoted-printable, a soft break ("=" at the end of a line) in the middle of a word of an answer.
outlook_qp = qp(f"Hallo,\nanbei meine Antworten.\n\n{key('contact_name')} Jürgen Weiß\n{key('title')} Sprachpatenschaften für Geflüchtete im Landkreis Nordsachsen und Umgebung\n{key('country')} Deutschland\n")
write('outlook-quoted-printable-soft-break', headers('Jürgen Weiß <juergen@example.de>', 'REGIN', [passed('example.de'), "X-Mailer: Microsoft Outlook 16.0"])
      + ["Content-Type: text/plain; charset=\"utf-8\"", "Content-Transfer-Encoding: quoted-printable"], outlook_qp,
      dict(outcome='created', reply=True, victim='unchanged', language='de', answers=dict(contact_name='Jürgen Weiß', country='DE',
           title='Sprachpatenschaften für Geflüchtete im Landkreis Nordsachsen und Umgebung')))
# Outlook replies do not quote with "> ": the previous mail follows a From/Sent block, in the sender's own language. The
# answers typed above count; the quoted template's keys below (here Alice's own earlier answers, under our reply) do not.
def outlook_reply(stem, lang, sender, lines, new, old, expected):
    head = "\n".join(lines)
    write(stem, headers(sender, 'RE: REGIN-0001', [passed(sender.split('@')[1])]) + PLAIN,
          f"{new}\n\n{head}\n\n{old}", expected)
OLD = f"{key('contact_name')} Old Name\n{key('title')} Old title from the quote\n{key('country')} Malta\n{key('partners')} Quoted partners\n"
outlook_reply('outlook-reply-greek-block', 'el', 'eleni@example.gr',
              ["________________________________", "Από: Regin <reginproject@crpm.org>", "Στάλθηκε: Δευτέρα, 30 Νοεμβρίου 2026 10:00 πμ", "Προς: eleni@example.gr", "Θέμα: REGIN-0001"],
              f"Καλημέρα σας,\nοι απαντήσεις μου:\n\n{key('contact_name')} Ελένη Παπαδοπούλου\n{key('title')} Κέντρο ένταξης μεταναστών\n\nΜε εκτίμηση,\nΕλένη",
              OLD, dict(outcome='created', reply=True, victim='unchanged', language='el', answers=dict(contact_name='Ελένη Παπαδοπούλου', title='Κέντρο ένταξης μεταναστών'),
                        no_value=['country', 'partners']))
outlook_reply('outlook-reply-swedish-block', 'sv', 'anna@example.se',
              ["Från: Regin <reginproject@crpm.org>", "Skickat: den 30 november 2026 10:00", "Till: anna@example.se", "Ämne: REGIN-0001"],
              f"Hej,\nhär är mina svar.\n\n{key('contact_name')} Anna Lindqvist\n{key('title')} Samhällsorientering på modersmål\n\nMed vänliga hälsningar\nAnna",
              OLD, dict(outcome='created', reply=True, victim='unchanged', language='sv', answers=dict(contact_name='Anna Lindqvist', title='Samhällsorientering på modersmål'),
                        no_value=['country', 'partners']))
outlook_reply('outlook-reply-french-block', 'fr', 'elodie@example.fr',
              ["De : Regin <reginproject@crpm.org>", "Envoyé : lundi 30 novembre 2026 10:00", "À : elodie@example.fr", "Objet : REGIN-0001"],
              f"Bonjour,\nvoici mes réponses.\n\n{key('contact_name')} Élodie Marchand\n{key('title')} Cœur d'accueil\n\nCordialement,\nÉlodie",
              OLD, dict(outcome='created', reply=True, victim='unchanged', language='fr', answers=dict(contact_name='Élodie Marchand', title="Cœur d'accueil"),
                        no_value=['country', 'partners']))
outlook_reply('outlook-reply-italian-block', 'it', 'niccolo@example.it',
              ["Da: Regin <reginproject@crpm.org>", "Inviato: lunedì 30 novembre 2026 10:00", "A: niccolo@example.it", "Oggetto: REGIN-0001"],
              f"Buongiorno,\necco le mie risposte.\n\n{key('contact_name')} Niccolò Rossi\n{key('title')} Mediatori di salute\n\nCordiali saluti,\nNiccolò",
              OLD, dict(outcome='created', reply=True, victim='unchanged', language='it', answers=dict(contact_name='Niccolò Rossi', title='Mediatori di salute'),
                        no_value=['country', 'partners']))
# The template pasted twice (filled in, then the empty one again below, as people do when they copy the whole mail): the
# empty copy erases nothing.
EMPTY = "".join(f"{key(q)} {label(q, 'en')}\n\n" for q in ['contact_name', 'title', 'country', 'partners'])
write('template-pasted-twice-second-empty', headers('rosa@example.org', 'REGIN', [passed('example.org')]) + PLAIN,
      f"{key('contact_name')} Rosa Diaz\n{key('title')} Homework club\n{key('country')} Ireland\n{key('partners')} Town library\n\n{EMPTY}",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Rosa Diaz', title='Homework club', country='IE', partners='Town library')))
# A signature with a phone number and a disclaimer after the last answer, with no "-- " line (Outlook's signatures have
# none): the last answer is what was typed for it, not the signature.
write('signature-and-disclaimer-after-the-last-answer', headers('Maria Rossi <maria@example.org>', 'REGIN', [passed('example.org')]) + PLAIN,
      f"{key('contact_name')} Maria Rossi\n{key('title')} Welcome desk\n{key('partners')} Town library, Red Cross\n\n"
      "Kind regards,\nMaria Rossi\nProject officer, Welcome Desk\nTel. +39 06 1234 5678 | Mob. +39 333 123 4567\n\n"
      "DISCLAIMER: This e-mail and any attachments are confidential and intended solely for the addressee. If you have received it in error, please notify the sender and delete it.\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Maria Rossi', title='Welcome desk', partners='Town library, Red Cross'),
           no_value=['contact_phone']))
# A phone: "Sent from my iPhone" under the last answer.
write('sent-from-my-iphone-after-the-last-answer', headers('Sam Lee <sam@example.org>', 'REGIN', [passed('example.org'), "X-Mailer: iPhone Mail (22B91)"])
      + ["Content-Type: text/plain; charset=us-ascii; format=flowed", "Content-Transfer-Encoding: 7bit"],
      f"{key('contact_name')} Sam Lee\n{key('title')} Youth mentoring\n{key('partners')} Town library\n\nSent from my iPhone\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Sam Lee', title='Youth mentoring', partners='Town library')))
# --- Attackers.
# Two Message-ID headers, the first Alice's own earlier mail's: keyed as one mail would be, never taken for a duplicate
# of Alice's that hides this one, never touching Alice's draft.
write('two-message-ids', headers('mallory@attacker.example', 'REGIN', [passed('attacker.example'), "Message-ID: <alice-first@example.org>"]) + PLAIN,
      f"{key('title')} Mallory's practice\n", dict(outcome='created', reply=True, victim='unchanged'))
# A multipart of 10,000 parts (each a few bytes): read within the budget, the first text read, the rest named as cut.
many = "".join(f"--B\nContent-Type: text/plain; charset=utf-8\n\n{key('title')} Part {i}\n" for i in range(1, 10_000))
write('ten-thousand-parts', headers('zed@example.org', 'REGIN', [passed('example.org')]) + ["Content-Type: multipart/mixed; boundary=B"],
      f"--B\nContent-Type: text/plain; charset=utf-8\n\n{key('contact_name')} Zed Ames\n" + many + "--B--\n",
      dict(outcome='created', detail='too_many_parts', reply=True, victim='unchanged', answers=dict(contact_name='Zed Ames'),
           reply_contains=[LOCALES['en']['messages']['mail.too_many_parts'].replace('{count}', '100')]))
# Nested 100 deep (multipart/mixed inside multipart/mixed), the template at the bottom.
nest = "".join(f"--n{i}\nContent-Type: multipart/mixed; boundary=n{i + 1}\n\n" for i in range(100))
unnest = "".join(f"--n{i}--\n" for i in reversed(range(101)))
write('multipart-nested-a-hundred-deep', headers('yan@example.org', 'REGIN', [passed('example.org')]) + ["Content-Type: multipart/mixed; boundary=n0"],
      nest + f"--n100\nContent-Type: text/plain; charset=utf-8\n\n{FORM}\n" + unnest,
      dict(outcome='failed', detail='parts_too_deep', reply=True, victim='unchanged', reply_contains=[LOCALES['en']['messages']['mail.parts_too_deep']]))
# A .docx whose document.xml declares the billion laughs: refused as damaged, never expanded; the body's answers kept.
laughs = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "lollollollollollollollollollol">' + ''.join(f'<!ENTITY {chr(98 + i)} "' + f'&{chr(97 + i)};' * 10 + '">' for i in range(8))
          + f']><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>{key("title")} &i;</w:t></w:r></w:p></w:body></w:document>')
bl = package([('[Content_Types].xml', CT_DOCX.format(main=MAIN, more='')), ('_rels/.rels', RELS), ('word/document.xml', laughs)])
head, body = attached('xia@example.org', 'Template', [passed('example.org')], f"{key('contact_name')} Xia Wong", DOCX, 'template.docx', bl)
write('docx-billion-laughs', head, body, dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Xia Wong'), no_value=['title']))
# A .docx whose zip headers say its document is 900 bytes while it inflates to 300 MB (the sizes are the attacker's to
# write): never read past what it declared.
big_doc = f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>' + para(f"{key('title')} Liar") + '<w:p><w:r><w:t>' + 'A' * 300_000_000 + '</w:t></w:r></w:p></w:body></w:document>'
liar_zip = bytearray(package([('[Content_Types].xml', CT_DOCX.format(main=MAIN, more='')), ('_rels/.rels', RELS), ('word/document.xml', big_doc)]))
real = struct.pack('<I', len(big_doc.encode()))
for at in [i for i in range(len(liar_zip) - 4) if liar_zip[i:i + 4] == real]:
    liar_zip[at:at + 4] = struct.pack('<I', 900)
head, body = attached('wu@example.org', 'Template', [passed('example.org')], f"{key('contact_name')} Wu Chen", DOCX, 'template.docx', bytes(liar_zip))
write('docx-sizes-lie', head, body, dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Wu Chen'), no_value=['title']))
# No From at all, and a group with no address: nobody to answer and nobody to file it under: failed (no_sender), kept raw.
write('no-from-header', [h for h in headers('x@example.org', 'REGIN', [passed('example.org')]) if not h.startswith('From:')] + PLAIN, FORM,
      dict(outcome='failed', detail='no_sender', reply=False, victim='unchanged'))
write('from-empty-group', headers('undisclosed-recipients:;', 'REGIN', [passed('example.org')]) + PLAIN, FORM,
      dict(outcome='failed', detail='no_sender', reply=False, victim='unchanged'))

# Our template mail answered the way people answer it: Reply, then the answers typed into the quoted template, under each
# question's hint. Outlook does not mark the quote (a From/Sent block above it); Gmail and Thunderbird do ("> ").
def template_text(lang, typed):
    out = [LOCALES[lang]['messages']['mail.template_title'], '=' * 40, f"REGIN-TEMPLATE v2026.1 lang={lang}", '']
    for q in ORDER:
        out.append(f"{key(q)} {label(q, lang)}")
        hint = LOCALES[lang]['questions'][q].get('hint')
        if hint:
            out.append(hint)
        out += [typed[q]] if q in typed else []
        out += ['', '']
    return '\n'.join(out) + '\n'
TYPED = {'contact_name': 'Pat Doyle', 'title': 'Homework club for newcomers', 'country': 'Ireland', 'partners': 'Town library'}
TYPED_ANSWERS = dict(contact_name='Pat Doyle', title='Homework club for newcomers', country='IE', partners='Town library')
write('outlook-answers-typed-into-the-quoted-template', headers('Pat Doyle <pat@example.org>', 'RE: ' + LOCALES['en']['messages']['mail.template_title'], [passed('example.org')]) + PLAIN,
      "Hello,\nmy answers are in the form below.\n\nBest regards\nPat\n\n________________________________\nFrom: REGIN Integration Lab <reginproject@crpm.org>\n"
      "Sent: Monday, November 30, 2026 10:00 AM\nTo: pat@example.org\nSubject: " + LOCALES['en']['messages']['mail.template_title'] + "\n\n" + template_text('en', TYPED),
      dict(outcome='created', reply=True, victim='unchanged', answers=TYPED_ANSWERS))
write('outlook-answers-typed-into-the-quoted-template-de', headers('Pat Doyle <pat@example.de>', 'AW: ' + LOCALES['de']['messages']['mail.template_title'], [passed('example.de')]) + PLAIN,
      "Hallo,\nmeine Antworten stehen unten im Formular.\n\nViele Grüße\nPat\n\nVon: REGIN Integration Lab <reginproject@crpm.org>\n"
      "Gesendet: Montag, 30. November 2026 10:00\nAn: pat@example.de\nBetreff: " + LOCALES['de']['messages']['mail.template_title'] + "\n\n"
      + template_text('de', dict(TYPED, country='Irland')),
      dict(outcome='created', reply=True, victim='unchanged', language='de', answers=TYPED_ANSWERS))
write('gmail-answers-typed-under-the-quoted-hints', headers('Pat Doyle <pat@example.net>', 'Re: ' + LOCALES['en']['messages']['mail.template_title'], [passed('example.net')]) + PLAIN,
      "Hi, answers below.\n\nOn Mon, 30 Nov 2026 at 10:00, REGIN Integration Lab <reginproject@crpm.org> wrote:\n\n"
      + '\n'.join(line if line in TYPED.values() else ('> ' + line).rstrip() for line in template_text('en', TYPED).split('\n')),
      dict(outcome='created', reply=True, victim='unchanged', answers=TYPED_ANSWERS))

# The same in Outlook's HTML (Word's markup, <o:p>, the quoted mail under a bordered div with bold header names).
def outlook_html(lines): return ''.join(f'<p class=MsoNormal>{l if l else "&nbsp;"}<o:p></o:p></p>\n' for l in lines)
write('outlook-html-answers-typed-into-the-quoted-template', headers('Pat Doyle <pat@example.ie>', 'RE: ' + LOCALES['en']['messages']['mail.template_title'], [passed('example.ie')])
      + ["Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: 8bit"],
      '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style><!-- p.MsoNormal {margin:0cm;} --></style></head><body lang=EN-IE><div class=WordSection1>'
      + outlook_html(["Hello,", "my answers are in the form below.", "", "Best regards", "Pat"])
      + '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class=MsoNormal><b>From:</b> REGIN Integration Lab &lt;reginproject@crpm.org&gt; <br><b>Sent:</b> Monday, November 30, 2026 10:00 AM<br><b>To:</b> pat@example.ie<br><b>Subject:</b> '
      + LOCALES['en']['messages']['mail.template_title'] + '<o:p></o:p></p></div>'
      + outlook_html(template_text('en', TYPED).split('\n')) + '</div></body></html>',
      dict(outcome='created', reply=True, victim='unchanged', answers=TYPED_ANSWERS))
# A body in UTF-7 (old mail programs; "+ADw-script+AD4-" is "<script>", an old XSS trick): .NET refuses the charset, which
# failed the whole mail (unreadable_content). Decoded: the name with its accent, the markup stored as the text it is.
write('utf-7-body', headers('uri@example.org', 'REGIN', [passed('example.org')]) + ["Content-Type: text/plain; charset=utf-7", "Content-Transfer-Encoding: 7bit"],
      f"{key('contact_name')} Ur+AO0- Levi\n{key('title')} +ADw-b+AD4-Night+ADw-/b+AD4- school\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Urí Levi', title='<b>Night</b> school')))
# References with 10,000 ids shaped like ours (each would cost an HMAC to check): a field over 64 kB, refused unparsed (session 49).
refs = ' '.join(f'<regin.REGIN-0001.{i:024x}.{"0" * 32}@crpm.org>' for i in range(10_000))
write('references-flood-of-forged-ids', headers('alice@example.org', 'Re: REGIN', ["References: " + refs]) + PLAIN, HIJACK, dict(outcome='failed', detail='headers_too_large', reply=False, victim='unchanged'))

# --- Session 31 (mail31): the limits a mail hits, said in the sender's language; flowed .txt attachments; answers typed under
# our own quoted hints (recognised as ours in every language, whole or wrapped); and more of what real senders and
# attackers send.
import textwrap
def msg(lang, k, **values):
    text = LOCALES[lang]['messages'][k]
    for name, value in values.items():
        text = text.replace('{' + name + '}', str(value))
    return text
# Mails attached to mails five deep (an Outlook "forward as attachment" of a forward of ...), the template in the innermost:
# nothing readable; the sender is told, in German, that it was packed too deep and how to send it.
inner = "\n".join(["From: ruth@example.de", "Subject: Vorlage", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", FORM])
for depth in range(5):
    inner = "\n".join([f"From: kollege{depth}@example.de", "Subject: WG: Vorlage", "MIME-Version: 1.0", f"Content-Type: multipart/mixed; boundary=m{depth}", "",
                       f"--m{depth}", "Content-Type: text/plain; charset=utf-8", "", "Siehe Anhang.", f"--m{depth}", "Content-Type: message/rfc822", "", inner, f"--m{depth}--", ""])
write('mails-attached-five-deep-de', headers('Ruth Meyer <ruth@example.de>', 'WG: Vorlage', [passed('example.de'), "Content-Language: de"])
      + ["Content-Type: multipart/mixed; boundary=top"],
      "--top\nContent-Type: text/plain; charset=utf-8\n\nAnbei die weitergeleitete Vorlage.\n--top\nContent-Type: message/rfc822\n\n" + inner + "\n--top--\n",
      dict(outcome='failed', detail='nested_too_deep', reply=True, victim='unchanged', language='de', reply_contains=[msg('de', 'mail.parts_too_deep')]))
# 25 attachments (a phone's photos of the practice), the template as the 25th: the first 20 are looked at; the French sender is
# told that only 20 were, and how to send the template; the answers typed in the body are kept.
pictures = "".join(f"--B\nContent-Type: image/jpeg; name=\"IMG_{i:04d}.jpg\"\nContent-Disposition: attachment; filename=\"IMG_{i:04d}.jpg\"\nContent-Transfer-Encoding: base64\n\n/9j/4AAQSkZJRg==\n" for i in range(24))
write('twenty-five-attachments-fr', headers('Élodie Marchand <elodie@example.fr>', 'Notre pratique', [passed('example.fr')]) + ["Content-Type: multipart/mixed; boundary=B"],
      f"--B\nContent-Type: text/plain; charset=utf-8\n\nBonjour, voici nos photos et le modèle.\n\n{key('contact_name')} Élodie Marchand\n" + pictures
      + f"--B\nContent-Type: text/plain; charset=utf-8; name=modele.txt\nContent-Disposition: attachment; filename=modele.txt\n\n{key('title')} Cœur d'accueil\n--B--\n",
      dict(outcome='created', detail='too_many_attachments', reply=True, victim='unchanged', answers={'contact_name': 'Élodie Marchand'},
           reply_contains=[msg('fr', 'mail.too_many_attachments', count=20)]))
# A description pasted as one line of 25,000 characters (a PDF copied without its line breaks): the line is cut, the Greek
# sender told so; the other answers are kept.
write('answer-line-too-long-el', headers('Ελένη Παπαδοπούλου <eleni@example.gr>', 'REGIN', [passed('example.gr')]) + PLAIN,
      f"{key('contact_name')} Ελένη Παπαδοπούλου\n{key('title')} Κέντρο ένταξης μεταναστών\n{key('description')} " + "Το κέντρο προσφέρει μαθήματα ελληνικών. " * 620 + "\n",
      dict(outcome='created', detail='line_too_long', reply=True, victim='unchanged', language='el', answers={'contact_name': 'Ελένη Παπαδοπούλου'},
           reply_contains=[msg('el', 'mail.text_cut')]))

# The template attached as a .txt by Thunderbird and Apple Mail: flowed like their bodies (a long answer cut after a space;
# with DelSp=yes, anywhere). It was read as it came (the title cut at the soft break, the web address at ".../caf").
# (Senders of their own: one error reply per sender, error and day, and the Dovecot test sends these beside h105/h107.)
write('thunderbird-flowed-txt-attachment', headers('Tomas Berg <t.berg@example.net>', 'REGIN', [passed('example.net'), "User-Agent: Mozilla Thunderbird"])
      + ["Content-Type: multipart/mixed; boundary=B"],
      "--B\nContent-Type: text/plain; charset=UTF-8; format=flowed\n\nHi, the template is attached.\n"
      "--B\nContent-Type: text/plain; charset=UTF-8; format=flowed; name=\"regin-template-en.txt\"\nContent-Disposition: attachment; filename=\"regin-template-en.txt\"\n"
      f"Content-Transfer-Encoding: 8bit\n\n{key('contact_name')} Tomas Berg\n{key('title')} Language café for newly arrived families in the \nnorthern districts of the city\n"
      f"{key('country')} Ireland\n--B--\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Tomas Berg', title=flowed_title, country='IE')))
write('apple-mail-flowed-delsp-txt-attachment-fr', headers('Inès Martin <ines@example.fr>', 'REGIN', [passed('example.fr'), "X-Mailer: Apple Mail (2.3774.600.62)"])
      + ["Content-Type: multipart/mixed; boundary=B"],
      "--B\nContent-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\n\nBonjour, le modèle est en pièce jointe.\n"
      "--B\nContent-Disposition: attachment; filename=modele-regin.txt\nContent-Type: text/plain; name=\"modele-regin.txt\"; charset=utf-8; format=flowed; delsp=yes\n"
      f"Content-Transfer-Encoding: 8bit\n\n{key('contact_name')} Inès Martin\n{key('website')} https://www.example.fr/accueil/primo-arrivants/caf \né-des-langues\n{key('country')} France\n--B--\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Inès Martin', country='FR', website='https://www.example.fr/accueil/primo-arrivants/caf%C3%A9-des-langues')))

# Our template answered by Reply in four languages and four mail programs, each answer typed under its question's hint (which
# the mail program may wrap). Gmail wraps quoted lines at 78 columns, Outlook's plain text at 76 (and marks no quote), Thunderbird
# and Apple Mail send flowed text (a long line cut after a space and joined again when read).
def quoted_template(lang, typed, quote):
    out = quote(LOCALES[lang]['messages']['mail.template_title']) + quote('=' * 40) + quote(f"REGIN-TEMPLATE v2026.1 lang={lang}") + quote('')
    for q in ORDER:
        out += quote(f"{key(q)} {label(q, lang)}")
        hint = LOCALES[lang]['questions'][q].get('hint')
        if hint:
            out += quote(hint)
        if q in typed:
            out.append(typed[q])
        out += quote('') + quote('')
    return '\n'.join(out) + '\n'
def wrapped(prefix, width):
    def quote(line):
        if not line:
            return [prefix.rstrip()]
        return [prefix + piece for piece in textwrap.wrap(line, width - len(prefix), break_long_words=False, break_on_hyphens=False)]
    return quote
def flowed(prefix, width, delsp=False):
    # RFC 3676: a long line cut after a space, the space kept at the end of the line (a soft break); quoted lines keep their "> ".
    def quote(line):
        if not line:
            return [prefix.rstrip()]
        pieces = textwrap.wrap(line, width - len(prefix), break_long_words=False, break_on_hyphens=False)
        # With DelSp=yes the program adds a space of its own before the break, which the reader deletes (the text's own stays).
        soft = '  ' if delsp else ' '
        return [prefix + piece + (soft if i < len(pieces) - 1 else '') for i, piece in enumerate(pieces)]
    return quote
TYPED_FR = {'contact_name': 'Élodie Marchand', 'title': "Cœur d'accueil pour les primo-arrivants", 'contact_email': 'elodie@example.fr',
            'description': "Un accueil de jour pour les familles nouvellement arrivées, avec des cours de français."}
write('gmail-fr-answers-under-wrapped-hints', headers('Élodie Marchand <elodie@example.fr>', 'Re: ' + LOCALES['fr']['messages']['mail.template_title'], [passed('example.fr')]) + PLAIN,
      "Bonjour, mes réponses sont dans le modèle ci-dessous.\n\nLe lun. 30 nov. 2026 à 10:00, REGIN Integration Lab <reginproject@crpm.org> a écrit :\n\n"
      + quoted_template('fr', TYPED_FR, wrapped('> ', 78)),
      dict(outcome='created', reply=True, victim='unchanged', language='fr', answers=TYPED_FR))
TYPED_DE = {'contact_name': 'Jürgen Weiß', 'title': 'Sprachpatenschaften für Geflüchtete im Landkreis Nordsachsen und in den umliegenden Gemeinden',
            'contact_email': 'j.weiss@example.de', 'partners': 'Volkshochschule, Caritas'}
write('thunderbird-de-flowed-answers-under-hints', headers('Jürgen Weiß <j.weiss@example.de>', 'Re: ' + LOCALES['de']['messages']['mail.template_title'], [passed('example.de'), "User-Agent: Mozilla Thunderbird"])
      + ["Content-Type: text/plain; charset=UTF-8; format=flowed", "Content-Transfer-Encoding: 8bit"],
      "Hallo,\nmeine Antworten stehen unten.\n\nAm 30.11.26 um 10:00 schrieb REGIN Integration Lab:\n"
      + quoted_template('de', {k: '\n'.join(flowed('', 72)(v)) for k, v in TYPED_DE.items()}, flowed('> ', 72)),
      dict(outcome='created', reply=True, victim='unchanged', language='de', answers=TYPED_DE))
TYPED_EL = {'contact_name': 'Ελένη Παπαδοπούλου', 'contact_email': 'eleni@example.gr', 'title': 'Κέντρο ένταξης μεταναστών', 'partners': 'Δήμος Αθηναίων'}
write('outlook-el-answers-under-wrapped-hints', headers('Ελένη Παπαδοπούλου <eleni@example.gr>', 'RE: ' + LOCALES['el']['messages']['mail.template_title'], [passed('example.gr')]) + PLAIN,
      "Καλημέρα σας,\nοι απαντήσεις μου είναι στο υπόδειγμα.\n\nΜε εκτίμηση,\nΕλένη\n\n________________________________\nΑπό: REGIN Integration Lab <reginproject@crpm.org>\n"
      "Στάλθηκε: Δευτέρα, 30 Νοεμβρίου 2026 10:00 πμ\nΠρος: eleni@example.gr\nΘέμα: " + LOCALES['el']['messages']['mail.template_title'] + "\n\n"
      + quoted_template('el', TYPED_EL, wrapped('', 76)),
      dict(outcome='created', reply=True, victim='unchanged', language='el', answers=TYPED_EL))
TYPED_SV = {'contact_name': 'Anna Lindqvist', 'title': 'Samhällsorientering på modersmål för nyanlända föräldrar i hela Västra Götaland',
            'partners': 'Länsstyrelsen, biblioteket'}
write('apple-mail-sv-answers-under-hints', headers('Anna Lindqvist <anna@example.se>', 'Sv: ' + LOCALES['sv']['messages']['mail.template_title'], [passed('example.se'), "X-Mailer: Apple Mail (2.3774.600.62)"])
      + ["Content-Type: text/plain; charset=utf-8; delsp=yes; format=flowed", "Content-Transfer-Encoding: 8bit"],
      "Hej, mina svar finns nedan.\n\n30 nov. 2026 kl. 10:00 skrev REGIN Integration Lab <reginproject@crpm.org>:\n\n"
      + quoted_template('sv', {k: '\n'.join(flowed('', 72, delsp=True)(v)) for k, v in TYPED_SV.items()}, flowed('> ', 72, delsp=True)),
      dict(outcome='created', reply=True, victim='unchanged', language='sv', answers=TYPED_SV))
# Thunderbird's reply to our reply (not flowed: our reply's long lines quoted as they are), a sentence typed under its last
# paragraph: the quoted missing list ends with [Q12], then our "Please reply ..." paragraph, which is no hint. It was filed
# as the answer to [Q12] (partners); it answers nothing.
M = LOCALES['en']['messages']
our_reply = [M['mail.reply_greeting'], M['mail.reply_subject'].replace('{reference}', 'REGIN-0042'), '', M['mail.reply_understood'],
             f"  {key('contact_name')} {label('contact_name', 'en')}: Kim Novak", '', M['mail.reply_missing'], f"  {key('title')} {label('title', 'en')}",
             f"  {key('partners')} {label('partners', 'en')}", '', M['mail.reply_how_to_fix']]
write('thunderbird-text-under-our-replys-explanation', headers('Kim Novak <kim@example.org>', 'Re: REGIN: your practice REGIN-0042', [passed('example.org'), "User-Agent: Mozilla Thunderbird"]) + PLAIN,
      "Thanks!\n\nOn 30/11/2026 10:00, REGIN Integration Lab wrote:\n" + '\n'.join(('> ' + l).rstrip() for l in our_reply) + "\nI will send the rest next week, after our board meeting.\n",
      dict(outcome='needs_info', reply=True, victim='unchanged', no_value=[]))

# --- Probes: what real senders and attackers send.
# The template pasted into a table in Outlook (Word's HTML): the question in the left cell, the answer in the right one.
cells = [(f"{key('contact_name')} {label('contact_name', 'en')}", 'Pat Doyle'), (f"{key('title')} {label('title', 'en')}", 'Homework club for newcomers'),
         (f"{key('country')} {label('country', 'en')}", 'Ireland'), (f"{key('partners')} {label('partners', 'en')}", 'Town library')]
write('outlook-html-table-template', headers('Pat Doyle <pat@example.ie>', 'REGIN', [passed('example.ie')]) + ["Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: 8bit"],
      '<html xmlns:o="urn:schemas-microsoft-com:office:office"><body lang=EN-IE><div class=WordSection1><p class=MsoNormal>Hello, my answers:<o:p></o:p></p>'
      '<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style="border-collapse:collapse;border:none">'
      + ''.join(f'<tr><td width=300 valign=top style="border:solid windowtext 1.0pt"><p class=MsoNormal>{q}<o:p></o:p></p></td>'
                f'<td width=300 valign=top style="border:solid windowtext 1.0pt"><p class=MsoNormal>{a}<o:p></o:p></p></td></tr>' for q, a in cells)
      + '</table><p class=MsoNormal><o:p>&nbsp;</o:p></p></div></body></html>',
      dict(outcome='created', reply=True, victim='unchanged', answers=TYPED_ANSWERS))
# A colleague's filled-in template forwarded (Fwd:) by the coordinator who sends in the practices, with a line of her own above.
write('forwarded-colleague-template', headers('Coordinator <coord@example.org>', 'Fwd: REGIN template', [passed('example.org')]) + PLAIN,
      "Please register Ruth's practice, her answers are below.\n\n---------- Forwarded message ---------\nFrom: Ruth Meyer <ruth@example.net>\n"
      "Date: Fri, 27 Nov 2026 at 16:02\nSubject: REGIN template\nTo: <coord@example.org>\n\n" + FORM,
      dict(outcome='created', reply=True, victim='unchanged', answers=FORM_ANSWERS, reply_to=['coord@example.org']))
# Greek written in windows-1253 but labelled iso-8859-7 (webmail gateways do): the two differ in "Ά" (0xA2 in windows-1253, a
# closing quotation mark in iso-8859-7: "’ννα") and in the typographic quotes and dashes (0x80-0x9F, control characters in
# iso-8859-7). One mail with only the "Ά"s (was read "’ννα Αλεξίου"), one with the quotes and the dash too.
cp1253 = f"Καλημέρα σας,\n\n{key('contact_name')} Άννα Αλεξίου\n{key('title')} Άτυπο σχολείο «Αλληλεγγύη»\n{key('partners')} Δήμος Άρτας\n".encode('cp1253')
write('el-windows-1253-labelled-iso-8859-7', headers('anna@example.gr', 'REGIN', [passed('example.gr')]) + ["Content-Type: text/plain; charset=iso-8859-7", "Content-Transfer-Encoding: 8bit"],
      cp1253, dict(outcome='created', reply=True, victim='unchanged', language='el',
                   answers=dict(contact_name='Άννα Αλεξίου', title='Άτυπο σχολείο «Αλληλεγγύη»', partners='Δήμος Άρτας')))
cp1253 = f"Καλημέρα σας,\n\n{key('contact_name')} Άννα Αλεξίου\n{key('partners')} Δήμος Άρτας – “Κοινωνικό φροντιστήριο”\n".encode('cp1253')
write('el-windows-1253-labelled-iso-8859-7-with-quotes', headers('anna@example.gr', 'REGIN', [passed('example.gr')]) + ["Content-Type: text/plain; charset=iso-8859-7", "Content-Transfer-Encoding: 8bit"],
      cp1253, dict(outcome='created', reply=True, victim='unchanged', language='el',
                   answers=dict(contact_name='Άννα Αλεξίου', partners='Δήμος Άρτας – “Κοινωνικό φροντιστήριο”')))
# Encoded words in charsets that do not exist or do not fit their bytes (a name in windows-1253 labelled utf-8, an unknown
# charset in the subject): read as far as they go, never failing the mail, the reply to the From address under our subject.
write('encoded-words-in-broken-charsets', ["From: =?utf-8?B?" + base64.b64encode('Άννα'.encode('cp1253')).decode() + "?= =?x-no-such-charset?Q?Alexiou?= <anna@example.gr>",
      "To: reginproject@crpm.org", "Subject: =?x-unknown?Q?Pr=E1ctica?= =?iso-8859-7?B?" + base64.b64encode('Πρακτική'.encode('cp1253')).decode() + "?=",
      "Date: Mon, 30 Nov 2026 10:00:00 +0000", "Message-ID: <broken-words@example.gr>", "MIME-Version: 1.0", passed('example.gr')] + PLAIN, FORM,
      dict(outcome='created', reply=True, victim='unchanged', answers=FORM_ANSWERS, reply_to=['anna@example.gr']))
# Outlook: answers typed into the quoted template AND, differently, above it (the sender changed their mind while writing):
# the text above wins; the quoted template's other answers count.
write('answers-in-the-quote-and-above-disagree', headers('Pat Doyle <pat@example.org>', 'RE: ' + LOCALES['en']['messages']['mail.template_title'], [passed('example.org')]) + PLAIN,
      f"Hello,\na correction:\n{key('title')} Homework and reading club\n\nBest regards\nPat\n\n________________________________\nFrom: REGIN Integration Lab <reginproject@crpm.org>\n"
      "Sent: Monday, November 30, 2026 10:00 AM\nTo: pat@example.org\nSubject: " + LOCALES['en']['messages']['mail.template_title'] + "\n\n" + template_text('en', TYPED),
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(TYPED_ANSWERS, title='Homework and reading club')))
# An attacker's line breaks in the ids our reply copies (In-Reply-To, References): folded lines that would add a Bcc if
# copied raw. The reply goes to the sender alone, with no header of theirs.
write('crlf-in-message-id-and-references', ["From: mallory@attacker.example", "To: reginproject@crpm.org", "Subject: REGIN",
      "Date: Mon, 30 Nov 2026 10:00:00 +0000", "Message-ID: <x1@attacker.example>\r\n Bcc: victim@example.net", "In-Reply-To: <x0@attacker.example>\n\tBcc: victim@example.net",
      "References: <a@attacker.example>\n Bcc: victim@example.net\n <b\"victim@example.net\"@attacker.example>", "MIME-Version: 1.0", passed('attacker.example')] + PLAIN,
      f"{key('title')} Mallory's practice, sent in another way\n", dict(outcome='created', reply=True, victim='unchanged', reply_to=['mallory@attacker.example']))
# An assistant sends the practice for her director: From the director, Sender the assistant, both of the authenticated domain.
# The reply goes to From (whose practice it is), never to Sender.
write('from-differs-from-sender', headers('Dr. Maria Rossi <director@example.org>', 'REGIN', [passed('example.org'), "Sender: Assistant <assistant@example.org>",
      "Return-Path: <assistant@example.org>"]) + PLAIN, FORM,
      dict(outcome='created', reply=True, victim='unchanged', answers=FORM_ANSWERS, reply_to=['director@example.org']))
# Apple Mail puts a picture dragged into the text between two text/plain parts of a multipart/mixed (it shows them as one
# text): the answers after the picture were lost (only the first text part was read).
write('apple-mail-text-split-by-inline-picture', headers('Sam Lee <s.lee@example.net>', 'REGIN', [passed('example.net'), "X-Mailer: Apple Mail (2.3774.600.62)"])
      + ["Content-Type: multipart/mixed; boundary=A"],
      f"--A\nContent-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n\n{key('contact_name')} Sam Lee\n{key('title')} Youth mentoring\n\nOur logo:\n\n"
      "--A\nContent-Disposition: inline; filename=logo.png\nContent-Type: image/png; name=\"logo.png\"\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n"
      f"--A\nContent-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n\n\n{key('country')} Ireland\n{key('partners')} Town library\n--A--\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Sam Lee', title='Youth mentoring', country='IE', partners='Town library')))
# An .odt really shaped by LibreOffice in Greek: runs of spaces as <text:s/>, a key split over spans, a line break inside an
# answer, a soft page break between paragraphs.
head, body = with_odt('eleni@example.gr', [passed('example.gr')], "Καλημέρα, το υπόδειγμα επισυνάπτεται.",
    odt([f'<text:span text:style-name="T1">[Q0</text:span>1]<text:s text:c="2"/>Ελένη Παπαδοπούλου',
         f'{key("title")}<text:tab/>Κέντρο ένταξης μεταναστών', '<text:soft-page-break/>',
         f'{key("partners")} Δήμος Αθηναίων<text:s/>και Ύπατη Αρμοστεία',
         f'{key("description")} Μαθήματα ελληνικών για ενήλικες.<text:line-break/>Συμβουλευτική για οικογένειες.']), name='υπόδειγμα.odt')
write('odt-libreoffice-greek-spans-and-breaks', head, body, dict(outcome='created', reply=True, victim='unchanged', language='el',
      answers=dict(contact_name='Ελένη Παπαδοπούλου', title='Κέντρο ένταξης μεταναστών', partners='Δήμος Αθηναίων και Ύπατη Αρμοστεία',
                   description='Μαθήματα ελληνικών για ενήλικες.\nΣυμβουλευτική για οικογένειες.')))
# A company gateway that adds its disclaimer as a text part of its own after the mail (now that every text part of a mix is
# read): the parts are joined a paragraph apart, so the disclaimer is no part of the last (short) answer.
write('gateway-disclaimer-as-its-own-text-part', headers('Rosa Diaz <rosa@example.com>', 'REGIN', [passed('example.com')]) + ["Content-Type: multipart/mixed; boundary=G"],
      f"--G\nContent-Type: text/plain; charset=utf-8\n\n{key('contact_name')} Rosa Diaz\n{key('title')} Homework club\n{key('partners')} Town library\n"
      "--G\nContent-Type: text/plain; charset=utf-8\nContent-Disposition: inline\n\nThis e-mail and any attachments are confidential and intended solely for the addressee.\n--G--\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Rosa Diaz', title='Homework club', partners='Town library')))

# --- Session 32 (mail32): the leftovers of session 31 (old hints, Apple's split inside an answer, iso-8859-7 apostrophes,
# list gateways) and more of what real senders and attackers send.
# Apple Mail's picture dropped in the middle of one long answer: the text part after the picture holds no answer of its own,
# only the rest of the description. It was left out (a later part was joined only when it held answers), the description cut.
write('apple-mail-long-answer-split-by-picture', headers('Sam Lee <sam.lee@example.net>', 'REGIN', [passed('example.net'), "X-Mailer: Apple Mail (2.3774.600.62)"])
      + ["Content-Type: multipart/mixed; boundary=A"],
      f"--A\nContent-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n\n{key('contact_name')} Sam Lee\n{key('title')} Youth mentoring\n"
      f"{key('description')} Young newcomers had nobody to ask about school and work. Here is our first group:\n\n"
      "--A\nContent-Disposition: inline; filename=group.jpeg\nContent-Type: image/jpeg; name=\"group.jpeg\"\nContent-Transfer-Encoding: base64\n\n/9j/4AAQSkZJRg==\n"
      "--A\nContent-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n\n\nSince then forty mentors have met them every week in the town library.\n--A--\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Sam Lee', title='Youth mentoring',
           description="Young newcomers had nobody to ask about school and work. Here is our first group:\n\nSince then forty mentors have met them every week in the town library.")))
# Real iso-8859-7 whose apostrophe (0xA2) is an aphaeresis or an elision and which has no capital "Ά" (0xB6) to tell it by: it
# was read as windows-1253, "θα Άρθω", "απΆ το". (.NET reads iso-8859-7's 0xA2 as U+02BC, the apostrophe letter.)
iso = lambda t: t.encode('iso-8859-7')
greek = (iso(f"Καλημέρα σας,\n\n{key('contact_name')} Ελένη Παπαδοπούλου\n{key('title')} Κέντρο ένταξης μεταναστών\n{key('description')} Οι οικογένειες θα ") + b'\xa2'
         + iso("ρθουν μόνες τους, απ") + b'\xa2' + iso(" το πρωί ως το βράδυ.\n"))
write('el-iso-8859-7-apostrophes-without-capital-alpha', headers('e.papadopoulou@example.gr', 'REGIN', [passed('example.gr')]) + ["Content-Type: text/plain; charset=iso-8859-7", "Content-Transfer-Encoding: 8bit"],
      greek, dict(outcome='created', reply=True, victim='unchanged', language='el', answers=dict(contact_name='Ελένη Παπαδοπούλου', title='Κέντρο ένταξης μεταναστών',
                   description='Οι οικογένειες θα \u02bcρθουν μόνες τους, απ\u02bc το πρωί ως το βράδυ.')))
# Our French template as sent before the native reviews of 30 November (the title's and objectives' hints were reworded since),
# answered by Reply in Gmail under the old hints: the old hints were unknown, so the answers under them answered nothing.
OLD_FR = {'title': "Un nom court qui dit de quoi il s'agit, 200 caractères au maximum.", 'objectives': 'Ce que la pratique vise à accomplir.'}
def old_quoted_template(lang, typed, quote, old):
    out = quote(LOCALES[lang]['messages']['mail.template_title']) + quote('=' * 40) + quote(f"REGIN-TEMPLATE v2026.1 lang={lang}") + quote('')
    for q in ORDER:
        out += quote(f"{key(q)} {label(q, lang)}")
        hint = old.get(q) or LOCALES[lang]['questions'][q].get('hint')
        if hint:
            out += quote(hint)
        if q in typed:
            out += [typed[q]]
        out += quote('')
    return '\n'.join(out) + '\n'
OLD_TYPED = {'contact_name': 'Élodie Marchand', 'title': "Cœur d'accueil", 'objectives': "Rendre les familles autonomes dans leurs démarches."}
write('gmail-fr-answers-under-hints-of-an-older-template', headers('Élodie Marchand <elodie.marchand@example.fr>', 'Re: ' + LOCALES['fr']['messages']['mail.template_title'], [passed('example.fr')]) + PLAIN,
      "Bonjour, voici enfin mes réponses.\n\nLe lun. 2 nov. 2026 à 10:00, REGIN Integration Lab <reginproject@crpm.org> a écrit :\n\n"
      + old_quoted_template('fr', OLD_TYPED, wrapped('> ', 78), OLD_FR),
      dict(outcome='created', reply=True, victim='unchanged', language='fr', answers=OLD_TYPED))
# A contributor's answers relayed by a list gateway (a Google Group the project's partners write to, our mailbox one of its
# members): List-Id, From rewritten to "'Rosa Diaz' via REGIN partners" at the group's address, her address in Reply-To and
# X-Original-Sender, DMARC passing for the group's domain, the group's footer under the text. Ignored as list mail, as before:
# the group's address is no contributor (every member posts as it, authenticated, and could then change the draft), a reply
# would go to the whole list, and the person behind it is unproven. Kept raw, no draft, no reply.
write('contributor-through-a-list-gateway', ["ARC-Authentication-Results: i=1; mx.google.com; dkim=pass header.d=example.com; spf=pass smtp.mailfrom=rosa@example.com",
      passed('googlegroups.com'), "From: \"'Rosa Diaz' via REGIN partners\" <regin-partners@googlegroups.com>", "Reply-To: Rosa Diaz <rosa@example.com>",
      "X-Original-Sender: rosa@example.com", "To: REGIN partners <regin-partners@googlegroups.com>", "Subject: [regin-partners] Our practice",
      "Date: Mon, 30 Nov 2026 10:00:00 +0000", "Message-ID: <list-relayed@example.com>", "MIME-Version: 1.0", "Mailing-list: list regin-partners@googlegroups.com; contact regin-partners+owners@googlegroups.com",
      "List-Id: <regin-partners.googlegroups.com>", "List-Post: <https://groups.google.com/group/regin-partners/post>, <mailto:regin-partners@googlegroups.com>",
      "Precedence: list", "List-Unsubscribe: <mailto:regin-partners+unsubscribe@googlegroups.com>"] + PLAIN,
      FORM + "\n-- \nYou received this message because you are subscribed to the Google Groups \"REGIN partners\" group.\n"
      "To unsubscribe from this group and stop receiving emails from it, send an email to regin-partners+unsubscribe@googlegroups.com.\n",
      dict(outcome='ignored', detail='list', reply=False, victim='unchanged'))

# iOS Mail's reply to our reply: the answers typed between the quoted lines of our missing list, the "On ... wrote:" line
# quoted too, "Sent from my iPhone" under the line above the quote (not the text's last line), quoted-printable, flowed.
ios_quote = ['> On 30 Nov 2026, at 10:00, REGIN Integration Lab <reginproject@crpm.org> wrote:', '>', '> \ufeff' + our_reply[0]] + ['> ' + l if l else '>' for l in our_reply[1:]]
ios_lines = []
for line in ios_quote:
    ios_lines.append(line)
    if line.endswith(label('title', 'en')):
        ios_lines += ['Evening homework club', '']
    if line.endswith(label('partners', 'en')):
        ios_lines += ['Town library, Red Cross', '']
write('ios-mail-answers-between-quoted-lines', headers('Kim Novak <kim@example.org>', 'Re: REGIN: your practice REGIN-0042', [passed('example.org'), "X-Mailer: iPhone Mail (22B91)"])
      + ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"],
      qp("Here are the missing ones.\n\nSent from my iPhone\n\n" + '\n'.join(ios_lines) + "\n"),
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(title='Evening homework club', partners='Town library, Red Cross')))
# The Gmail app for Android: multipart/alternative, the answers above the quote in both parts, the HTML's quote a
# blockquote class=gmail_quote, the phone's line under the answers.
gm_plain = (f"{key('title')} Evening homework club\n{key('country')} Ireland\n\nSent from my Galaxy\n\n"
            "On Mon, 30 Nov 2026, 10:00 REGIN Integration Lab, <reginproject@crpm.org> wrote:\n\n" + '\n'.join(('> ' + l).rstrip() for l in our_reply) + "\n")
gm_html = (f'<div dir="auto">{key("title")} Evening homework club<div dir="auto">{key("country")} Ireland</div><div dir="auto"><br></div>'
           '<div dir="auto">Sent from my Galaxy</div></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, 30 Nov 2026, 10:00 REGIN Integration Lab, '
           '&lt;<a href="mailto:reginproject@crpm.org">reginproject@crpm.org</a>&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">'
           + '<br>'.join(our_reply) + '</blockquote></div>\n')
write('gmail-android-alternative-answers-above-quote', headers('Kim Novak <kim@example.org>', 'Re: REGIN: your practice REGIN-0042', [passed('example.org')])
      + ["Content-Type: multipart/alternative; boundary=\"000000000000a1b2c3\""],
      f"--000000000000a1b2c3\nContent-Type: text/plain; charset=\"UTF-8\"\n\n{gm_plain}\n--000000000000a1b2c3\nContent-Type: text/html; charset=\"UTF-8\"\n\n{gm_html}\n--000000000000a1b2c3--\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(title='Evening homework club', country='IE')))
# Outlook's inline comments: the quoted template unmarked under the From/Sent block, each answer typed under its hint and
# prefixed with the sender's initials in brackets ("Mark my comments with": "[PD]"). The initials are no part of the answer.
pd = {q: f"[PD] {v}" for q, v in TYPED.items()}
write('outlook-inline-comments-with-initials', headers('Pat Doyle <pat.doyle@example.org>', 'RE: ' + LOCALES['en']['messages']['mail.template_title'], [passed('example.org')]) + PLAIN,
      "Hello, my answers are marked [PD] below.\n\nPat\n\n________________________________\nFrom: REGIN Integration Lab <reginproject@crpm.org>\n"
      "Sent: Monday, November 30, 2026 10:00 AM\nTo: pat@example.org\nSubject: " + LOCALES['en']['messages']['mail.template_title'] + "\n\n" + template_text('en', pd),
      dict(outcome='created', reply=True, victim='unchanged', answers=TYPED_ANSWERS))
# The template saved by Word as .rtf (read since session 46: its answers count with the body's) and as an old binary .doc (an
# OLE file): not read; the sender is told which file and the formats we read; the answers in the body count.
rtf = "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Calibri;}}\\f0\\fs22 " + f"{key('title')} Homework club\\par {key('country')} Ireland\\par" + "}"
head, body = attached('Pat Doyle <pat.rtf@example.ie>', 'REGIN', [passed('example.ie')], f"{key('contact_name')} Pat Doyle", 'application/rtf', 'REGIN template.rtf', rtf.encode('ascii'))
write('template-saved-as-rtf', head, body, dict(outcome='created', reply=True, victim='unchanged',
      answers=dict(contact_name='Pat Doyle', title='Homework club', country='IE')))
ole = bytes.fromhex('d0cf11e0a1b11ae1') + bytes(504) + "[Q05] Homework club".encode('utf-16-le') + bytes(1000)
head, body = attached('Pat Doyle <pat.doc@example.ie>', 'REGIN', [passed('example.ie')], f"{key('contact_name')} Pat Doyle", 'application/msword', 'template.doc', ole)
write('template-saved-as-binary-doc', head, body, dict(outcome='created', detail='attachment_not_read:template.doc', reply=True, victim='unchanged',
      answers=dict(contact_name='Pat Doyle'), reply_contains=[msg('en', 'mail.attachment_not_read', file='template.doc')]))
# A zip bomb (a .docx whose document.xml inflates to 200 MB) named .doc: by its name an old Word file, named as not read and
# never unzipped.
bomb = word([para(f"{key('title')} x") + '<w:p><w:r><w:t>' + ' ' * 200_000_000 + '</w:t></w:r></w:p>'])
head, body = attached('Pat Doyle <pat.bomb@example.ie>', 'REGIN', [passed('example.ie')], f"{key('contact_name')} Pat Doyle", 'application/msword', 'template.doc', bomb)
write('zip-bomb-docx-renamed-doc', head, body, dict(outcome='created', detail='attachment_not_read:template.doc', reply=True, victim='unchanged', answers=dict(contact_name='Pat Doyle')))
# A .docx with Word's comments (word/comments.xml, a reviewer's "[Q05] Better: Homework and reading club") and answers in
# content controls, one of them still showing its placeholder: the comment is no answer, nor is the placeholder.
def sdt(tag, text, placeholder=False):
    return (f'<w:sdt><w:sdtPr><w:tag w:val="{tag}"/>' + ('<w:showingPlcHdr/>' if placeholder else '') + '</w:sdtPr><w:sdtContent>'
            f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:sdtContent></w:sdt>')
comments = (f'<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="Reviewer" w:initials="R">'
            f'<w:p><w:r><w:t>{key("title")} Better: Homework and reading club</w:t></w:r></w:p></w:comment></w:comments>')
commented = word([para(f"{key('contact_name')} {label('contact_name', 'en')}"), sdt('contact_name', 'Pat Doyle'),
                  para(f"{key('title')} {label('title', 'en')}"),
                  '<w:p><w:commentRangeStart w:id="0"/></w:p>' + sdt('title', 'Homework club') + '<w:p><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>',
                  para(f"{key('partners')} {label('partners', 'en')}"), sdt('partners', 'Click or tap here to enter text.', placeholder=True)],
                 more_types='<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>',
                 extra=[('word/comments.xml', comments)],
                 document_rels='<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="c1" '
                               'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>')
head, body = attached('Pat Doyle <pat.comments@example.ie>', 'REGIN', [passed('example.ie')], "The template is attached.", DOCX, 'REGIN.docx', commented)
write('docx-comments-and-placeholder-content-control', head, body, dict(outcome='created', reply=True, victim='unchanged',
      answers=dict(contact_name='Pat Doyle', title='Homework club'), no_value=['partners']))
# S/MIME: a signed mail (multipart/signed, the signature in smime.p7s beside the text) and an opaque-signed one (the text
# inside the signature, application/pkcs7-mime; smime-type=signed-data, as some Outlook set-ups send), signed with a
# throwaway certificate. The signature proves nothing here (our server's verdict does); the text is what counts.
SMIME_DETACHED = 'MIIF6gYJKoZIhvcNAQcCoIIF2zCCBdcCAQExDzANBglghkgBZQMEAgEFADALBgkqhkiG9w0BBwGg\nggNPMIIDSzCCAjOgAwIBAgIUUDVQyNQKQWe0jsLSoAHYYyJlxKAwDQYJKoZIhvcNAQELBQAwNTES\nMBAGA1UEAwwJUm9zYSBEaWF6MR8wHQYJKoZIhvcNAQkBFhByb3NhQGV4YW1wbGUuY29tMB4XDTI2\nMTIwNDE4MTAwMVoXDTM2MTIwMTE4MTAwMVowNTESMBAGA1UEAwwJUm9zYSBEaWF6MR8wHQYJKoZI\nhvcNAQkBFhByb3NhQGV4YW1wbGUuY29tMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\nmZaNWIv2HYCPqA1oOeexzQnm7+HOM2CCyJOA1Iaq9D38V3mjpOkmmBxAPwx1Ke4xtuqM40HtMSbK\nkANbks9Kvhv8/AHXyevcFTNzT5y82y/VzQGu39O9g7rZ8IYd4coBtPx5hvoSh0wqpdAuCyCIhW3X\nZJTBq/rGfnM8Df3u5f66KhmQnrJj8V9fIqcFS6kEjY/UNcFzSh7tTdh3PEpoH2+oVDCWCa7V1vWX\n5WWFHzLx95raWmKxFyIKIn99mVR9fIYiHeB50Q8rHD0fAmLK17/x2LXqMKdKTHUwAtaXCfUl3AAB\npjkWCAk2aV3Xhw7ydPc1+Ukxise9+oryhlQ1BwIDAQABo1MwUTAdBgNVHQ4EFgQUds5idX0fAZMi\nRTuVVoxv2d96WQwwHwYDVR0jBBgwFoAUds5idX0fAZMiRTuVVoxv2d96WQwwDwYDVR0TAQH/BAUw\nAwEB/zANBgkqhkiG9w0BAQsFAAOCAQEAF43cwJu1UGaIfInf2M/SUJSByQzbBbHdZ325oPtEfPRX\neH5WmY9fOT+KOWF78gziO0rAc0HrYihzaUh2sl1epAacDFMbdwKV1KD0i3Jeiq8QU/LeEap0xoID\n76ilKTNQqEX+IH+WsT8QxU8Yp5oVgUhyjk5WR2rARhoUvtUgeCGXNOsyn5XOVxA2Wwd3mveG9rk7\n+gVszJ7hv+710q3mI+QbUGRfGcjhi+rJ1jDbhgB1uEyGs/6M/bELB2lLdHat9W9ho2/BkTCHiNzz\n37+zVJrgfVndwaaNPLq+0ZRVvru9te0oGMLK5e5vwdlCwVFXNC8zW8l8WxRvNbVBxv//OTGCAl8w\nggJbAgEBME0wNTESMBAGA1UEAwwJUm9zYSBEaWF6MR8wHQYJKoZIhvcNAQkBFhByb3NhQGV4YW1w\nbGUuY29tAhRQNVDI1ApBZ7SOwtKgAdhjImXEoDANBglghkgBZQMEAgEFAKCB5DAYBgkqhkiG9w0B\nCQMxCwYJKoZIhvcNAQcBMBwGCSqGSIb3DQEJBTEPFw0yNjEyMDQxODEwMDFaMC8GCSqGSIb3DQEJ\nBDEiBCB69XqfpgqCow5atbZ4scI0ZegcZ6/Vcf+TCZKPb2kTjzB5BgkqhkiG9w0BCQ8xbDBqMAsG\nCWCGSAFlAwQBKjALBglghkgBZQMEARYwCwYJYIZIAWUDBAECMAoGCCqGSIb3DQMHMA4GCCqGSIb3\nDQMCAgIAgDANBggqhkiG9w0DAgIBQDAHBgUrDgMCBzANBggqhkiG9w0DAgIBKDANBgkqhkiG9w0B\nAQEFAASCAQBvRhRGOGAQ44c0IO5R5+5ncIff922HNilVF1bvgm0vBhAZSIEeyWat6gZSWcP5OG+t\nW0f2SQw++RD/niSd6HXf07dIJw5rqijnDy1w1P3bCHgIdel6Mm/uj4z3wBAk4K4lviG9lkR+ay3d\nZoMlGiqGnSKbfP7j4m1Ni/btTaU/MaWRynvUJNZRhYFXSc7K6PnFEXC5LxqQRkfRIyxLyuqaOnkM\nl8n3Uqjr2X2qcwG7Kdn9ni0UNZdAxNJ6DQBgYe5MaySunQ5Uy0XVPx9luC4wJFr6x6s/n0CHs4QZ\njsIYDVsgomJccnbJif4GMLiSF/V5a4awlHxFz0knFCGthodK'
SMIME_TEXT = f"{key('contact_name')} Rosa Diaz\n{key('title')} Homework club\n{key('country')} Ireland\n"
write('smime-multipart-signed', headers('Rosa Diaz <rosa@example.com>', 'REGIN', [passed('example.com')])
      + ["Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256; boundary=S"],
      f"--S\nContent-Type: text/plain; charset=utf-8\n\n{SMIME_TEXT}\n--S\nContent-Type: application/pkcs7-signature; name=smime.p7s\n"
      f"Content-Disposition: attachment; filename=smime.p7s\nContent-Transfer-Encoding: base64\n\n{SMIME_DETACHED}\n--S--\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Rosa Diaz', title='Homework club', country='IE')))
write('smime-opaque-signed', headers('Rosa Diaz <rosa@example.com>', 'REGIN', [passed('example.com')])
      + ["Content-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m", "Content-Disposition: attachment; filename=smime.p7m", "Content-Transfer-Encoding: base64"],
      'MIIGTgYJKoZIhvcNAQcCoIIGPzCCBjsCAQExDzANBglghkgBZQMEAgEFADBvBgkqhkiG9w0BBwGg\nYgRgQ29udGVudC1UeXBlOiB0ZXh0L3BsYWluOyBjaGFyc2V0PXV0Zi04DQoNCltRMDFdIFJvc2Eg\nRGlheg0KW1EwNV0gSG9tZXdvcmsgY2x1Yg0KW1EwNl0gSXJlbGFuZA0KoIIDTzCCA0swggIzoAMC\nAQICFFA1UMjUCkFntI7C0qAB2GMiZcSgMA0GCSqGSIb3DQEBCwUAMDUxEjAQBgNVBAMMCVJvc2Eg\nRGlhejEfMB0GCSqGSIb3DQEJARYQcm9zYUBleGFtcGxlLmNvbTAeFw0yNjEyMDQxODEwMDFaFw0z\nNjEyMDExODEwMDFaMDUxEjAQBgNVBAMMCVJvc2EgRGlhejEfMB0GCSqGSIb3DQEJARYQcm9zYUBl\neGFtcGxlLmNvbTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAJmWjViL9h2Aj6gNaDnn\nsc0J5u/hzjNggsiTgNSGqvQ9/Fd5o6TpJpgcQD8MdSnuMbbqjONB7TEmypADW5LPSr4b/PwB18nr\n3BUzc0+cvNsv1c0Brt/TvYO62fCGHeHKAbT8eYb6EodMKqXQLgsgiIVt12SUwav6xn5zPA397uX+\nuioZkJ6yY/FfXyKnBUupBI2P1DXBc0oe7U3YdzxKaB9vqFQwlgmu1db1l+VlhR8y8fea2lpisRci\nCiJ/fZlUfXyGIh3gedEPKxw9HwJiyte/8di16jCnSkx1MALWlwn1JdwAAaY5FggJNmld14cO8nT3\nNflJMYrHvfqK8oZUNQcCAwEAAaNTMFEwHQYDVR0OBBYEFHbOYnV9HwGTIkU7lVaMb9nfelkMMB8G\nA1UdIwQYMBaAFHbOYnV9HwGTIkU7lVaMb9nfelkMMA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcN\nAQELBQADggEBABeN3MCbtVBmiHyJ39jP0lCUgckM2wWx3Wd9uaD7RHz0V3h+VpmPXzk/ijlhe/IM\n4jtKwHNB62Ioc2lIdrJdXqQGnAxTG3cCldSg9ItyXoqvEFPy3hGqdMaCA++opSkzUKhF/iB/lrE/\nEMVPGKeaFYFIco5OVkdqwEYaFL7VIHghlzTrMp+VzlcQNlsHd5r3hva5O/oFbMye4b/u9dKt5iPk\nG1BkXxnI4YvqydYw24YAdbhMhrP+jP2xCwdpS3R2rfVvYaNvwZEwh4jc89+/s1Sa4H1Z3cGmjTy6\nvtGUVb67vbXtKBjCyuXub8HZQsFRVzQvM1vJfFsUbzW1Qcb//zkxggJfMIICWwIBATBNMDUxEjAQ\nBgNVBAMMCVJvc2EgRGlhejEfMB0GCSqGSIb3DQEJARYQcm9zYUBleGFtcGxlLmNvbQIUUDVQyNQK\nQWe0jsLSoAHYYyJlxKAwDQYJYIZIAWUDBAIBBQCggeQwGAYJKoZIhvcNAQkDMQsGCSqGSIb3DQEH\nATAcBgkqhkiG9w0BCQUxDxcNMjYxMjA0MTgxMDAxWjAvBgkqhkiG9w0BCQQxIgQgevV6n6YKgqMO\nWrW2eLHCNGXoHGev1XH/kwmSj29pE48weQYJKoZIhvcNAQkPMWwwajALBglghkgBZQMEASowCwYJ\nYIZIAWUDBAEWMAsGCWCGSAFlAwQBAjAKBggqhkiG9w0DBzAOBggqhkiG9w0DAgICAIAwDQYIKoZI\nhvcNAwICAUAwBwYFKw4DAgcwDQYIKoZIhvcNAwICASgwDQYJKoZIhvcNAQEBBQAEggEAb0YURjhg\nEOOHNCDuUefuZ3CH3/dthzYpVRdW74JtLwYQGUiBHslmreoGUlnD+ThvrVtH9kkMPvkQ/54kneh1\n39O3SCcOa6oo5w8tcNT92wh4CHXpejJv7o+M98AQJOCuJb4hvZZEfmst3WaDJRoqhp0im3z+4+Jt\nTYv27U2lPzGlkcp71CTWUYWBV0nOyuj5xRFwuS8akEZH0SMsS8rqmjp5DJfJ91Ko69l9qnMBuynZ\n/Z4tFDWXQMTSeg0AYGHuTGskrp0OVMtF1T8fZbguMCRa+serP59Ah7OEGY7CGA1bIKJiXHJ2yYn+\nBjC4khf1eWuGsJR8Rc9JJxQhrYaHSg==' + "\n", dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Rosa Diaz', title='Homework club', country='IE')))
# An attacker whose display name is our own mailbox's address (or its name), from his own authenticated domain: not our own
# mail (the address decides), answered at his real address, nothing of the victim's touched.
write('display-name-spoofs-our-mailbox', headers('"reginproject@crpm.org" <mallory@attacker.example>', 'REGIN', [passed('attacker.example')]) + PLAIN,
      f"{key('title')} Mallory's practice\n", dict(outcome='created', reply=True, victim='unchanged', reply_to=['mallory@attacker.example'],
      practice_flags=['sender_lookalike'], reply_omits=["Mallory's practice"]))
# Reply-To: our own mailbox (a sender's typo, or an attacker hoping we mail ourselves into a loop): the reply goes to From.
write('reply-to-our-own-mailbox', headers('Pat Doyle <pat.replyto@example.ie>', 'REGIN', [passed('example.ie'), "Reply-To: REGIN <reginproject@crpm.org>"]) + PLAIN, FORM,
      dict(outcome='created', reply=True, victim='unchanged', answers=FORM_ANSWERS, reply_to=['pat.replyto@example.ie']))
# Content-Transfer-Encoding lies: "base64" over plain text (a broken gateway, or a filter-dodging attacker). Decoded as base64
# the text is noise; it is plain text.
write('base64-declared-over-plain-text', headers('Pat Doyle <pat.base64@example.ie>', 'REGIN', [passed('example.ie')])
      + ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"], FORM,
      dict(outcome='created', reply=True, victim='unchanged', answers=FORM_ANSWERS))
# The template filled in as a PDF (printed to PDF) with nothing in the body: not read, the sender told which file and why.
pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
head, body = attached('Pat Doyle <pat.pdf@example.ie>', 'REGIN', [passed('example.ie')], "", 'application/pdf', 'REGIN template filled.pdf', pdf)
write('answers-only-in-a-pdf', head, body, dict(outcome='failed', detail='attachment_not_read:REGIN template filled.pdf', reply=True, victim='unchanged',
      reply_contains=[msg('en', 'mail.attachment_not_read', file='REGIN template filled.pdf')]))
# Apple Mail's picture at the end of the text, then the sender's signature as the next text part: it opens as a footer
# ("-- "), so it is not joined to the last answer as the rest of the text would be.
write('apple-mail-signature-part-after-a-picture', headers('Sam Lee <sam.lee@example.org>', 'REGIN', [passed('example.org'), "X-Mailer: Apple Mail (2.3774.600.62)"])
      + ["Content-Type: multipart/mixed; boundary=A"],
      f"--A\nContent-Type: text/plain; charset=us-ascii\n\n{key('contact_name')} Sam Lee\n{key('partners')} Town library\n\n"
      "--A\nContent-Disposition: inline; filename=logo.png\nContent-Type: image/png; name=\"logo.png\"\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n"
      "--A\nContent-Type: text/plain; charset=us-ascii\n\n\n-- \nSam Lee | Youth officer\nThis e-mail is confidential.\n--A--\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Sam Lee', partners='Town library')))
# An S/MIME encrypted mail (enveloped-data, encrypted for a key we do not have): nothing can be read; the sender is told the
# file was not read and what to send instead (it was a silent "no answers" and the template again); since session 58 told
# that the mail was encrypted and to send it without encryption (it was named as a file in a format we do not read).
write('smime-encrypted', headers('Rosa Diaz <rosa.diaz@example.com>', 'REGIN', [passed('example.com')])
      + ["Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m", "Content-Disposition: attachment; filename=smime.p7m", "Content-Transfer-Encoding: base64"],
      'MIICEQYJKoZIhvcNAQcDoIICAjCCAf4CAQAxggFpMIIBZQIBADBNMDUxEjAQBgNVBAMMCVJvc2Eg\nRGlhejEfMB0GCSqGSIb3DQEJARYQcm9zYUBleGFtcGxlLmNvbQIUUDVQyNQKQWe0jsLSoAHYYyJl\nxKAwDQYJKoZIhvcNAQEBBQAEggEAA0DqYzUK+9ib6HSCdDtd5JkFkOz7B7hyAjrIvZUcP29XvixG\n6WHlIVQfUOJoKzqvf5qb0uw5SRIUFmS3tr6YsyfE5qg1AaLXMKkeKbPXcFlAfaaesU2lKPUe8oac\n0t2X6ObvMi9auk9P+Pr2BJewr7pP0ED9jEJZsR3cabwLTbVoRp90/8L05YCBvo7JM4WHXPvk5elg\nxAhXg60Ign2YVKv05Jlr3uw8coedjjMBTy0K+RFG1Uydqyz0Jj9bYCLCVNfLf/ML1ddi/TbDm1ll\ntkHsX7JlhPwTD4uZUL2eM5B5Q6VU/ZapyH+eqTIOaLltVBEFLx2vFP3l3NxKJwpunzCBiwYJKoZI\nhvcNAQcBMBQGCCqGSIb3DQMHBAiHJK2OBUpgeoBo5Y27ojg1L4ipI8zYpwzCfkyVUnhzZ1neiVwr\nko5t1dpiB1mQkiXJVQ40OiPI98n6btOOfBerxPck5XIelJoU2gtZMoSJb3E2fiMUW6s29/CkYCLq\nv2Z4D2sS15yoaqxjq1aeuxIUO20=' + "\n", dict(outcome='failed', detail='smime_encrypted', reply=True, victim='unchanged',
      reply_contains=[msg('en', 'mail.smime_encrypted')]))

# --- Session 33 (mail33): session 32's leftovers, and the attackers' and broken mailers' cases the corpus lacked.
# iso-8859-7's apostrophe (0xA2) in an aphaeresis after an article or a pronoun ("το ’χω", "μου ’πε"), with no other sign of
# iso-8859-7: it was read as windows-1253's "Ά" ("το Άχω", "μου Άπε"). The word left ("’χω", "’πε") is one an aphaeresis
# leaves and no name's rest.
greek2 = (iso(f"Καλησπέρα,\n\n{key('contact_name')} Νίκος Ανδρέου\n{key('title')} Σχολή γονέων για νέες οικογένειες\n{key('description')} Το ") + b'\xa2'
          + iso("χω πει σε όλους: η δασκάλα μου ") + b'\xa2' + iso("πε ότι ξεκινάμε τον Μάρτιο.\n"))
write('el-iso-8859-7-aphaeresis-after-an-article', headers('n.andreou@example.gr', 'REGIN', [passed('example.gr')]) + ["Content-Type: text/plain; charset=iso-8859-7", "Content-Transfer-Encoding: 8bit"],
      greek2, dict(outcome='created', reply=True, victim='unchanged', language='el', answers=dict(contact_name='Νίκος Ανδρέου', title='Σχολή γονέων για νέες οικογένειες',
                   description='Το \u02bcχω πει σε όλους: η δασκάλα μου \u02bcπε ότι ξεκινάμε τον Μάρτιο.')))
# Apple Mail's picture at the end of the text, then a company gateway's disclaimer as the next text part with no "-- " or rule
# above it: it came right after a picture, so it was joined to the last (long) answer as Apple's rest of the text. A part
# that reads as a disclaimer (its words, in any of our languages) is no rest of an answer.
write('apple-mail-picture-then-gateway-disclaimer', headers('Sam Lee <sam.disclaimer@example.net>', 'REGIN', [passed('example.net'), "X-Mailer: Apple Mail (2.3774.600.62)"])
      + ["Content-Type: multipart/mixed; boundary=A"],
      f"--A\nContent-Type: text/plain; charset=us-ascii\n\n{key('contact_name')} Sam Lee\n{key('title')} Youth mentoring\n"
      f"{key('description')} Young newcomers meet mentors every week in the town library. Here is our group:\n\n"
      "--A\nContent-Disposition: inline; filename=group.jpeg\nContent-Type: image/jpeg; name=\"group.jpeg\"\nContent-Transfer-Encoding: base64\n\n/9j/4AAQSkZJRg==\n"
      "--A\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n\nThis message and any attachments are confidential and intended solely for the =\n"
      "addressee. If you have received it in error, please notify the sender and delete it.\n--A--\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Sam Lee', title='Youth mentoring',
           description="Young newcomers meet mentors every week in the town library. Here is our group:")))
# Outlook's inline comments with only one answer typed into the quoted template: the mark "[PD]" opens a single line. It was
# kept ("[PD] Homework club"): a mark on one line only was taken for part of an answer ("[EU] funds"). The mark is the
# sender's initials (From: Pat Doyle), which Outlook puts there.
write('outlook-inline-comment-on-one-line', headers('Pat Doyle <pat.oneline@example.org>', 'RE: ' + LOCALES['en']['messages']['mail.template_title'], [passed('example.org')]) + PLAIN,
      "Hello, my answer is marked [PD] below.\n\nPat\n\n________________________________\nFrom: REGIN Integration Lab <reginproject@crpm.org>\n"
      "Sent: Monday, November 30, 2026 10:00 AM\nTo: pat@example.org\nSubject: " + LOCALES['en']['messages']['mail.template_title'] + "\n\n" + template_text('en', {'title': '[PD] Homework club'}),
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(title='Homework club')))
# Forged ARC headers and Received-SPF the sender wrote himself, claiming our server's pass, under our own server's verdict
# (on top, added as the mail arrived: dmarc=fail). Only our server's topmost Authentication-Results counts.
write('forged-arc-and-received-spf-under-our-fail', headers('alice@example.org', 'REGIN-0001', [
    f"Authentication-Results: {OURS}; spf=softfail smtp.mailfrom=example.org; dkim=none; dmarc=fail header.from=example.org",
    f"ARC-Seal: i=1; a=rsa-sha256; cv=none; d=crpm.org; s=arc; b=Zm9yZ2Vk",
    f"ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d=crpm.org; s=arc; h=from:to:subject; bh=Zm9yZ2Vk; b=Zm9yZ2Vk",
    f"ARC-Authentication-Results: i=1; {OURS}; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org",
    f"Received-SPF: Pass ({OURS}: domain of example.org designates 192.0.2.1 as permitted sender) client-ip=192.0.2.1; envelope-from=alice@example.org"]) + PLAIN,
    HIJACK, UNVERIFIED)
# The same claims with no verdict of our server at all (ARC-Authentication-Results and Received-SPF naming mx.crpm.org): none of
# them is our server's Authentication-Results.
write('forged-arc-and-received-spf-without-our-verdict', headers('alice@example.org', 'REGIN-0001', [
    f"ARC-Authentication-Results: i=1; {OURS}; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org",
    f"Received-SPF: Pass ({OURS}: domain of example.org designates 192.0.2.1 as permitted sender) client-ip=192.0.2.1",
    "X-Original-Authentication-Results: mx.crpm.org; dmarc=pass header.from=example.org"]) + PLAIN, HIJACK, UNVERIFIED)
# A Unicode confusable of our own domain ("crpm.οrg" with a Greek omicron, raw UTF-8 as SMTPUTF8 mail carries it) and of our
# mailbox, authenticated for the attacker's look-alike domain: not our own mail, not Alice's; a stranger's new practice.
write('confusable-of-our-domain', headers('REGIN <reginproject@crpm.\u03bfrg>', 'Re: REGIN-0001', [passed('crpm.\u03bfrg')]) + PLAIN,
      HIJACK, dict(outcome='created', victim='unchanged', practice_flags=['sender_lookalike'], reply_omits=['Overwritten by Mallory', 'mallory@attacker.example']))
# Header injection aimed at our reply: a display name and a Subject whose encoded words hide CR/LF and a Bcc line, each 2,000
# characters long. Our reply has its own Subject and no display name of theirs; its headers stay well-formed, to the sender alone.
injected = base64.b64encode(("Pat\r\nBcc: victim@example.net\r\nX-Injected: yes\r\n" + "P" * 2000).encode()).decode()
subject = base64.b64encode(("REGIN\r\nBcc: victim@example.net\r\n" + "S" * 2000).encode()).decode()
write('header-injection-in-subject-and-name', headers(f"=?utf-8?B?{injected}?= <pat.inject@example.ie>", f"=?utf-8?B?{subject}?=", [passed('example.ie')]) + PLAIN, FORM,
      dict(outcome='created', reply=True, victim='unchanged', answers=FORM_ANSWERS, reply_to=['pat.inject@example.ie']))
# A Message-ID that is not one (words, no angle brackets or "@"): we still answer, threaded as well as it can be, and our reply's
# In-Reply-To/References are well-formed.
head = headers('Pat Doyle <pat.noid@example.ie>', 'REGIN', [passed('example.ie')])
head = [h if not h.startswith('Message-ID:') else 'Message-ID: this is not a message id at all' for h in head]
write('message-id-that-is-not-one', head + PLAIN, FORM, dict(outcome='created', reply=True, victim='unchanged', answers=FORM_ANSWERS, reply_to=['pat.noid@example.ie']))
# A header line of one megabyte (no folding): a field over 64 kB, refused unparsed (session 49), the raw mail kept.
write('header-line-of-one-megabyte', headers('Pat Doyle <pat.bigheader@example.ie>', 'REGIN', [passed('example.ie'), "X-Filler: " + "a" * 1_048_576]) + PLAIN, FORM,
      dict(outcome='failed', detail='headers_too_large', reply=False, victim='unchanged'))
# NUL bytes in an 8-bit body (a broken mailer, or to cut a text short in a C program): dropped, the answers read (PostgreSQL
# refuses a NUL in text).
write('nul-bytes-in-the-body', headers('Pat Doyle <pat.nul@example.ie>', 'REGIN', [passed('example.ie')]) + PLAIN,
      f"{key('contact_name')} Ruth\0 Meyer\n\0\0\0\n{key('title')} Welcome cafe in the library\0\n{key('country')} Ireland\n",
      dict(outcome='created', reply=True, victim='unchanged', answers=FORM_ANSWERS))
# A charset name that does not exist ("x-user-defined-latin") over Latin-1 text: read by what the bytes are.
write('charset-that-does-not-exist', headers('Élodie Marchand <elodie.charset@example.fr>', 'REGIN', [passed('example.fr')])
      + ["Content-Type: text/plain; charset=x-latin-acme", "Content-Transfer-Encoding: 8bit"],
      f"{key('contact_name')} Élodie Marchand\n{key('title')} Cœur d'accueil à Besançon\n{key('country')} France\n".encode('cp1252'),
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Élodie Marchand', title="Cœur d'accueil à Besançon", country='FR')))
# A .docx whose relationships point outside: an attached template on a web server (settings.xml.rels) and a linked picture
# (document.xml.rels, TargetMode=External). Never fetched (the reader opens no relationship), the answers read.
ext_rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="i1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="http://198.51.100.7/track.png" TargetMode="External"/>'
            '<Relationship Id="s1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/></Relationships>')
settings_rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="t1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="http://198.51.100.7/template.dotm" TargetMode="External"/></Relationships>')
settings = f'<?xml version="1.0" encoding="UTF-8"?><w:settings xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:attachedTemplate r:id="t1"/></w:settings>'
remote = word([para(f"{key('contact_name')} Pat Doyle"), para(f"{key('title')} Homework club"),
               '<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:imagedata r:id="i1"/></v:shape></w:pict></w:r></w:p>'],
              more_types='<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>',
              extra=[('word/settings.xml', settings), ('word/_rels/settings.xml.rels', settings_rels)], document_rels=ext_rels)
head, body = attached('Pat Doyle <pat.remote@example.ie>', 'REGIN', [passed('example.ie')], "The template is attached.", DOCX, 'REGIN.docx', remote)
write('docx-remote-template-and-linked-picture', head, body, dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Pat Doyle', title='Homework club')))
# A .docm (macros, a VBA project, the macro-enabled content type) renamed .docx and sent as a .docx: never opened, said so.
docm2 = word([para(f"{key('title')} From the macro file")], main='application/vnd.ms-word.document.macroEnabled.main+xml', extra=[('word/vbaProject.bin', b'\xd0\xcf\x11\xe0' + b'\0' * 60)])
head, body = attached('Kai Berg <kai.docm@example.org>', 'Template', [passed('example.org')], f"{key('contact_name')} Kai Berg", DOCX, 'template.docx', docm2)
write('docm-renamed-docx', head, body, dict(outcome='created', detail='docx_macro:template.docx', reply=True, victim='unchanged', answers=dict(contact_name='Kai Berg'),
      reply_contains=[msg('en', 'mail.attachment_macro', file='template.docx')]))
# A password-protected .docx: Word writes an OLE compound file (EncryptedPackage), named .docx. Not read; the sender is told.
encrypted = bytes.fromhex('d0cf11e0a1b11ae1') + bytes(504) + 'EncryptedPackage'.encode('utf-16-le') + bytes(2000)
head, body = attached('Kai Berg <kai.password@example.org>', 'Template', [passed('example.org')], f"{key('contact_name')} Kai Berg", DOCX, 'REGIN protected.docx', encrypted)
write('docx-password-protected', head, body, dict(outcome='created', detail='docx_encrypted:REGIN protected.docx', reply=True, victim='unchanged', answers=dict(contact_name='Kai Berg'),
      reply_contains=[msg('en', 'mail.attachment_encrypted', file='REGIN protected.docx')]))
# A .docx of 10,000 tiny paragraphs after the answers (a pasted list, or poison): read within the budget, the answers kept.
tiny = word([para(f"{key('contact_name')} Pat Doyle"), para(f"{key('title')} Homework club")] + [para('x') for _ in range(10_000)])
head, body = attached('Pat Doyle <pat.tiny@example.ie>', 'REGIN', [passed('example.ie')], "The template is attached.", DOCX, 'REGIN.docx', tiny)
write('docx-ten-thousand-tiny-paragraphs', head, body, dict(outcome='created', reply=True, victim='unchanged', answers=dict(contact_name='Pat Doyle', title='Homework club')))
# --- Session 34 (mail34): senders that look like the project, and real mail from French, Spanish, Italian and Portuguese
# contributors.
# A sender that looks like the project (phishing-like): processed as any stranger's (a new practice of their own, nothing of
# Alice's touched), flagged for researchers (sender_lookalike, saying what was seen), and the reply, when one goes out, says
# nothing of theirs back: no answer quoted, no display name of theirs taken as the contact's name.
LOOKALIKE_FORM = f"{key('contact_name')} Ruth Meyer\n{key('title')} Verify your REGIN account at https://regin-login.example\n{key('country')} Ireland\n"
def lookalike(stem, sender, extra=(), body=LOOKALIKE_FORM, reply_to=None, **more):
    domain = sender.split('@')[1].rstrip('>')
    expected = dict(outcome='created', reply=True, victim='unchanged', practice_flags=['sender_lookalike'],
                    reply_omits=['Verify your REGIN account', 'regin-login.example', 'Ruth Meyer'], **more)
    if reply_to:
        expected['reply_to'] = reply_to
    write(stem, headers(sender, 'Re: REGIN-0001', [passed(domain)] + list(extra)) + PLAIN, body, expected)
lookalike('display-name-claims-the-project-on-gmail', 'REGIN Team <m.ferraro.2026@gmail.com>', body=LOOKALIKE_FORM.split('\n', 1)[1], no_value=['contact_name'],
          reply_to=['m.ferraro.2026@gmail.com'])
# "сrpm.org" with a Cyrillic "с", as mail servers write it (punycode).
lookalike('punycode-homoglyph-of-our-domain', 'Secretariat <reginproject@' + '\u0441rpm'.encode('idna').decode() + '.org>')
lookalike('typo-of-our-second-domain', 'Integration Lab <info@regln-lab.eu>', ["Reply-To: Lab <collect@attacker.example>"], reply_to=['info@regln-lab.eu'])
lookalike('our-domain-with-another-tld', 'office@crpm.eu')
lookalike('our-domain-with-an-extra-hyphen', 'news@crpm-org.net')
lookalike('our-second-domain-with-an-extra-hyphen', 'lab@re-gin-lab.eu')
# Reply-To on a look-alike of our domain while From is an ordinary sender's: a researcher answering by hand would write to the
# look-alike. The reply goes to From alone.
lookalike('reply-to-on-a-look-alike-of-our-domain', 'Pat Doyle <pat.lookalike@example.ie>', ["Reply-To: REGIN <reginproject@crpm.co>"], reply_to=['pat.lookalike@example.ie'])
# Not look-alikes: a contributor called Regina at a domain of her own, and one whose organisation's domain merely contains
# four letters of ours: no flag, answered as ever (their answers quoted, her name taken as the contact's).
write('no-look-alike-regina-and-scrpm', headers('Regina Costa <regina.costa@scrpmedia.it>', 'REGIN', [passed('scrpmedia.it')]) + PLAIN,
      f"{key('title')} Mediazione linguistica a scuola\n{key('country')} Italia\n",
      dict(outcome='created', reply=True, victim='unchanged', no_flags=['sender_lookalike'], answers=dict(contact_name='Regina Costa', title='Mediazione linguistica a scuola'),
           reply_contains=['Mediazione linguistica a scuola']))

# Real mail from fr/es/it/pt contributors: Reply in Gmail, Outlook and Thunderbird with our template quoted, in the charsets
# and transfer encodings their programs choose (windows-1252 and iso-8859-15, quoted-printable), answers typed inline into the
# quoted template, the template forwarded by a coordinator, a .docx filled in LibreOffice, answers in a table.
TYPED_ES = {'contact_name': 'Lucía Martínez Ibáñez', 'title': 'Acogida en español para familias recién llegadas', 'contact_email': 'lucia@example.es',
            'partners': 'Asociación «La Morería», Cáritas'}
TYPED_IT = {'contact_name': 'Niccolò Rossi', 'title': "Mediazione linguistica per famiglie appena arrivate, più doposcuola", 'contact_email': 'niccolo@example.it',
            'partners': 'Comune di Forlì, ASP'}
TYPED_PT = {'contact_name': 'João Gonçalves', 'title': 'Acolhimento de famílias recém-chegadas e aulas de português', 'contact_email': 'joao@example.pt',
            'partners': 'Câmara Municipal de Évora, Cáritas'}
TYPED_FR2 = {'contact_name': 'Françoise Lœwy', 'title': "Cœur d'accueil : français pour parents, 15 € l'année", 'contact_email': 'francoise@example.fr',
             'partners': 'Mairie de Besançon, Secours populaire'}
def title_of(lang): return LOCALES[lang]['messages']['mail.template_title']
# Gmail (es): the "El ... escribió:" line is longer than 78 columns and Gmail cuts it inside the address ("(<" then the rest),
# answers typed under the quoted hints; UTF-8 quoted-printable.
write('gmail-es-attribution-cut-inside-the-address', headers('Lucía Martínez Ibáñez <lucia@example.es>', 'Re: ' + title_of('es'), [passed('example.es')])
      + ["Content-Type: text/plain; charset=\"UTF-8\"", "Content-Transfer-Encoding: quoted-printable"],
      qp("Hola, van mis respuestas en la plantilla.\n\nUn saludo,\nLucía\n\nEl lun, 30 nov 2026 a las 10:00, REGIN Integration Lab (<\nreginproject@crpm.org>) escribió:\n\n"
         + quoted_template('es', TYPED_ES, wrapped('> ', 78))),
      dict(outcome='created', reply=True, victim='unchanged', language='es', answers=TYPED_ES))
# Outlook (es) in windows-1252 quoted-printable (ñ, €, ¿ as =F1, =80, =BF), the quoted template unmarked under the De/Enviado block,
# answers typed under the hints.
write('outlook-es-windows-1252-quoted-printable', headers('Lucía Martínez Ibáñez <lucia.outlook@example.es>', 'RE: ' + title_of('es'), [passed('example.es'), "X-Mailer: Microsoft Outlook 16.0"])
      + ["Content-Type: text/plain; charset=\"windows-1252\"", "Content-Transfer-Encoding: quoted-printable"],
      quopri.encodestring(("Buenos días:\n\n¿Les sirve así? El presupuesto fue de 12.000 € y el año que viene, más.\n\nUn saludo,\nLucía Martínez\n\n"
         "De: REGIN Integration Lab <reginproject@crpm.org>\nEnviado: lunes, 30 de noviembre de 2026 10:00\nPara: lucia.outlook@example.es\nAsunto: " + title_of('es') + "\n\n"
         + quoted_template('es', TYPED_ES, wrapped('', 76))).encode('cp1252')),
      dict(outcome='created', reply=True, victim='unchanged', language='es', answers=TYPED_ES))
# Gmail (it): "Il giorno ... ha scritto:" cut inside the address, answers typed inside the quote itself (the sender clicked into
# Gmail's quoted template and typed there: each answer comes back quoted, "> Niccolò Rossi", under its hint).
def quoted_inline(lang, typed, quote):
    out = quote(title_of(lang)) + quote('=' * 40) + quote(f"REGIN-TEMPLATE v2026.1 lang={lang}") + quote('')
    for q in ORDER:
        out += quote(f"{key(q)} {label(q, lang)}")
        hint = LOCALES[lang]['questions'][q].get('hint')
        if hint:
            out += quote(hint)
        if q in typed:
            out += quote(typed[q])
        out += quote('') + quote('')
    return '\n'.join(out) + '\n'
write('gmail-it-answers-typed-inside-the-quote', headers('Niccolò Rossi <niccolo@example.it>', 'Re: ' + title_of('it'), [passed('example.it')])
      + ["Content-Type: text/plain; charset=\"UTF-8\"", "Content-Transfer-Encoding: quoted-printable"],
      qp("Buongiorno, ho scritto le risposte direttamente nel modello qui sotto.\n\nCordiali saluti\nNiccolò\n\n"
         "Il giorno lun 30 nov 2026 alle ore 10:00 REGIN Integration Lab <\nreginproject@crpm.org> ha scritto:\n\n" + quoted_inline('it', TYPED_IT, wrapped('> ', 78))),
      dict(outcome='created', reply=True, victim='unchanged', language='it', answers=TYPED_IT))
# Thunderbird (it), iso-8859-15 8-bit, "Il 30/11/26 10:00, ... ha scritto:", answers under the quoted hints.
write('thunderbird-it-iso-8859-15', headers('Niccolò Rossi <n.rossi@example.it>', 'Re: ' + title_of('it'), [passed('example.it'), "User-Agent: Mozilla Thunderbird"])
      + ["Content-Type: text/plain; charset=ISO-8859-15", "Content-Transfer-Encoding: 8bit"],
      ("Buongiorno,\necco le risposte.\n\nIl 30/11/26 10:00, REGIN Integration Lab ha scritto:\n" + quoted_template('it', dict(TYPED_IT, contact_email='n.rossi@example.it'), wrapped('> ', 72))).encode('iso-8859-15'),
      dict(outcome='created', reply=True, victim='unchanged', language='it', answers=dict(TYPED_IT, contact_email='n.rossi@example.it')))
# Gmail (pt): "Em ... escreveu:" cut inside the address, answers under the quoted hints, quoted-printable.
write('gmail-pt-attribution-cut-inside-the-address', headers('João Gonçalves <joao@example.pt>', 'Re: ' + title_of('pt'), [passed('example.pt')])
      + ["Content-Type: text/plain; charset=\"UTF-8\"", "Content-Transfer-Encoding: quoted-printable"],
      qp("Bom dia, seguem as respostas no modelo.\n\nCumprimentos,\nJoão\n\nEm seg., 30 de nov. de 2026 às 10:00, REGIN Integration Lab <\nreginproject@crpm.org> escreveu:\n\n"
         + quoted_template('pt', TYPED_PT, wrapped('> ', 78))),
      dict(outcome='created', reply=True, victim='unchanged', language='pt', answers=TYPED_PT))
# Outlook (pt) in windows-1252 quoted-printable, the De/Enviado/Para/Assunto block, answers under the hints.
write('outlook-pt-windows-1252-quoted-printable', headers('João Gonçalves <joao.outlook@example.pt>', 'RE: ' + title_of('pt'), [passed('example.pt'), "X-Mailer: Microsoft Outlook 16.0"])
      + ["Content-Type: text/plain; charset=\"windows-1252\"", "Content-Transfer-Encoding: quoted-printable"],
      quopri.encodestring(("Bom dia,\n\nenvio as respostas – espero que estejam completas.\n\nCom os melhores cumprimentos,\nJoão Gonçalves\n\n"
         "De: REGIN Integration Lab <reginproject@crpm.org>\nEnviado: segunda-feira, 30 de novembro de 2026 10:00\nPara: joao.outlook@example.pt\nAssunto: " + title_of('pt') + "\n\n"
         + quoted_template('pt', dict(TYPED_PT, contact_email='joao.outlook@example.pt'), wrapped('', 76))).encode('cp1252')),
      dict(outcome='created', reply=True, victim='unchanged', language='pt', answers=dict(TYPED_PT, contact_email='joao.outlook@example.pt')))
# Thunderbird (fr), iso-8859-15 8-bit (œ and € exist there, not in iso-8859-1), "Le 30/11/2026 à 10:00, ... a écrit :".
write('thunderbird-fr-iso-8859-15', headers('Françoise Lœwy <francoise@example.fr>', 'Re: ' + title_of('fr'), [passed('example.fr'), "User-Agent: Mozilla Thunderbird"])
      + ["Content-Type: text/plain; charset=ISO-8859-15", "Content-Transfer-Encoding: 8bit"],
      ("Bonjour,\nvoici mes réponses.\n\nLe 30/11/2026 à 10:00, REGIN Integration Lab a écrit :\n" + quoted_template('fr', TYPED_FR2, wrapped('> ', 72))).encode('iso-8859-15'),
      dict(outcome='created', reply=True, victim='unchanged', language='fr', answers=TYPED_FR2))
# Forwarded templates: a coordinator forwards a colleague's filled-in template with a line of her own. Thunderbird (fr) writes
# "-------- Message transféré --------" and a header table of its own (Sujet, Date, De, Pour, tab-separated); Gmail (es, it, pt)
# writes its marker in the sender's language and the header names half translated.
FILLED_FR = "".join(f"{key(q)} {label(q, 'fr')}\n{v}\n\n" for q, v in TYPED_FR2.items())
write('thunderbird-fr-forwarded-template', headers('Coordination <coord@example.fr>', 'Tr: Modèle REGIN', [passed('example.fr'), "User-Agent: Mozilla Thunderbird"])
      + ["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit"],
      "Bonjour, je vous transmets la pratique de Françoise.\n\n\n-------- Message transféré --------\nSujet : \tModèle REGIN\nDate : \tFri, 27 Nov 2026 16:02:11 +0100\n"
      "De : \tFrançoise Lœwy <francoise@example.fr>\nPour : \tcoord@example.fr\n\n\n\nBonjour,\nvoici le modèle rempli.\n\n" + FILLED_FR,
      dict(outcome='created', reply=True, victim='unchanged', language='fr', answers=TYPED_FR2, reply_to=['coord@example.fr']))
def filled(lang, typed): return "".join(f"{key(q)} {label(q, lang)}\n{v}\n\n" for q, v in typed.items())
write('gmail-es-forwarded-template', headers('Coordinación <coord@example.es>', 'Fwd: Plantilla REGIN', [passed('example.es')]) + PLAIN,
      "Os reenvío la práctica de Lucía.\n\n---------- Mensaje reenviado ---------\nDe: Lucía Martínez Ibáñez <lucia@example.es>\nDate: vie, 27 nov 2026 a las 16:02\n"
      "Subject: Plantilla REGIN\nTo: <coord@example.es>\n\n\nHola, os mando la plantilla rellena.\n\n" + filled('es', TYPED_ES),
      dict(outcome='created', reply=True, victim='unchanged', language='es', answers=TYPED_ES, reply_to=['coord@example.es']))
write('gmail-it-forwarded-template', headers('Coordinamento <coord@example.it>', 'Fwd: Scheda REGIN', [passed('example.it')]) + PLAIN,
      "Vi inoltro la scheda di Niccolò.\n\n---------- Messaggio inoltrato ---------\nDa: Niccolò Rossi <niccolo@example.it>\nDate: ven 27 nov 2026 alle ore 16:02\n"
      "Subject: Scheda REGIN\nTo: <coord@example.it>\n\n\nBuongiorno, ecco la scheda compilata.\n\n" + filled('it', TYPED_IT),
      dict(outcome='created', reply=True, victim='unchanged', language='it', answers=TYPED_IT, reply_to=['coord@example.it']))
write('gmail-pt-forwarded-template', headers('Coordenação <coord@example.pt>', 'Fwd: Modelo REGIN', [passed('example.pt')]) + PLAIN,
      "Reencaminho a prática do João.\n\n---------- Mensagem encaminhada ---------\nDe: João Gonçalves <joao@example.pt>\nDate: sexta, 27/11/2026 à(s) 16:02\n"
      "Subject: Modelo REGIN\nTo: <coord@example.pt>\n\n\nBom dia, segue o modelo preenchido.\n\n" + filled('pt', TYPED_PT),
      dict(outcome='created', reply=True, victim='unchanged', language='pt', answers=TYPED_PT, reply_to=['coord@example.pt']))
# A .docx filled in LibreOffice (es): its own markup (runs cut inside words with w:lang, bookmarks, a tab after the key, a line
# break inside an answer, docProps/app.xml naming LibreOffice), the content controls gone (LibreOffice 6 saves them as text).
def lo_para(*runs): return '<w:p><w:pPr><w:pStyle w:val="Normal"/><w:rPr></w:rPr></w:pPr>' + ''.join(runs) + '</w:p>'
def lo_run(text, lang='es-ES'): return f'<w:r><w:rPr><w:lang w:val="{lang}"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'
lo_paragraphs = []
for q in ORDER[:ORDER.index('description') + 1]:
    lo_paragraphs.append(lo_para(f'<w:bookmarkStart w:id="{len(lo_paragraphs)}" w:name="{q}"/><w:bookmarkEnd w:id="{len(lo_paragraphs)}"/>', lo_run(key(q)[:3]), lo_run(key(q)[3:]),
                                 '<w:r><w:rPr></w:rPr><w:tab/></w:r>', lo_run(label(q, 'es'))))
    if q == 'contact_name':
        lo_paragraphs.append(lo_para(lo_run('Lucía Martí'), lo_run('nez Ibáñez', 'es-ES')))
    elif q == 'title':
        lo_paragraphs.append(lo_para(lo_run('Acogida en español para familias recién llegadas')))
    elif q == 'description':
        lo_paragraphs.append(lo_para(lo_run('Clases de español por la tarde.'), '<w:r><w:br/></w:r>', lo_run('Acompañamiento en trámites.')))
    lo_paragraphs.append(lo_para())
lo_app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
          '<Template></Template><TotalTime>12</TotalTime><Application>LibreOffice/7.3.7.2$Linux_X86_64 LibreOffice_project/30$Build-2</Application></Properties>')
lo_doc = word(lo_paragraphs, more_types='<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>',
              extra=[('docProps/app.xml', lo_app)])
head, body = attached('Lucía Martínez Ibáñez <lucia.lo@example.es>', 'Plantilla REGIN', [passed('example.es')], "Hola, adjunto la plantilla rellena con LibreOffice.", DOCX, 'plantilla-regin.docx', lo_doc)
write('docx-filled-in-libreoffice-es', head, body, dict(outcome='created', reply=True, victim='unchanged', language='es',
      answers=dict(contact_name='Lucía Martínez Ibáñez', title='Acogida en español para familias recién llegadas', description='Clases de español por la tarde.\nAcompañamiento en trámites.')))
# Answers in a table (pt): Gmail's HTML, the template pasted into a two-column table, label left, answer right.
pt_cells = [(f"{key(q)} {label(q, 'pt')}", v) for q, v in TYPED_PT.items()]
write('gmail-pt-html-table', headers('João Gonçalves <joao.tabela@example.pt>', 'Modelo REGIN', [passed('example.pt')]) + ["Content-Type: text/html; charset=\"UTF-8\"", "Content-Transfer-Encoding: 8bit"],
      '<div dir="ltr"><div>Bom dia, as respostas estão na tabela.</div><br><table border="1" cellpadding="0" cellspacing="0" style="border-collapse:collapse"><tbody>'
      + ''.join(f'<tr><td style="padding:3px">{q}</td><td style="padding:3px">{a}</td></tr>' for q, a in pt_cells) + '</tbody></table><br>Cumprimentos,<br>João</div>\n',
      dict(outcome='created', reply=True, victim='unchanged', language='pt', answers=dict(TYPED_PT, contact_email='joao@example.pt')))
# A sender at a domain with letters beyond ASCII ("müller-verein.de"), written as mail servers write it (punycode) in From and
# in our server's verdict. MimeKit gives From's domain decoded ("müller-verein.de"), which was compared with the verdict's
# "xn--…" form: the sender was never authenticated (no reply, a flag, their address not taken as the contact's).
idn = 'müller-verein.de'.encode('idna').decode()
write('idn-domain-sender-authenticated', headers(f'Jürgen Müller <j.mueller@{idn}>', 'REGIN', [passed(idn)]) + PLAIN, FORM,
      dict(outcome='created', reply=True, victim='unchanged', answers=FORM_ANSWERS, no_flags=['sender_not_authenticated', 'sender_lookalike']))
# Session 33's leftover: Outlook's comment mark set by hand ("[Respuesta]": neither the sender's name nor initials) on the one
# answer typed into the quoted template. It was kept ("[Respuesta] Acogida ..."); the sender named it in their text above.
write('outlook-es-mark-set-by-hand-on-one-line', headers('Lucía Martínez Ibáñez <lucia.marca@example.es>', 'RE: ' + title_of('es'), [passed('example.es')]) + PLAIN,
      "Hola, he marcado mi respuesta con [Respuesta] en la plantilla.\n\nLucía\n\n________________________________\nDe: REGIN Integration Lab <reginproject@crpm.org>\n"
      "Enviado: lunes, 30 de noviembre de 2026 10:00\nPara: lucia.marca@example.es\nAsunto: " + title_of('es') + "\n\n"
      + template_text('es', {'title': '[Respuesta] Acogida en español para familias recién llegadas'}),
      dict(outcome='created', reply=True, victim='unchanged', language='es', answers=dict(title='Acogida en español para familias recién llegadas')))
# Session 35: look-alikes of a contributor's domain (Alice's example.org: her authenticated mail made REGIN-0001), each from a
# domain the attacker owns and signs: "rn" for "m", one letter off, Alice's domain as Reply-To under the attacker's own From.
# Flagged sender_lookalike on the attacker's own draft, answered at From with nothing of his quoted. Alice's colleague at a
# subdomain of hers and a stranger at another suffix of her domain's name (mail providers have many: gmx.de, gmx.at) are not.
LOOKALIKE_OF_ALICE = dict(outcome='created', reply=True, victim='unchanged', practice_flags=['sender_lookalike'],
                          reply_omits=['Overwritten by Mallory', 'mallory@attacker.example'])
write('rn-for-m-in-a-contributors-domain', headers('Alice <alice@exarnple.org>', 'REGIN-0001', [passed('exarnple.org')]) + PLAIN, HIJACK,
      dict(LOOKALIKE_OF_ALICE, reply_to=['alice@exarnple.org']))
write('one-letter-off-a-contributors-domain', headers('Alice <alice@exampel.org>', 'REGIN-0001', [passed('exampel.org')]) + PLAIN, HIJACK,
      dict(LOOKALIKE_OF_ALICE, reply_to=['alice@exampel.org']))
write('reply-to-a-lookalike-of-a-contributors-domain', headers('Alice <mallory@attacker.example>', 'REGIN-0001', [passed('attacker.example'),
      "Reply-To: alice@examp1e.org"]) + PLAIN, HIJACK, dict(LOOKALIKE_OF_ALICE, reply_to=['mallory@attacker.example']))
write('contributors-colleague-at-her-subdomain', headers('Pat <pat@mail.example.org>', 'REGIN', [passed('mail.example.org')]) + PLAIN, FORM,
      dict(outcome='created', reply=True, victim='unchanged', no_flags=['sender_lookalike'], answers=FORM_ANSWERS))
write('contributors-domain-name-at-another-suffix', headers('Ruth Meyer <ruth@example.net>', 'REGIN', [passed('example.net')]) + PLAIN, FORM,
      dict(outcome='created', reply=True, victim='unchanged', no_flags=['sender_lookalike'], answers=FORM_ANSWERS))
# Session 35: Apple Mail's picture, then a gateway's disclaimer in a language outside our 8 (mail34's leftover): our words for a
# disclaimer did not tell it, so it was joined to the last answer as Apple's rest of the text. A part after a picture written in
# none of our languages (TextLanguage.IsForeign: few of its words are any of ours) is no rest of an answer; the rest of an answer
# in German after the first picture still is. Polish, Dutch and Czech partners writing in English or German, as they do.
def apple(sender, domain, first, rest_parts):
    parts = f"--A\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n{qp(first)}\n"
    for i, rest in enumerate(rest_parts):
        parts += (f"--A\nContent-Disposition: inline; filename=photo{i}.jpeg\nContent-Type: image/jpeg; name=\"photo{i}.jpeg\"\nContent-Transfer-Encoding: base64\n\n/9j/4AAQSkZJRg==\n"
                  f"--A\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n{qp(rest)}\n")
    return (headers(sender, 'REGIN', [passed(domain), "X-Mailer: Apple Mail (2.3774.600.62)"]) + ["Content-Type: multipart/mixed; boundary=A"], parts + "--A--\n")
head, body = apple('Agnieszka Nowak <a.nowak@fundacja-przystan.example.pl>', 'fundacja-przystan.example.pl',
    f"{key('contact_name')} Agnieszka Nowak\n{key('title')} Language buddies for refugee families\n"
    f"{key('description')} Volunteers meet newly arrived families every Saturday and help them with letters and forms. Here is our last meeting:\n",
    ["\nTa wiadomość jest poufna i przeznaczona wyłącznie dla adresata. Jeżeli otrzymali Państwo tę wiadomość omyłkowo, prosimy o "
     "poinformowanie nadawcy i usunięcie jej. Fundacja Przystań, ul. Długa 5, 00-238 Warszawa.\n"])
write('apple-mail-picture-then-polish-gateway-disclaimer', head, body, dict(outcome='created', reply=True, victim='unchanged', language='en',
      answers=dict(contact_name='Agnieszka Nowak', title='Language buddies for refugee families',
                   description='Volunteers meet newly arrived families every Saturday and help them with letters and forms. Here is our last meeting:')))
head, body = apple('Pieter de Vries <p.devries@gemeente-zwolle.example.nl>', 'gemeente-zwolle.example.nl',
    f"{key('contact_name')} Pieter de Vries\n{key('title')} Sprachcafé im Stadtteilzentrum\n"
    f"{key('description')} Jeden Dienstag treffen sich Neuankömmlinge und Nachbarn im Stadtteilzentrum. Hier ein Foto:\n",
    ["\nund jeden Donnerstag kochen sie zusammen. Die Stadt bezahlt den Raum, die Freiwilligen bringen das Essen mit.\n",
     "\nDit bericht is vertrouwelijk en uitsluitend bestemd voor de geadresseerde. Indien u dit bericht per vergissing heeft ontvangen, "
     "verzoeken wij u de afzender te informeren en het bericht te verwijderen.\n"])
write('apple-mail-de-rest-of-an-answer-then-dutch-gateway-disclaimer', head, body, dict(outcome='created', reply=True, victim='unchanged', language='de',
      answers=dict(contact_name='Pieter de Vries', title='Sprachcafé im Stadtteilzentrum',
                   description='Jeden Dienstag treffen sich Neuankömmlinge und Nachbarn im Stadtteilzentrum. Hier ein Foto:\n\n'
                               'und jeden Donnerstag kochen sie zusammen. Die Stadt bezahlt den Raum, die Freiwilligen bringen das Essen mit.')))
head, body = apple('Jana Dvořáková <dvorakova@mesto-brno.example.cz>', 'mesto-brno.example.cz',
    f"{key('contact_name')} Jana Dvořáková\n{key('title')} Homework club for Ukrainian children\n"
    f"{key('description')} Students from the university help children with homework twice a week. Photo from the club:\n",
    ["\nTato zpráva je důvěrná a je určena pouze adresátovi. Pokud jste ji obdrželi omylem, informujte prosím odesílatele a zprávu smažte.\n"])
write('apple-mail-picture-then-czech-gateway-disclaimer', head, body, dict(outcome='created', reply=True, victim='unchanged', language='en',
      answers=dict(contact_name='Jana Dvořáková', title='Homework club for Ukrainian children',
                   description='Students from the university help children with homework twice a week. Photo from the club:')))
# Session 35: real mail from de, el, sv and en contributors, as their programs send it.
TYPED_EL = {'contact_name': 'Ελένη Παπαδοπούλου', 'title': 'Μαθήματα ελληνικών για γονείς προσφύγων', 'contact_email': 'eleni@example.gr',
            'partners': 'Δήμος Θεσσαλονίκης, «Άρσις»'}
TYPED_SV = {'contact_name': 'Åsa Lindström', 'title': 'Läxhjälp och språkkafé för nyanlända i Härnösand', 'contact_email': 'asa@example.se',
            'partners': 'Härnösands bibliotek, Röda Korset'}
TYPED_DE = {'contact_name': 'Jürgen Weiß', 'title': 'Begegnungscafé für Geflüchtete – Straßenfest inklusive', 'contact_email': 'juergen@example.de',
            'partners': 'Diakonie, Stadtbücherei Gießen'}
# Outlook (el) in windows-1253 quoted-printable, the Greek Από/Στάλθηκε/Προς/Θέμα block above the unmarked quoted template.
write('outlook-el-windows-1253-quoted-printable', headers('Ελένη Παπαδοπούλου <eleni@example.gr>', 'ΑΠ: ' + title_of('el'), [passed('example.gr'), "X-Mailer: Microsoft Outlook 16.0"])
      + ["Content-Type: text/plain; charset=\"windows-1253\"", "Content-Transfer-Encoding: quoted-printable"],
      quopri.encodestring(("Καλημέρα σας,\n\nσας στέλνω τις απαντήσεις μας στο υπόδειγμα.\n\nΜε εκτίμηση,\nΕλένη Παπαδοπούλου\n\n"
         "Από: REGIN Integration Lab <reginproject@crpm.org>\nΣτάλθηκε: Δευτέρα, 30 Νοεμβρίου 2026 10:00 πμ\nΠρος: eleni@example.gr\nΘέμα: " + title_of('el') + "\n\n"
         + quoted_template('el', TYPED_EL, wrapped('', 76))).encode('cp1253')),
      dict(outcome='created', reply=True, victim='unchanged', language='el', answers=TYPED_EL))
# Thunderbird (el), iso-8859-7 in base64, "Στις 30/11/2026 10:00 π.μ., ο/η ... έγραψε:", answers under the "> " quoted hints.
write('thunderbird-el-iso-8859-7-base64', headers('Ελένη Παπαδοπούλου <e.papadopoulou@example.gr>', 'Re: ' + title_of('el'), [passed('example.gr'), "User-Agent: Mozilla Thunderbird"])
      + ["Content-Type: text/plain; charset=ISO-8859-7", "Content-Transfer-Encoding: base64"],
      base64.encodebytes(("Καλησπέρα,\nοι απαντήσεις μας είναι παρακάτω.\n\nΣτις 30/11/2026 10:00 π.μ., ο/η REGIN Integration Lab έγραψε:\n"
         + quoted_template('el', dict(TYPED_EL, contact_email='e.papadopoulou@example.gr'), wrapped('> ', 72))).encode('iso-8859-7')).decode(),
      dict(outcome='created', reply=True, victim='unchanged', language='el', answers=dict(TYPED_EL, contact_email='e.papadopoulou@example.gr')))
# Gmail (sv): "Den mån 30 nov. 2026 kl 10:00 skrev ... <" cut inside the address, answers typed inside the quote.
write('gmail-sv-answers-typed-inside-the-quote', headers('Åsa Lindström <asa@example.se>', 'Sv: ' + title_of('sv'), [passed('example.se')])
      + ["Content-Type: text/plain; charset=\"UTF-8\"", "Content-Transfer-Encoding: quoted-printable"],
      qp("Hej!\n\nJag skrev svaren direkt i mallen nedan.\n\nMed vänliga hälsningar\nÅsa\n\nDen mån 30 nov. 2026 kl 10:00 skrev REGIN Integration Lab <\nreginproject@crpm.org>:\n\n"
         + quoted_inline('sv', TYPED_SV, wrapped('> ', 78))),
      dict(outcome='created', reply=True, victim='unchanged', language='sv', answers=TYPED_SV))
# Outlook (sv) in windows-1252 quoted-printable: Från/Skickat/Till/Ämne above the unmarked quote, answers under the hints.
write('outlook-sv-windows-1252-quoted-printable', headers('Åsa Lindström <asa.outlook@example.se>', 'SV: ' + title_of('sv'), [passed('example.se'), "X-Mailer: Microsoft Outlook 16.0"])
      + ["Content-Type: text/plain; charset=\"windows-1252\"", "Content-Transfer-Encoding: quoted-printable"],
      quopri.encodestring(("Hej,\n\nhär kommer våra svar – hör av er om något saknas.\n\nVänliga hälsningar\nÅsa Lindström\n\n"
         "Från: REGIN Integration Lab <reginproject@crpm.org>\nSkickat: den 30 november 2026 10:00\nTill: asa.outlook@example.se\nÄmne: " + title_of('sv') + "\n\n"
         + quoted_template('sv', dict(TYPED_SV, contact_email='asa.outlook@example.se'), wrapped('', 76))).encode('cp1252')),
      dict(outcome='created', reply=True, victim='unchanged', language='sv', answers=dict(TYPED_SV, contact_email='asa.outlook@example.se')))
# Apple Mail (de): "Am 30.11.2026 um 10:00 schrieb ...:" and the answers typed under the "> " quoted hints, flowed.
write('apple-mail-de-answers-under-quoted-hints', headers('Jürgen Weiß <juergen@example.de>', 'Re: ' + title_of('de'), [passed('example.de'), "X-Mailer: Apple Mail (2.3774.600.62)"])
      + ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"],
      qp("Hallo zusammen,\n\nanbei unsere Antworten direkt im Formular.\n\nBeste Grüße\nJürgen\n\n> Am 30.11.2026 um 10:00 schrieb REGIN Integration Lab <reginproject@crpm.org>:\n> \n"
         + quoted_template('de', TYPED_DE, wrapped('> ', 78))),
      dict(outcome='created', reply=True, victim='unchanged', language='de', answers=TYPED_DE))
# Out of office sent by an Outlook rule ("reply using a template"): a plain mail, no Auto-Submitted header, its subject the only
# sign. German and Swedish. Never a contribution, never answered (the template back to an auto-responder is a mail loop).
write('out-of-office-de-by-an-outlook-rule', headers('Petra Schulz <p.schulz@example.de>', 'Automatische Antwort: ' + title_of('de'), [passed('example.de')]) + PLAIN,
      "Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich 4. Januar 2027 nicht im Büro und habe keinen Zugriff auf meine E-Mails.\n"
      "In dringenden Fällen wenden Sie sich bitte an meine Kollegin Frau Becker (becker@example.de).\n\nMit freundlichen Grüßen\nPetra Schulz\n",
      dict(outcome='ignored', reply=False, victim='unchanged'))
write('out-of-office-sv-by-a-rule', headers('Lars Nilsson <lars.nilsson@example.se>', 'Autosvar: ' + title_of('sv'), [passed('example.se')]) + PLAIN,
      "Hej! Jag är på semester till och med den 6 januari och läser inte min e-post. Vid brådskande ärenden, kontakta växeln på 0611-34 80 00.\n\n/Lars\n",
      dict(outcome='ignored', reply=False, victim='unchanged'))
# Gmail (de): "Am Mo., 30. Nov. 2026 um 10:00 Uhr schrieb ... <" cut inside the address (the verb before the name, as in
# Swedish: the second line is only "reginproject@crpm.org>:"), answers typed inside the quote.
write('gmail-de-answers-typed-inside-the-quote', headers('Jürgen Weiß <j.weiss.gmail@example.de>', 'Re: ' + title_of('de'), [passed('example.de')])
      + ["Content-Type: text/plain; charset=\"UTF-8\"", "Content-Transfer-Encoding: quoted-printable"],
      qp("Hallo,\n\nich habe die Antworten direkt in die Vorlage unten geschrieben.\n\nViele Grüße\nJürgen\n\nAm Mo., 30. Nov. 2026 um 10:00 Uhr schrieb REGIN Integration Lab <\nreginproject@crpm.org>:\n\n"
         + quoted_inline('de', dict(TYPED_DE, contact_email='j.weiss.gmail@example.de'), wrapped('> ', 78))),
      dict(outcome='created', reply=True, victim='unchanged', language='de', answers=dict(TYPED_DE, contact_email='j.weiss.gmail@example.de')))
# Session 36: attackers in a thread. OUR_REPLY is a placeholder the tests replace with the Message-ID of our reply to Alice's
# first mail (signed for REGIN-0001): what a stranger copies from a mail Alice forwarded, or what Alice's own other account has.
OUR_REPLY = '{{our-reply-to-alice}}'
def in_our_thread(*extra): return [f"In-Reply-To: <{OUR_REPLY}>", f"References: <{OUR_REPLY}>", *extra]
OUR_SUBJECT = 'Re: ' + LOCALES['en']['messages']['mail.reply_subject'].replace('{reference}', 'REGIN-0001')
NOT_YOURS = dict(outcome='unverified_update', victim='unchanged', victim_flag='unverified_update')
# A stranger (authenticated for his own domain) answers with the subject, In-Reply-To and References of our reply to Alice,
# copied from a mail she forwarded: a signed thread id proves someone had our mail, not that the sender may change her draft.
write('stranger-in-our-thread-with-ids-copied-from-a-forward', headers('Mallory <mallory@attacker.example>', OUR_SUBJECT, [passed('attacker.example'), *in_our_thread()]) + PLAIN,
      "Hi, I'm taking over this practice from Alice, here are the corrections.\n\n" + HIJACK,
      dict(NOT_YOURS, reply=True, reply_omits=['Overwritten', 'mallory@attacker.example', 'taking over']))
write('unauthenticated-stranger-in-our-thread', headers('mallory@attacker.example', OUR_SUBJECT, in_our_thread()) + PLAIN, HIJACK, dict(NOT_YOURS, reply=False))
# The same ids under Alice's own address, which our server says is forged (DMARC fails): nothing applied.
write('forged-alice-in-our-thread-dmarc-fail', headers('Alice <alice@example.org>', OUR_SUBJECT, [
    f"Authentication-Results: {OURS}; spf=fail smtp.mailfrom=example.org; dkim=none; dmarc=fail header.from=example.org", *in_our_thread()]) + PLAIN, HIJACK,
      dict(NOT_YOURS, reply=False))
# Alice herself, answering on her phone from her private address (authenticated for its provider): not provably her; kept for
# the researchers, and she is told which address the practice answers to.
write('same-person-other-address-in-our-thread', headers('Alice Lind <alice.lind@gmail.com>', OUR_SUBJECT, [passed('gmail.com'), *in_our_thread()]) + PLAIN,
      "Hi, writing from my private account, I'm travelling this week.\n\n" + f"{key('lead_organisation')} Alice's organisation\n\nAlice\n\nSent from my iPhone\n",
      dict(NOT_YOURS, reply=True, reply_contains=['REGIN-0001', 'another address']))
# A coordinator forwards a colleague's filled template (Gmail's "Fwd:"), no contact lines in it: the forwarder is who we
# answer, but neither her display name nor (since session 57) her address is the contact's: the contact e-mail is the
# forwarded mail's From, the colleague who filled it in, and (since session 58) the contact name that From's display name.
FWD_EN = {'title': 'Welcome desk for newcomers at the town hall', 'country': 'Ireland', 'partners': 'Citizens Information, Town library'}
write('gmail-en-forwarded-template-without-contact-lines', headers('Rachel Coordinator <coord@example.ie>', 'Fwd: REGIN template', [passed('example.ie')]) + PLAIN,
      "FYI - Maria's practice, filled in last week.\n\n---------- Forwarded message ---------\nFrom: Maria Keller <maria.keller@example.ie>\n"
      "Date: Fri, 27 Nov 2026 at 16:02\nSubject: REGIN template\nTo: <coord@example.ie>\n\n\nHi Rachel, here it is.\n\n" + filled('en', FWD_EN),
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(FWD_EN, country='IE', contact_email='maria.keller@example.ie', contact_name='Maria Keller')))
# Alice replies in our thread to add one answer; her mail quotes Bob's mail to her, which held his own filled template (Gmail
# keeps it quoted under "On ... Bob <bob@example.net> wrote:"). Bob's answers are his practice's, not hers.
BOB = {'contact_name': 'Bob Baker', 'title': "Bob's practice", 'country': 'Portugal', 'partners': "Bob's partners"}
write('reply-quoting-another-practices-filled-template', headers('Alice <alice@example.org>', OUR_SUBJECT, [passed('example.org'), *in_our_thread()]) + PLAIN,
      f"{key('lead_organisation')} Alice's organisation\n\nAlice\n\nOn Mon, 30 Nov 2026 at 09:12, Bob Baker <bob@example.net> wrote:\n> Alice, here is ours, as you asked.\n>\n"
      + quoted_template('en', {q: '> ' + v for q, v in BOB.items()}, wrapped('> ', 78)),
      dict(outcome='updated', reply=True, answers=dict(title="Alice's practice", lead_organisation="Alice's organisation", country='MT'), absent=['partners']))
# Two filled templates in one mail (two practices of one sender): one practice per mail; the second is not mixed into the first.
TWO_A = {'contact_name': 'Dana Ortiz', 'title': 'Job coaching for refugee women', 'country': 'Malta'}
TWO_B = {'contact_name': 'Dana Ortiz', 'title': 'Swimming lessons for newcomer children', 'country': 'Malta'}
write('two-filled-templates-in-one-mail', headers('Dana Ortiz <dana@example.org>', 'REGIN', [passed('example.org')]) + PLAIN,
      "Hello, here are our two practices.\n\n" + template_text('en', TWO_A) + "\n\n" + template_text('en', TWO_B),
      dict(outcome='created', reply=True, victim='unchanged', answers=dict(title='Job coaching for refugee women'), reply_contains=['Swimming lessons for newcomer children']))
# Out of office whose subject keeps only the original ("Re: REGIN: your practice REGIN-0001"): an auto-responder with no
# Auto-Submitted header, its body the only sign. Alice's own, in our thread; and an Italian one to our template.
write('out-of-office-en-subject-of-the-original-only', headers('Alice <alice@example.org>', OUR_SUBJECT, [passed('example.org'), *in_our_thread()]) + PLAIN,
      "Thank you for your email. I am out of the office until Monday 4 January with limited access to email.\n"
      "For urgent matters please contact my colleague Tom Walsh (tom@example.org).\n\nKind regards,\nAlice\n",
      dict(outcome='ignored', reply=False))
write('out-of-office-it-subject-of-the-original-only', headers('Giulia Conti <g.conti@example.it>', 'Re: ' + title_of('it'), [passed('example.it')]) + PLAIN,
      "Grazie per il messaggio. Sono assente dall'ufficio fino al 7 gennaio 2027 e avrò un accesso limitato alla posta elettronica.\n"
      "Per urgenze potete contattare la segreteria allo 0543 712111.\n\nCordiali saluti\nGiulia Conti\n",
      dict(outcome='ignored', reply=False, victim='unchanged'))
# Corrections typed in prose at the top of Alice's reply to our reply, as contributors write them in their languages: the
# question named by its number ("Q13", "Frage 13", "Ερ. 23", "la 13", "fråga 21"), the new value, maybe the old one.
def correction(stem, text, answers, lang_subject='en'):
    write(stem, headers('Alice <alice@example.org>', OUR_SUBJECT, [passed('example.org'), *in_our_thread()]) + PLAIN, text,
          dict(outcome='updated', reply=True, answers=dict(answers, title="Alice's practice"), reply_contains=['[Q' + str(ORDER.index(next(iter(answers))) + 1).zfill(2) + ']']))
correction('correction-in-prose-en', "Sorry, one correction: Q13 should be 2020, not 2019.\n\nThanks,\nAlice\n\nSent from my iPhone\n", {'start_date': '2020'})
correction('correction-in-prose-de', "Hallo,\n\nnoch eine Korrektur:\nFrage 13: bitte 2021\n\nViele Grüße\nAlice\n", {'start_date': '2021'})
correction('correction-in-prose-el', "Καλησπέρα,\nμια διόρθωση: Ερ. 23: 150.000 €\n\nΕυχαριστώ,\nAlice\n", {'budget_eur': 150000})
correction('correction-in-prose-fr', "Bonjour,\npardon, la 13 c’est 2020 et pas 2019.\n\nCordialement,\nAlice\n", {'start_date': '2020'})
correction('correction-in-prose-sv', "Hej!\nFörlåt, fråga 21 ska vara 120, inte 100.\n\nMvh\nAlice\n", {'beneficiaries_count': 120})
# Apple Mail (en) from a Danish and a Norwegian partner: the picture, then the gateway's disclaimer in Danish or Norwegian,
# which reads much like Swedish: told by its own words, not joined to the last answer.
head, body = apple('Mette Jensen <mj@kommune-odense.example.dk>', 'kommune-odense.example.dk',
    f"{key('contact_name')} Mette Jensen\n{key('title')} Language cafe for newly arrived families\n"
    f"{key('description')} Volunteers and newcomers meet every Wednesday at the library to practise the language. A photo from last week:\n",
    ["\nDenne e-mail er fortrolig og kun beregnet for modtageren. Hvis du har modtaget den ved en fejl, bedes du venligst underrette afsenderen og slette meddelelsen.\n"])
write('apple-mail-picture-then-danish-gateway-disclaimer', head, body, dict(outcome='created', reply=True, victim='unchanged', language='en',
      answers=dict(contact_name='Mette Jensen', title='Language cafe for newly arrived families',
                   description='Volunteers and newcomers meet every Wednesday at the library to practise the language. A photo from last week:')))
head, body = apple('Ola Nordmann <ola.nordmann@bergen.example.no>', 'bergen.example.no',
    f"{key('contact_name')} Ola Nordmann\n{key('title')} Homework help for refugee pupils\n"
    f"{key('description')} Retired teachers help pupils with their homework twice a week. Here is our group:\n",
    ["\nDenne e-posten kan inneholde konfidensiell informasjon og er kun ment for mottakeren. Hvis du har mottatt den ved en feil, vennligst gi beskjed til avsender og slett e-posten.\n"])
write('apple-mail-picture-then-norwegian-gateway-disclaimer', head, body, dict(outcome='created', reply=True, victim='unchanged', language='en',
      answers=dict(contact_name='Ola Nordmann', title='Homework help for refugee pupils',
                   description='Retired teachers help pupils with their homework twice a week. Here is our group:')))
print(n, 'hostile mails written to', OUT)
