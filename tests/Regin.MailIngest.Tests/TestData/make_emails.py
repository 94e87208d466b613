#!/usr/bin/env python3
"""Writes the fixture corpus TestData/Emails/*.eml and the expected answers beside them (*.expected.json).

The mails are written the way people write them (keys, labels only, numbers, HTML, replies, forwards, attachments,
charsets), in the 8 languages, with the questionnaire's own labels. Run it again after changing a label:
    python3 tests/Regin.MailIngest.Tests/TestData/make_emails.py
"""
import base64, io, json, os, zipfile
from email.header import Header

ROOT = os.path.dirname(os.path.abspath(__file__))
Q = json.load(open(os.path.join(ROOT, '../../../core/Questionnaire/questionnaire.json'), encoding='utf-8'))
# The words are in locales/{lang}.json: join them onto the structure (label and choice labels in every language).
LOCALES_DIR = os.path.join(ROOT, '../../../core/Questionnaire/locales')
LOC = {f[:-5]: json.load(open(os.path.join(LOCALES_DIR, f), encoding='utf-8')) for f in sorted(os.listdir(LOCALES_DIR)) if f.endswith('.json')}
QS = [dict(q, label={l: LOC[l]['questions'][q['id']]['label'] for l in LOC},
           choices=[{'code': c, 'label': {l: LOC[l]['questions'][q['id']]['choices'][c]['label'] for l in LOC}} for c in q.get('choices') or []])
      for q in Q['questions']]
BYID = {q['id']: q for q in QS}
KEY = {q['id']: f"Q{i + 1:02d}" for i, q in enumerate(QS)}
OUT = os.path.join(ROOT, 'Emails')
os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):
    if f[:2].isdigit():  # hand-written mails (h*.eml) stay
        os.remove(os.path.join(OUT, f))

def label(qid, lang): return BYID[qid]['label'][lang]
def choice(qid, code, lang): return next(c['label'][lang] for c in BYID[qid]['choices'] if c['code'] == code)

# What a contributor from each language area writes.
PEOPLE = {
 'en': dict(name='Siobhan Kelly', org='Cork County Council', title='Welcome Network: volunteer mentors for new arrivals', country='Ireland', region='IE05', region_code='IE05',
            lead='Cork County Council', start='March 2019', start_v='2019-03', end='ongoing', yes='Yes', text='We work with volunteers who meet newcomers every week and help them with services, school and jobs.'),
 'fr': dict(name='Élodie Marchand', org='Région Bretagne', title='Parcours d\'accueil : mentorat pour les primo-arrivants', country='France', region='Bretagne', region_code='FRH0',
            lead='Région Bretagne', start='mars 2020', start_v='2020-03', end='en cours', yes='Oui', text='Des bénévoles accompagnent les personnes récemment arrivées dans leurs démarches, à l\'école et vers l\'emploi.'),
 'de': dict(name='Jürgen Weiß', org='Bayerisches Staatsministerium', title='Sprachpatenschaften für Geflüchtete', country='Deutschland', region='Bayern', region_code='DE2',
            lead='Stadt München', start='März 2018', start_v='2018-03', end='laufend', yes='Ja', text='Ehrenamtliche begleiten Neuankommende beim Deutschlernen, bei Behördengängen und bei der Arbeitssuche.'),
 'es': dict(name='Lucía Fernández', org='Comunidad Autónoma de la Región de Murcia', title='Aulas de acogida lingüística', country='España', region='Región de Murcia', region_code='ES62',
            lead='Consejería de Educación', start='septiembre de 2017', start_v='2017-09', end='en curso', yes='Sí', text='Los centros educativos reciben al alumnado recién llegado con clases de español y tutorías entre iguales.'),
 'it': dict(name='Maria Rossi', org='Regione Puglia', title='Mediatori di salute per migranti', country='Italia', region='Puglia', region_code='ITF4',
            lead='Regione Puglia', start='marzo 2021', start_v='2021-03', end='in corso', yes='Sì', text='Mediatori culturali formati accompagnano le persone migranti nei servizi sanitari del territorio.'),
 'el': dict(name='Ελένη Παπαδοπούλου', org='Περιφέρεια Κρήτης', title='Κέντρο υποδοχής και ένταξης μεταναστών', country='Ελλάδα', region='Κρήτη', region_code='EL43',
            lead='Περιφέρεια Κρήτης', start='Μάιος 2019', start_v='2019-05', end='σε εξέλιξη', yes='Ναι', text='Το κέντρο προσφέρει μαθήματα ελληνικών, νομική συμβουλευτική και στήριξη στην αναζήτηση εργασίας.'),
 'pt': dict(name='João Carvalho', org='Câmara Municipal do Porto', title='Gabinete de apoio ao imigrante', country='Portugal', region='Norte', region_code='PT11',
            lead='Câmara Municipal do Porto', start='janeiro de 2016', start_v='2016-01', end='em curso', yes='Sim', text='O gabinete presta informação, apoio jurídico e cursos de português às pessoas imigrantes da cidade.'),
 'sv': dict(name='Anna Lindqvist', org='Region Skåne', title='Samhällsorientering med kulturtolkar', country='Sverige', region='Skåne', region_code='SE22',
            lead='Region Skåne', start='april 2015', start_v='2015-04', end='pågående', yes='Ja', text='Kulturtolkar ger nyanlända information om hälsa, skola och arbetsmarknad på deras eget språk.'),
}
CODES = dict(country={'en': 'IE', 'fr': 'FR', 'de': 'DE', 'es': 'ES', 'it': 'IT', 'el': 'GR', 'pt': 'PT', 'sv': 'SE'})

def answers(lang, complete=True):
    p = PEOPLE[lang]
    a = {
        'contact_name': p['name'], 'contact_organisation': p['org'], 'contact_email': f"contact.{lang}@example.org",
        'title': p['title'], 'country': p['country'], 'region': p['region'], 'lead_organisation': p['lead'],
        'lead_organisation_type': choice('lead_organisation_type', 'regional_authority', lang),
        'regional_authority_role': choice('regional_authority_role', 'direct_leader', lang) + '; ' + choice('regional_authority_role', 'indirect_funding', lang),
        'start_date': p['start'], 'end_date': p['end'],
        'integration_areas': choice('integration_areas', 'health', lang) + '\n' + choice('integration_areas', 'language', lang),
        'target_groups': choice('target_groups', 'newly_arrived', lang),
        'description': p['text'], 'objectives': p['text'], 'activities': p['text'] + '\n\n' + p['text'], 'results': p['text'],
        'beneficiaries_count': '1200', 'innovative_elements': p['text'], 'challenges_solutions': p['text'],
        'lessons_learned': p['text'], 'transferability': p['text'], 'website': 'www.example.eu', 'consent_publish': p['yes'],
    }
    if not complete:
        for k in ['description', 'objectives', 'activities', 'results', 'innovative_elements', 'challenges_solutions', 'lessons_learned', 'transferability', 'consent_publish', 'website', 'beneficiaries_count']:
            a.pop(k)
    return a

def expected_values(lang, a):
    p = PEOPLE[lang]
    e = {}
    for k, v in a.items():
        if k == 'country': e[k] = CODES['country'][lang]
        elif k == 'region': e[k] = p['region_code']
        elif k == 'start_date': e[k] = p['start_v']
        elif k == 'end_date': e[k] = 'ongoing'
        elif k == 'lead_organisation_type': e[k] = 'regional_authority'
        elif k == 'regional_authority_role': e[k] = ['direct_leader', 'indirect_funding']
        elif k == 'integration_areas': e[k] = ['health', 'language']
        elif k == 'target_groups': e[k] = ['newly_arrived']
        elif k == 'beneficiaries_count': e[k] = 1200
        elif k == 'website': e[k] = 'https://www.example.eu/'
        elif k == 'consent_publish': e[k] = True
        elif BYID[k]['type'] == 'longtext': e[k] = None  # kept as written; checked for presence only
        else: e[k] = v
    return e

def by_key(lang, a, with_labels=True):
    lines = []
    for q in QS:
        if q['id'] not in a: continue
        head = f"[{KEY[q['id']]}] " + (label(q['id'], lang) + (' *' if q['required'] else '') if with_labels else '')
        lines += [head.rstrip(), a[q['id']], '']
    return '\n'.join(lines)

def by_label(lang, a, style):
    lines = []
    for i, q in enumerate(QS):
        if q['id'] not in a: continue
        l = label(q['id'], lang)
        v = a[q['id']]
        multiline = '\n' in v or BYID[q['id']]['type'] == 'longtext'
        if style == 'colon':
            lines += [f"{l}: {v}" if not multiline else f"{l}:\n{v}", '']
        elif style == 'bold':
            lines += [f"**{l.upper()}**", v, '']
        elif style == 'number':
            lines += [f"{i + 1}. {l}", v, '']
    return '\n'.join(lines)

def wrap(text, width=60):
    out = []
    for line in text.split('\n'):
        while len(line) > width:
            cut = line.rfind(' ', 0, width)
            if cut <= 0: break
            out.append(line[:cut]); line = line[cut + 1:]
        out.append(line)
    return '\n'.join(out)

def headers(n, lang, sender, subject, extra=None, mid=True):
    h = [f"From: {PEOPLE[lang]['name'] if lang in PEOPLE else 'Someone'} <{sender}>" if all(ord(c) < 128 for c in PEOPLE.get(lang, {'name': 'x'})['name']) else f"From: {Header(PEOPLE[lang]['name'], 'utf-8').encode()} <{sender}>",
         "To: REGIN <reginproject@crpm.org>", f"Subject: {Header(subject, 'utf-8').encode()}", f"Date: Wed, 25 Nov 2026 {8 + n % 10:02d}:{n % 60:02d}:00 +0100"]
    if mid: h.append(f"Message-ID: <fixture-{n:03d}@mail.example.org>")
    h.append("MIME-Version: 1.0")
    return h + (extra or [])

def plain(body, charset='utf-8'):
    if charset == 'utf-8':
        return ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", body]
    enc = base64.encodebytes(body.encode(charset)).decode()
    return [f"Content-Type: text/plain; charset={charset}", "Content-Transfer-Encoding: base64", "", enc]

n = 0
def write(name, lines, expected):
    global n
    path = os.path.join(OUT, f"{n:02d}-{name}.eml")
    data = '\r\n'.join(lines).replace('\r\n', '\n').replace('\n', '\r\n')
    open(path, 'wb').write(data.encode('utf-8') if isinstance(data, str) else data)
    json.dump(expected, open(path[:-4] + '.expected.json', 'w', encoding='utf-8'), ensure_ascii=False, indent=2)

def exp(outcome, lang, vals, **more):
    d = {'outcome': outcome, 'language': lang, 'answers': vals}
    d.update(more)
    return d

LANGS = ['en', 'fr', 'de', 'es', 'it', 'el', 'pt', 'sv']
# 1. Per language: the whole template filled in by key (complete: submitted), labels with colons, bold labels without colons.
for lang in LANGS:
    n += 1
    a = answers(lang)
    body = f"REGIN-TEMPLATE v{Q['version']} lang={lang}\n\n" + by_key(lang, a)
    write(f"{lang}-keys-complete", headers(n, lang, f"sender{n}@example.org", 'REGIN template') + plain(body), exp('submitted', lang, expected_values(lang, a)))
for lang in LANGS:
    n += 1
    a = answers(lang, complete=False)
    write(f"{lang}-labels-colon", headers(n, lang, f"sender{n}@example.org", 'Practice') + plain("Hello,\n\n" + by_label(lang, a, 'colon') + "\n-- \n" + PEOPLE[lang]['name']),
          exp('created', lang, expected_values(lang, a)))
for lang in LANGS:
    n += 1
    a = answers(lang, complete=False)
    a.pop('contact_email')
    style = 'bold' if LANGS.index(lang) % 2 == 0 else 'number'
    e = expected_values(lang, a); e['contact_email'] = f"sender{n}@example.org"
    write(f"{lang}-{style}-labels-sender-default", headers(n, lang, f"sender{n}@example.org", 'Practice') + plain(wrap(by_label(lang, a, style))), exp('created', lang, e))

# 2. Shapes of real mail.
def subset(lang, keys):
    a = answers(lang); return {k: a[k] for k in keys}
core_keys = ['contact_name', 'title', 'country', 'region', 'start_date']

n += 1; a = subset('fr', core_keys)
html = "<html><body><p>Bonjour,</p>" + ''.join(f"<p><b>{label(k, 'fr')}</b> : {v}</p>" for k, v in a.items()) + "<blockquote><p>[Q05] ancien titre</p></blockquote></body></html>"
write('fr-html-only', headers(n, 'fr', f"sender{n}@example.org", 'Notre pratique') + ["Content-Type: text/html; charset=utf-8", "", html], exp('created', 'fr', expected_values('fr', a)))
n += 1; a = subset('de', core_keys)
html = "<html><body><div>Guten Tag,</div><table>" + ''.join(f"<tr><td>{label(k, 'de')}</td><td>{v}</td></tr>" for k, v in a.items()) + "</table></body></html>"
write('de-html-table', headers(n, 'de', f"sender{n}@example.org", 'Praxisbeispiel') + ["Content-Type: text/html; charset=utf-8", "", html], exp('created', 'de', expected_values('de', a)))
n += 1; a = subset('en', core_keys)
alt = ["Content-Type: multipart/alternative; boundary=\"alt\"", "", "--alt", "Content-Type: text/plain; charset=utf-8", "", by_label('en', a, 'colon'), "--alt", "Content-Type: text/html; charset=utf-8", "", "<p>" + "<br>".join(f"{label(k, 'en')}: {v}" for k, v in a.items()) + "</p>", "--alt--"]
write('en-multipart-alternative', headers(n, 'en', f"sender{n}@example.org", 'Our practice') + alt, exp('created', 'en', expected_values('en', a)))
n += 1; a = subset('en', core_keys)
old = by_label('en', {'title': 'An old title', 'country': 'Malta'}, 'colon')
body = by_label('en', a, 'colon') + "\n\nKind regards\nSiobhan\n\nFrom: REGIN <reginproject@crpm.org>\nSent: Tuesday, 24 November 2026 10:00\nTo: Siobhan Kelly\nSubject: REGIN template\n\n" + old
write('en-outlook-reply-newest-counts', headers(n, 'en', f"sender{n}@example.org", 'RE: REGIN template') + plain(body), exp('created', 'en', expected_values('en', a)))
n += 1; a = subset('es', core_keys)
body = by_key('es', a) + "\n\nEl mar, 24 nov 2026 a las 10:00, REGIN <reginproject@crpm.org> escribió:\n" + '\n'.join('> ' + l for l in by_key('es', {'title': 'Título antiguo', 'country': 'Portugal'}).split('\n'))
write('es-gmail-reply-quoted', headers(n, 'es', f"sender{n}@example.org", 'Re: plantilla') + plain(body), exp('created', 'es', expected_values('es', a)))
n += 1; a = subset('it', core_keys)
body = "Ti inoltro la scheda compilata dal collega.\n\n---------- Forwarded message ---------\nDa: Maria Rossi <maria@example.it>\nDate: mar 24 nov 2026\nSubject: scheda\nTo: Luca <luca@example.it>\n\n" + by_key('it', a)
write('it-forwarded', headers(n, 'it', f"sender{n}@example.org", 'Fwd: scheda') + plain(body), exp('created', 'it', expected_values('it', a)))
n += 1; a = subset('pt', core_keys)
body = "Segue abaixo.\n\n-------- Mensagem encaminhada --------\nAssunto: prática\nData: 24/11/2026\nDe: João <joao@example.pt>\n\n" + '\n'.join('> ' + l for l in by_label('pt', a, 'colon').split('\n'))
write('pt-forwarded-quoted', headers(n, 'pt', f"sender{n}@example.org", 'Enc: prática') + plain(body), exp('created', 'pt', expected_values('pt', a)))
n += 1; a = subset('sv', core_keys)
txt = by_key('sv', a)
mixed = ["Content-Type: multipart/mixed; boundary=\"mix\"", "", "--mix", "Content-Type: text/plain; charset=utf-8", "", "Hej, mallen bifogas.", "--mix",
         "Content-Type: text/plain; charset=utf-8; name=\"mall.txt\"", "Content-Disposition: attachment; filename=\"mall.txt\"", "Content-Transfer-Encoding: base64", "", base64.encodebytes(txt.encode()).decode(), "--mix--"]
write('sv-txt-attachment', headers(n, 'sv', f"sender{n}@example.org", 'Mall') + mixed, exp('created', 'sv', expected_values('sv', a)))
n += 1; a = subset('el', core_keys)
txt = by_label('el', a, 'colon')
mixed = ["Content-Type: multipart/mixed; boundary=\"mix\"", "", "--mix", "Content-Type: text/plain; charset=utf-8", "", "Καλημέρα, επισυνάπτω το υπόδειγμα.", "--mix",
         "Content-Type: text/plain; charset=iso-8859-7; name=\"protypo.txt\"", "Content-Disposition: attachment; filename=\"protypo.txt\"", "Content-Transfer-Encoding: base64", "", base64.encodebytes(txt.encode('iso-8859-7')).decode(), "--mix--"]
write('el-txt-attachment-iso-8859-7', headers(n, 'el', f"sender{n}@example.org", 'Υπόδειγμα') + mixed, exp('created', 'el', expected_values('el', a)))
n += 1; a = subset('fr', core_keys)
write('fr-windows-1252', headers(n, 'fr', f"sender{n}@example.org", 'Pratique') + plain(by_label('fr', a, 'colon'), 'windows-1252'), exp('created', 'fr', expected_values('fr', a)))
n += 1; a = subset('el', core_keys)
write('el-body-iso-8859-7', headers(n, 'el', f"sender{n}@example.org", 'Πρακτική') + plain(by_key('el', a), 'iso-8859-7'), exp('created', 'el', expected_values('el', a)))

def docx(paragraphs_xml):
    buf = io.BytesIO()
    z = zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED)
    z.writestr('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    z.writestr('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    z.writestr('word/document.xml', '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + paragraphs_xml + '</w:body></w:document>')
    z.close()
    return buf.getvalue()
def esc(t): return t.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
def para(t): return f'<w:p><w:r><w:t xml:space="preserve">{esc(t)}</w:t></w:r></w:p>'
def attach(name, data, ctype, text="See the attached file."):
    return ["Content-Type: multipart/mixed; boundary=\"mix\"", "", "--mix", "Content-Type: text/plain; charset=utf-8", "", text, "--mix",
            f"Content-Type: {ctype}; name=\"{name}\"", f"Content-Disposition: attachment; filename=\"{name}\"", "Content-Transfer-Encoding: base64", "", base64.encodebytes(data).decode(), "--mix--"]
DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

n += 1; a = subset('de', core_keys + ['lead_organisation_type'])
xml = para(f"REGIN-TEMPLATE v{Q['version']} lang=de")
for k, v in a.items():
    xml += para(f"[{KEY[k]}] {label(k, 'de')}") + f'<w:sdt><w:sdtPr><w:alias w:val="{KEY[k]}"/><w:tag w:val="{k}"/></w:sdtPr><w:sdtContent>{para(v)}</w:sdtContent></w:sdt>'
write('de-docx-content-controls', headers(n, 'de', f"sender{n}@example.org", 'Vorlage') + attach('vorlage.docx', docx(xml), DOCX, 'Anbei die Vorlage.'), exp('created', 'de', expected_values('de', a)))
n += 1; a = subset('es', core_keys)
rows = ''.join(f'<w:tr><w:tc>{para(label(k, "es"))}</w:tc><w:tc>{para(v)}</w:tc></w:tr>' for k, v in a.items())
write('es-docx-table', headers(n, 'es', f"sender{n}@example.org", 'Plantilla') + attach('plantilla.docx', docx(f'<w:tbl>{rows}</w:tbl>'), DOCX, 'Adjunto la plantilla.'), exp('created', 'es', expected_values('es', a)))
n += 1; a = subset('pt', core_keys)
write('pt-docx-label-lines', headers(n, 'pt', f"sender{n}@example.org", 'Modelo') + attach('modelo.docx', docx(''.join(para(f"{label(k, 'pt')}: {v}") for k, v in a.items())), DOCX, 'Em anexo.'),
      exp('created', 'pt', expected_values('pt', a)))

# 3. Mail that is never answered, and mail that cannot be read.
n += 1
write('auto-reply-out-of-office', headers(n, 'en', f"sender{n}@example.org", 'Automatic reply: REGIN', ["Auto-Submitted: auto-replied", "X-Autoreply: yes"]) + plain("I am out of the office until Monday."), exp('ignored', None, {}, detail='auto_reply'))
n += 1
bounce = ["Content-Type: multipart/report; report-type=delivery-status; boundary=\"rep\"", "", "--rep", "Content-Type: text/plain", "", "Delivery failed.", "--rep", "Content-Type: message/delivery-status", "", "Reporting-MTA: dns; mx.example.org", "", "Final-Recipient: rfc822; nobody@example.org", "Action: failed", "Status: 5.1.1", "--rep--"]
h = headers(n, 'en', "mailer-daemon@example.org", 'Undelivered Mail Returned to Sender', ["Return-Path: <>"])
write('bounce-dsn', h + bounce, exp('ignored', None, {}, detail='bounce'))
n += 1
write('mailing-list', headers(n, 'en', f"sender{n}@example.org", '[migration-list] newsletter', ["List-Id: <migration.lists.example.org>", "Precedence: list"]) + plain("Newsletter: [Q05] Title of the practice: not a contribution"), exp('ignored', None, {}, detail='list'))
n += 1
write('own-reply-looped', ["From: REGIN <reginproject@crpm.org>", "To: reginproject@crpm.org", "Subject: REGIN: your practice REGIN-0001", f"Message-ID: <regin.REGIN-0001.loop@crpm.org>", "Auto-Submitted: auto-replied", "MIME-Version: 1.0"] + plain("[Q05] Title of the practice: loop"), exp('ignored', None, {}, detail='own_mail'))
n += 1
write('empty-mail', headers(n, 'en', f"sender{n}@example.org", '') + plain(""), exp('needs_info', None, {}, detail='no_answers'))
n += 1
write('no-template-just-chat', headers(n, 'it', f"sender{n}@example.org", 'Informazioni') + plain("Buongiorno, vorrei sapere come partecipare al progetto. Grazie."), exp('needs_info', None, {}, detail='no_answers'))
n += 1; a = answers('it', complete=False)
keys = list(a.keys()); half = (len(keys) * 2) // 3
body = '\n'.join(f"{label(k, 'it')}: {a[k]}" if '\n' not in a[k] else f"{label(k, 'it')}:\n{a[k]}" for k in keys[:half]) + '\n' + '\n'.join(f"{label(k, 'en')}: {answers('en', False)[k]}" if '\n' not in answers('en', False)[k] else f"{label(k, 'en')}:\n{answers('en', False)[k]}" for k in keys[half:])
e = expected_values('it', {k: a[k] for k in keys[:half]})
write('mixed-it-en-template', headers(n, 'it', f"sender{n}@example.org", 'Scheda') + plain(body), exp('created', 'it', e, detail='mixed_languages'))
n += 1; a = subset('en', core_keys)
write('spoofed-sender-dkim-fail', headers(n, 'en', f"sender{n}@example.org", 'Practice', ["Authentication-Results: mx.crpm.org; dkim=fail reason=\"signature verification failed\" header.d=example.org; spf=softfail smtp.mailfrom=example.org; dmarc=fail"]) + plain(by_label('en', a, 'colon')),
      exp('created', 'en', expected_values('en', a), flags=['sender_not_authenticated']))
n += 1
write('malformed-mime', ["From: broken@example.org", "To: reginproject@crpm.org", "Subject: broken", "Message-ID: <fixture-malformed@example.org>", "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"never-closed\"", "Content-Transfer-Encoding: base64", "", "--never-closed", "Content-Type: text/plain; charset=no-such-charset", "Content-Transfer-Encoding: base64", "", "@@@ not base64 !!!", "--never"],
      exp('needs_info', None, {}))
n += 1
inner = '\r\n'.join(headers(100, 'en', "deep@example.org", 'innermost') + plain(by_key('en', subset('en', ['title']))))
for level in range(10):
    inner = '\r\n'.join([f"From: level{level}@example.org", "To: reginproject@crpm.org", f"Subject: level {level}", f"Message-ID: <nest-{level}@example.org>", "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"b%d\"" % level, "", "--b%d" % level, "Content-Type: text/plain", "", "see attached", "--b%d" % level, "Content-Type: message/rfc822", "", inner, "--b%d--" % level])
write('nested-rfc822-10-levels', headers(n, 'en', f"sender{n}@example.org", 'nested') + ["Content-Type: multipart/mixed; boundary=\"top\"", "", "--top", "Content-Type: text/plain", "", "nested", "--top", "Content-Type: message/rfc822", "", inner, "--top--"],
      exp('failed', None, {}, detail='nested_too_deep'))
n += 1
vba = io.BytesIO(); z = zipfile.ZipFile(vba, 'w'); z.writestr('[Content_Types].xml', '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'); z.writestr('word/vbaProject.bin', b'\0' * 64); z.close()
write('docm-macro-attachment', headers(n, 'en', f"sender{n}@example.org", 'template') + attach('template.docm', vba.getvalue(), 'application/vnd.ms-word.document.macroEnabled.12'), exp('failed', None, {}, detail='docx_macro'))
n += 1
cfb = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + b'\0' * 504
write('password-protected-docx', headers(n, 'fr', f"sender{n}@example.org", 'modèle') + attach('modele.docx', cfb, DOCX), exp('failed', None, {}, detail='docx_encrypted'))
n += 1
bomb = io.BytesIO(); z = zipfile.ZipFile(bomb, 'w', zipfile.ZIP_DEFLATED); z.writestr('[Content_Types].xml', '<Types/>'); z.writestr('word/document.xml', b'<' + b' ' * (60 * 1024 * 1024)); z.close()
write('zip-bomb-docx', headers(n, 'en', f"sender{n}@example.org", 'template') + attach('template.docx', bomb.getvalue(), DOCX), exp('failed', None, {}, detail='docx_zip_bomb'))
n += 1; a = subset('en', ['title', 'country', 'region', 'start_date'])
a['end_date'] = '2010'; a['contact_email'] = 'not an address'
e = expected_values('en', {k: a[k] for k in ['title', 'country', 'region', 'start_date']})
write('en-invalid-answers', headers(n, 'en', f"sender{n}@example.org", 'Practice') + plain(by_key('en', a)), exp('created', 'en', e, invalid=['end_date', 'contact_email']))
n += 1; a = subset('sv', core_keys)
write('sv-no-message-id', headers(n, 'sv', f"sender{n}@example.org", 'Insats', mid=False) + plain(by_key('sv', a, with_labels=False)), exp('created', None, expected_values('sv', a)))
n += 1; a = subset('en', core_keys)
write('en-wrapped-long-labels', headers(n, 'en', f"sender{n}@example.org", 'Practice') + plain(wrap(by_label('en', dict(a, description='Newcomers could not find their way to services.'), 'colon'), 30)),
      exp('created', 'en', dict(expected_values('en', a), description=None)))
print(n, 'mails written to', OUT)
