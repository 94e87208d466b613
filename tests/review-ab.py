#!/usr/bin/env python3
"""tests/review-ab.sh's client: signs in to a running host as an admin, then times each row RUNS times (exports RUNS/10,
at least 3) after one warm-up, sequential, on one keep-alive connection; prints p50, p99 (of 100: the 99th) and each
as a ratio to GET /livez's p50, p99 from the same run, with the list's "found" count. Usage: HOST PORT EMAIL PASSWORD RUNS LABEL [ONLY]."""
import http.client, re, sys, time, urllib.parse, json, os
host, port, email, password, runs, label = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6]
only = sys.argv[7].split(',') if len(sys.argv) > 7 and sys.argv[7] else None
cookies = {}
conn = http.client.HTTPConnection(host, port, timeout=600)
headed = [0.0]  # when the last response's status and headers had come (perf_counter): an export's first bytes
def req(method, path, body=None, headers=None):
    h = dict(headers or {})
    if cookies: h['Cookie'] = '; '.join(f'{k}={v}' for k, v in cookies.items())
    conn.request(method, path, body=body, headers=h)
    r = conn.getresponse(); headed[0] = time.perf_counter(); data = r.read()
    for k, v in r.getheaders():
        if k.lower() == 'set-cookie':
            n, _, rest = v.partition('='); cookies[n] = rest.split(';')[0]
    return r.status, data
s, form = req('GET', '/review/sign-in')
token = re.search(rb'name="__RequestVerificationToken" value="([^"]+)"', form).group(1).decode()
import html
body = urllib.parse.urlencode({'__RequestVerificationToken': html.unescape(token), 'email': email, 'password': password, 'returnUrl': '/review'})
s, _ = req('POST', '/review/sign-in', body, {'Content-Type': 'application/x-www-form-urlencoded'})
assert s == 302, s
q = urllib.parse.quote
rows = [
 ('livez', '/livez'),
 ('list, first page (50)', '/review?size=50'),
 ('list, page 100, sorted by update', '/review?size=50&page=100&sort=updated&dir=desc'),
 ('list, first page, sorted by update', '/review?size=50&sort=updated&dir=desc'),
 ('list, sorted by title', '/review?size=50&sort=title'),
 ('list, filter country+area+status', '/review?country=IT&area=education&status=submitted'),
 # Session 52's date filter (a database seeded on 2026-12-07 holds changes from 2025-12 to 2027-01).
 ('list, dates: changed in June', '/review?size=50&from=2026-06-01&to=2026-06-30'),
 ('list, dates: changed in June, by update', '/review?size=50&from=2026-06-01&to=2026-06-30&sort=updated&dir=desc'),
 ('list, dates: changed on one day', '/review?size=50&from=2026-06-15&to=2026-06-15'),
 ('list, dates: changed in the whole year', '/review?size=50&from=2025-01-01&to=2027-12-31'),
 ('list, dates: submitted in June', '/review?size=50&dates=submitted&from=2026-06-01&to=2026-06-30'),
 ('list, dates: submitted on one day + status', '/review?size=50&dates=submitted&from=2026-06-15&to=2026-06-15&status=approved'),
 ('list, region by a name of several: Μακεδονία', '/review?region=' + q('Μακεδονία')),
 ('list, region by a name of several + status', '/review?region=' + q('Μακεδονία') + '&status=submitted'),
 ('search en: peer communicators', '/review?q=' + q('peer communicators')),
 ('search en: robotics', '/review?q=robotics'),
 ('search en: mentor + status, by update', '/review?q=mentor&status=approved&sort=updated&dir=desc'),
 ('search de: Düsseldorf', '/review?q=' + q('Düsseldorf')),
 ('search de: dusseldorf', '/review?q=dusseldorf'),
 ('search de: duesseldorf', '/review?q=duesseldorf'),
 ('search de: Gesundheit Frauen', '/review?q=' + q('Gesundheit Frauen')),
 ('search el: Εκπαίδευση', '/review?q=' + q('Εκπαίδευση')),
 ('search el: εκπαιδευση', '/review?q=' + q('εκπαιδευση')),
 ('search fr: Santé', '/review?q=' + q('Santé')),
 ('search fr: sante', '/review?q=sante'),
 ('search fr: Liège', '/review?q=' + q('Liège')),
 ('search fr: liege', '/review?q=liege'),
 ('search sv: Småland', '/review?q=' + q('Småland')),
 ('search sv: Hälsa', '/review?q=' + q('Hälsa')),
 ('search sv: halsa', '/review?q=halsa'),
 ('search es: Educación', '/review?q=' + q('Educación')),
 ('search es: educacion', '/review?q=educacion'),
 ('search it: salute donne', '/review?q=' + q('salute donne')),
 ('search pt: Saúde mulheres', '/review?q=' + q('Saúde mulheres')),
 ('search pt: saude mulheres', '/review?q=' + q('saude mulheres')),
 ('search it: comunità', '/review?q=' + q('comunità')),
 ('search it: comunita', '/review?q=comunita'),
 ('search: a reference', '/review?q=REGIN-4242'),
 ('search: no match', '/review?q=zzyzx'),
 ('export JSON, approved', '/review/export/download?format=json&status=approved'),
 ('export CSV + labels (fr), approved', '/review/export/download?format=csv&lang=fr&status=approved'),
 ('export GeoJSON (map), approved', '/review/export/download?format=geojson&status=approved'),
 ('export regions (map), all', '/review/export/download?format=regions'),
]
total_re = re.compile(rb'id="total">([0-9]+\+?) found')
out = []
base = None
for name, path in rows:
    if only and 'day' in only and len(only) == 1 and name != 'livez': continue
    if only and name != 'livez' and not any(w in name for w in only): continue
    n = max(3, runs // 10) if 'export' in name else runs
    times = []; found = ''; size = 0
    for i in range(n + 1):
        t = time.perf_counter(); s, data = req('GET', path); dt = (time.perf_counter() - t) * 1000
        assert s == 200, (path, s)
        if i: times.append(dt)
        m = total_re.search(data); found = m.group(1).decode() if m else ''; size = len(data)
    times.sort()
    p50 = times[len(times) // 2]; p99 = times[min(len(times) - 1, int(len(times) * 0.99 + 0.999) - 1)]
    if base is None: base = (p50, p99)
    out.append(dict(build=label, row=name, n=n, p50=p50, p99=p99, r50=p50 / base[0], r99=p99 / base[1], found=found, bytes=size))
    print(f'{label:5} | {name:38} | n={n:3} | p50 {p50:9.2f} | p99 {p99:9.2f} | ×livez p50 {p50/base[0]:8.1f} p99 {p99/base[1]:7.1f} | found {found:7} | {size:,}', flush=True)

# ONLY "day" (session 54): a researcher's day, RUNS // 5 times (at least 3), each on another submitted French practice of
# the filtered list: three searches, the filter, the practice, an answer fixed, two aspects assessed, more asked for, the
# practice approved (each POST alone, its redirect not followed; the page read again for the next form's version), the
# exports of a status. It writes: run it on a copy of the seeded database.
def form_fields(page):
    token = re.search(rb'name="__RequestVerificationToken" value="([^"]+)"', page).group(1).decode()
    version = re.search(rb'name="version" value="([^"]+)"', page).group(1).decode()
    return {'__RequestVerificationToken': html.unescape(token), 'version': html.unescape(version)}
def post(path, fields):
    return req('POST', path, urllib.parse.urlencode(fields), {'Content-Type': 'application/x-www-form-urlencoded'})
if only and 'day' in only:
    days = max(3, runs // 5)
    steps = {}
    def timed(step, method, path, fields=None, expect=(200,)):
        t = time.perf_counter()
        s, data = req('GET', path) if method == 'GET' else post(path, fields)
        dt = (time.perf_counter() - t) * 1000
        assert s in expect, (step, path, s, data[:300])
        steps.setdefault(step, []).append((dt, total_re.search(data).group(1).decode() if total_re.search(data) else '', len(data)))
        if 'export' in step: steps.setdefault(step + ', headers', []).append(((headed[0] - t) * 1000, '', 0))
        return data
    listed = req('GET', '/review?size=50&country=FR&status=submitted')[1]
    references = list(dict.fromkeys(re.findall(rb'/review/practices/(REGIN-[0-9]+)', listed)))
    assert len(references) >= days, len(references)
    for day in range(days + 1):
        for word in ('Santé', 'Gesundheit', 'Εκπαίδευση'):
            timed('search ' + word, 'GET', '/review?q=' + q(word))
        timed('filter country FR + status submitted', 'GET', '/review?size=50&country=FR&status=submitted')
        path = '/review/practices/' + references[day].decode()
        page = timed('open a practice', 'GET', path)
        timed('fix an answer (title)', 'POST', path + '/answers/title', {**form_fields(page), 'text': f'Atelier santé des femmes, quartier nord ({day})', 'reason': 'faute de frappe'}, (302,))
        page = timed('the practice again', 'GET', path)
        timed('assess two aspects', 'POST', path + '/assessment', {**form_fields(page),
            'inspiring_communication': 'Médiatrices qui parlent arabe et dari', 'improvement_communication': 'Pas de brochure écrite',
            'inspiring_inclusion': 'Garde d\'enfants pendant les ateliers'}, (302,))
        page = req('GET', path)[1]
        timed('ask for more', 'POST', path + '/request-changes', {**form_fields(page), 'message': 'Pouvez-vous préciser le budget annuel ?'}, (302,))
        page = req('GET', path)[1]
        timed('approve', 'POST', path + '/status', {**form_fields(page), 'status': 'approved', 'reason': 'complet'}, (302,))
        timed('export CSV (fr), needs changes', 'GET', '/review/export/download?format=csv&lang=fr&status=needs_changes')
        timed('export JSON, needs changes', 'GET', '/review/export/download?format=json&status=needs_changes')
        if day == 0: steps.clear()
    for step, values in steps.items():
        times = sorted(v[0] for v in values)
        p50 = times[len(times) // 2]; p99 = times[-1]
        out.append(dict(build=label, row='day: ' + step, n=len(times), p50=p50, p99=p99, r50=p50 / base[0], r99=p99 / base[1], found=values[-1][1], bytes=values[-1][2]))
        print(f'{label:5} | day: {step:33} | n={len(times):3} | p50 {p50:9.2f} | max {p99:9.2f} | ×livez p50 {p50/base[0]:8.1f} | found {values[-1][1]:7} | {values[-1][2]:,}', flush=True)
with open(os.environ.get('DRIVE_OUT', '/tmp/review-ab.jsonl'), 'a') as f:
    for o in out: f.write(json.dumps(o, ensure_ascii=False) + '\n')
