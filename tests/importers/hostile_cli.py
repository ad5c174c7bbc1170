#!/usr/bin/python3
"""Hostile uploads through the real command line: each must be refused (exit 1, status
"rejected", the expected problem code) within a time and memory bound.

    /usr/bin/python3 tests/importers/hostile_cli.py --ipsurvey build/ipsurvey [--sanitized]

The inputs are built here, in a temporary folder, with zlib; nothing is downloaded. For each
case it runs `ipsurvey cells FILE --json` as a child and reads the child's peak RSS and CPU time
from wait4(). The bound is 2 s of wall time and 64 MiB of peak RSS beyond the baseline (the same
command on a small valid workbook). With --sanitized (an ASan/UBSan build) time is allowed 5x and
memory is not checked, since the sanitizers' own overhead dominates.
Prints one line per case and `N passed, M failed`; exits 1 if any case failed.
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib


def crc(data):
    return zlib.crc32(data) & 0xFFFFFFFF


def zip_bytes(parts, fake_sizes=None):
    """parts: list of (name, raw bytes or (deflated bytes, real size, crc))."""
    out, central = bytearray(), bytearray()
    for name, data in parts:
        nb = name.encode()
        if isinstance(data, tuple):
            body, size, c = data
        else:
            size, c = len(data), crc(data)
            co = zlib.compressobj(6, zlib.DEFLATED, -15)
            body = co.compress(data) + co.flush()
        if fake_sizes and name in fake_sizes:
            size = fake_sizes[name]
        off = len(out)
        out += struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, 8, 0, 0x21, c, len(body), size, len(nb), 0) + nb + body
        central += struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0, 8, 0, 0x21, c, len(body), size,
                               len(nb), 0, 0, 0, 0, 0, off) + nb
    cd = len(out)
    out += central + struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, len(parts), len(parts), len(central), cd, 0)
    return bytes(out)


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def xlsx(sheet_xml, extra=()):
    parts = [
        ('[Content_Types].xml', b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
        ('_rels/.rels', b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        ('xl/workbook.xml', ('<workbook %s><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>' % NS).encode()),
        ('xl/_rels/workbook.xml.rels', b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                       b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    ]
    parts += list(extra)
    if isinstance(sheet_xml, str):
        sheet_xml = sheet_xml.encode()  # a tuple is an already deflated part
    parts.append(('xl/worksheets/sheet1.xml', sheet_xml))
    return zip_bytes(parts)


def sheet(data):
    return '<worksheet %s><sheetData>%s</sheetData></worksheet>' % (NS, data)


def deflated_zeros(total, head=b'', fill=b'\0'):
    """A deflate stream of `head` then `fill` bytes up to `total`, built without holding them."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = fill * ((1 << 20) // len(fill))
    body = bytearray(co.compress(head))
    c = zlib.crc32(head)
    count = (total - len(head)) // len(chunk)
    for _ in range(count):
        body += co.compress(chunk)
        c = zlib.crc32(chunk, c)
    body += co.flush()
    return bytes(body), len(head) + count * len(chunk), c & 0xFFFFFFFF


def cases():
    laughs = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">' + ''.join(
        '<!ENTITY %s "%s">' % (chr(98 + i), ('&%s;' % chr(97 + i)) * 10) for i in range(9)) + ']>'
    yield 'billion laughs in a sheet', xlsx(laughs + '<worksheet %s><sheetData><row><c t="inlineStr"><is><t>&j;</t></is></c></row></sheetData></worksheet>' % NS), 'xml.doctype'
    yield 'XXE file:///etc/passwd', xlsx('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + sheet('<row><c t="inlineStr"><is><t>&x;</t></is></c></row>')), 'xml.doctype'
    yield 'external parameter entity', xlsx('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY % p SYSTEM "http://127.0.0.1:9/e.dtd"> %p;]>' + sheet('')), 'xml.doctype'
    yield 'zip bomb (1 GiB of zeros in one part)', xlsx(deflated_zeros(1 << 30)), None
    body, size, c = deflated_zeros(1 << 30)
    yield 'zip bomb declaring 1 KiB (real bytes counted)', xlsx((body, 1024, c)), 'zip.size_mismatch'
    body, size, c = deflated_zeros(150 << 20, ('<worksheet %s><sheetData>' % NS).encode(), b'<a/>')
    yield 'zip bomb under the cap, ratio ~1000:1', xlsx((body, size, c)), 'zip.ratio'
    yield 'sheet inflating past the cap', xlsx(b''), None  # placeholder replaced below
    yield 'nesting 100,000 deep', xlsx('<worksheet %s>' % NS + '<a>' * 100000 + '</a>' * 100000 + '</worksheet>'), 'xml.too_deep'
    yield '12 MB text node', xlsx(sheet('<row><c t="inlineStr"><is><t>' + 'x' * 12_000_000 + '</t></is></c></row>')), 'xml.text_too_long'
    yield 'cell reference past XFD1048576', xlsx(sheet('<row><c r="XFE1048577"><v>1</v></c></row>')), 'cell.out_of_range'
    yield 'shared-string index out of range', xlsx(sheet('<row><c t="s"><v>99999999</v></c></row>')), 'sst.index_out_of_range'
    yield 'invalid UTF-8', xlsx(b'<worksheet ' + NS.encode() + b'><sheetData><row><c t="inlineStr"><is><t>\xff\xfe</t></is></c></row></sheetData></worksheet>'), 'xml.encoding'
    yield 'truncated workbook', xlsx(sheet('<row><c><v>1</v></c></row>'))[:-300], None
    yield 'empty file', b'', 'file.empty'
    yield 'renamed PDF', b'%PDF-1.7\n1 0 obj\n<<>>\nendobj\n', 'file.pdf'
    yield 'renamed HTML', b'<html><body><table><tr><td>1</td></tr></table></body></html>', 'file.html'
    yield 'OLE2 (.xls / encrypted)', b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\0' * 4096, 'file.ole2'


def run(binary, path):
    """Runs the command under GNU time, whose own small process forks it, so that the peak RSS
    is ipsurvey's alone (a child forked from this Python process would start with its pages)."""
    with tempfile.NamedTemporaryFile('r') as rss_file:
        t0 = time.monotonic()
        proc = subprocess.run(['/usr/bin/time', '-f', '%M', '-o', rss_file.name, binary, 'cells', path, '--json'],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        wall = time.monotonic() - t0
        lines = [l for l in rss_file.read().split('\n') if l.strip().isdigit()]
    rss_kib = int(lines[-1]) if lines else 0
    return proc.returncode, proc.stdout, wall, rss_kib / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--ipsurvey', required=True)
    ap.add_argument('--sanitized', action='store_true')
    args = ap.parse_args()
    time_limit = 2.0 * (5 if args.sanitized else 1)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        ok_path = os.path.join(tmp, 'ok.xlsx')
        with open(ok_path, 'wb') as f:
            f.write(xlsx(sheet('<row><c><v>1</v></c></row>')))
        code, _, _, base_rss = run(args.ipsurvey, ok_path)
        if code != 0:
            print('baseline workbook was not read (exit %d)' % code)
            return 1
        for name, data, want in cases():
            if name == 'sheet inflating past the cap':
                # 250 MiB of a repetitive but plausible sheet (ratio far below the guard).
                row = ''.join('<c><v>%d</v></c>' % i for i in range(40))
                body = ('<worksheet %s><sheetData>' % NS).encode()
                co = zlib.compressobj(1, zlib.DEFLATED, -15)
                comp = bytearray(co.compress(body))
                c = zlib.crc32(body)
                total = len(body)
                import random
                rnd = random.Random(7)
                while total < 250 << 20:
                    chunk = ''.join('<row r="%d">%s</row>' % (rnd.randint(1, 10**6), row) for _ in range(200)).encode()
                    comp += co.compress(chunk)
                    c = zlib.crc32(chunk, c)
                    total += len(chunk)
                comp += co.flush()
                data = xlsx((bytes(comp), total, c & 0xFFFFFFFF))
                want = 'zip.too_large'
            path = os.path.join(tmp, 'case.bin')
            with open(path, 'wb') as f:
                f.write(data)
            code, out, wall, rss = run(args.ipsurvey, path)
            problems = []
            try:
                doc = json.loads(out)
                status = doc.get('status')
                problems = [p['code'] for p in doc.get('problems', []) if p.get('severity') == 'error']
            except ValueError:
                status = 'invalid-json'
            reasons = []
            if code != 1 or status != 'rejected' or not problems:
                reasons.append('exit %d, status %s' % (code, status))
            if want and want not in problems:
                reasons.append('expected %s, got %s' % (want, ','.join(problems)))
            if wall > time_limit:
                reasons.append('took %.2f s' % wall)
            if not args.sanitized and rss - base_rss > 64:  # MiB
                reasons.append('peak RSS %.0f MiB over the baseline' % (rss - base_rss))
            line = '%-40s %-24s %6.2f s %7.1f MiB (+%.1f)' % (name, ','.join(problems)[:24], wall, rss, rss - base_rss)
            if reasons:
                failed += 1
                print('FAIL ' + line + '  ' + '; '.join(reasons))
            else:
                passed += 1
                print('ok   ' + line)
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
