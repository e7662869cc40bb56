/** The recognisers under every checklist detector: text decoding, tables, dates, identifiers, names, ages. */
import { describe, expect, it } from 'vitest';
import { parseDelimited, parseTable } from '../../src/checklist/tables/parse-table.js';
import { formatTable } from '../../src/checklist/tables/write-table.js';
import { parseAge } from '../../src/checklist/values/ages.js';
import { excelSerialToDate, findDatesInText, formatIsoDate, parseCompactDate, parseDateValue, shiftDate, yearsBetween } from '../../src/checklist/values/dates.js';
import { decodeText } from '../../src/checklist/values/decode-text.js';
import { findDicomUids, findIdentifiersInText, isValidBsn } from '../../src/checklist/values/identifiers.js';
import { findNamesInText, looksLikePersonName } from '../../src/checklist/values/person-names.js';
import { findTextHits, redactText } from '../../src/checklist/values/text-hits.js';
import { maskValue } from '../../src/checklist/findings.js';

const day = (year: number, month: number, dayOfMonth: number, time: string | null = null) => ({ year, month, day: dayOfMonth, time });

describe('decodeText', () => {
  it('reads UTF-8 with and without a BOM, UTF-16 with one, and falls back to windows-1252', () => {
    expect(decodeText(Buffer.from('\ufeffJérôme', 'utf8'))).toEqual({ text: 'Jérôme', encoding: 'utf-8', bom: true });
    expect(decodeText(Buffer.from('Jérôme', 'utf8'))).toEqual({ text: 'Jérôme', encoding: 'utf-8', bom: false });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('naam', 'utf16le')]))).toMatchObject({ text: 'naam', encoding: 'utf-16le' });
    // "Jérôme €5" as Excel on Windows writes it: é, ô and € are single bytes that are not valid UTF-8.
    expect(decodeText(Buffer.from([0x4a, 0xe9, 0x72, 0xf4, 0x6d, 0x65, 0x20, 0x80, 0x35]))).toEqual({ text: 'Jérôme €5', encoding: 'windows-1252', bom: false });
  });
});

describe('tables', () => {
  it('parses quoted CSV cells holding delimiters, quotes and line breaks', () => {
    expect(parseDelimited('id,note\r\n1,"a, b"\n2,"say ""hi""\nnext line"\n', ',')).toEqual([
      ['id', 'note'],
      ['1', 'a, b'],
      ['2', 'say "hi"\nnext line'],
    ]);
  });

  it('guesses ; for Dutch Excel CSV, tab for TSV, and pads short rows', () => {
    const csv = parseTable(Buffer.from('pp;naam;leeftijd\n1;"de Vries; Jan";34\n2\n'), 'lijst.csv');
    expect(csv.delimiter).toBe(';');
    expect(csv.rows).toEqual([['1', 'de Vries; Jan', '34'], ['2', '', '']]);
    const tsv = parseTable(Buffer.from('participant_id\tage\nsub-01\t34\n'), 'participants.tsv');
    expect(tsv).toMatchObject({ delimiter: '\t', header: ['participant_id', 'age'], rows: [['sub-01', '34']] });
  });

  it('reads a windows-1252 TSV with a BOM-less header and keeps accented names', () => {
    const bytes = Buffer.concat([Buffer.from('participant_id\tnaam\nsub-01\t'), Buffer.from([0x4a, 0xe9, 0x72, 0xf4, 0x6d, 0x65]), Buffer.from('\n')]);
    const table = parseTable(bytes, 'participants.tsv');
    expect(table.encoding).toBe('windows-1252');
    expect(table.rows[0]).toEqual(['sub-01', 'Jérôme']);
  });

  it('writes back unchanged TSV byte for byte, and quotes only where needed', () => {
    const text = 'participant_id\tage\tsex\nsub-01\t34\tF\nsub-02\tn/a\tM\n';
    expect(formatTable(parseTable(Buffer.from(text), 'participants.tsv'))).toBe(text);
    expect(formatTable({ header: ['id', 'note'], rows: [['1', 'a, "b"']], delimiter: ',', lineEnding: '\r\n' })).toBe('id,note\r\n1,"a, ""b"""\r\n');
  });
});

describe('dates', () => {
  it.each([
    ['2021-03-04', day(2021, 3, 4), 'iso'],
    ['2021/03/04', day(2021, 3, 4), 'iso'],
    ['2022-04-07T15:04:41.525000', day(2022, 4, 7, '15:04:41.525000'), 'iso'],
    ['04-03-2021', day(2021, 3, 4), 'day-first'],
    ['4/3/2021', day(2021, 3, 4), 'day-first'],
    ['04.03.2021', day(2021, 3, 4), 'day-first'],
    ['12/31/2021', day(2021, 12, 31), 'month-first'],
    ['4 March 2021', day(2021, 3, 4), 'month-name'],
    ['4 maart 2021', day(2021, 3, 4), 'month-name'],
    ['Mar 4, 2021', day(2021, 3, 4), 'month-name'],
    ['04-Mar-2021', day(2021, 3, 4), 'month-name'],
  ])('reads %s', (text, date, format) => {
    expect(parseDateValue(text)).toEqual({ date, format });
  });

  it('reads compact dates, Excel serials and two-digit years only when asked (they are numbers too)', () => {
    expect(parseDateValue('20210304')).toBeNull();
    expect(parseDateValue('20210304', { compact: true })).toEqual({ date: day(2021, 3, 4), format: 'compact' });
    expect(parseCompactDate('20220407150138')?.date).toEqual(day(2022, 4, 7, '15:01:38'));
    expect(parseCompactDate('20221340')).toBeNull();
    expect(parseCompactDate('20220407256000')).toBeNull();
    expect(parseDateValue('44259')).toBeNull();
    expect(parseDateValue('44259', { excelSerial: true })).toEqual({ date: day(2021, 3, 4), format: 'excel-serial' });
    expect(excelSerialToDate(44259.5)).toEqual(day(2021, 3, 4, '12:00:00'));
    expect(excelSerialToDate(25569)).toEqual(day(1970, 1, 1));
    expect(parseDateValue('4-3-21', { twoDigitYears: true })?.date).toEqual(day(2021, 3, 4));
  });

  it('refuses impossible days and numbers that only look like dates', () => {
    expect(parseDateValue('2023-02-29')).toBeNull();
    expect(parseDateValue('31-04-2021')).toBeNull();
    expect(findDatesInText('v1.0.20220720 and 1.3.12.2.1107.5.2.43.67060.2022040715044210837860713')).toEqual([]);
    expect(findDatesInText('TE=2.4;Time=120517.042')).toEqual([]);
  });

  it('finds dates inside free text with their places', () => {
    const text = 'Seen on 4 maart 2021, again 2021-03-18 and on 18/03/2021.';
    expect(findDatesInText(text).map(({ start, end }) => text.slice(start, end))).toEqual(['4 maart 2021', '2021-03-18', '18/03/2021']);
  });

  it('shifts by whole days keeping the time, formats ISO, and computes ages in years', () => {
    expect(shiftDate(day(2021, 3, 1), -1)).toEqual(day(2021, 2, 28));
    expect(formatIsoDate(shiftDate(day(2024, 2, 29, '10:20:30'), 365))).toBe('2025-02-28T10:20:30');
    expect(yearsBetween(day(1990, 5, 10), day(2021, 5, 9))).toBe(30);
    expect(yearsBetween(day(1990, 5, 10), day(2021, 5, 10))).toBe(31);
  });
});

describe('identifiers', () => {
  it('checks BSNs with the 11-proof', () => {
    expect(isValidBsn('111222333')).toBe(true);
    expect(isValidBsn('123456782')).toBe(true);
    expect(isValidBsn('123456789')).toBe(false);
    expect(isValidBsn('000000000')).toBe(false);
  });

  it.each([
    ['mail j.devries@example.org now', 'email', 'j.devries@example.org'],
    ['bel 06-12345678', 'phone', '06-12345678'],
    ['+31 6 1234 5678', 'phone', '+31 6 1234 5678'],
    ['(024) 361 0000', 'phone', '(024) 361 0000'],
    ['BSN 111222333.', 'national-id', '111222333'],
    ['SSN 078-05-1120', 'national-id', '078-05-1120'],
    ['Kapittelweg 29, Nijmegen', 'address', 'Kapittelweg 29'],
    ['postcode 6525 EN', 'address', '6525 EN'],
    ['prolific 5f1a2b3c4d5e6f7a8b9c0d1e', 'pool-id', '5f1a2b3c4d5e6f7a8b9c0d1e'],
    ['worker A1B2C3D4E5F6G7', 'pool-id', 'A1B2C3D4E5F6G7'],
    ['uid 1.3.12.2.1107.5.2.43.67060.2022040715044210837860713.0.0.0', 'dicom-uid', '1.3.12.2.1107.5.2.43.67060.2022040715044210837860713.0.0.0'],
  ])('finds %s', (text, kind, value) => {
    expect(findIdentifiersInText(text)).toEqual([expect.objectContaining({ kind, value })]);
  });

  it('leaves numbers alone that are not identifiers', () => {
    for (const text of ['EchoTime 0.00246', 'n = 123456789', 'reaction times 1234 5678 9012', '1000 MB', 'scores 12 14 16 18 20', 'sha 9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b']) {
      expect(findIdentifiersInText(text), text).toEqual([]);
    }
  });

  it('finds UIDs in DCCN file names', () => {
    expect(findDicomUids('00001_1.3.12.2.1107.5.2.19.45416.2025010112000011.nii')).toEqual(['1.3.12.2.1107.5.2.19.45416.2025010112000011']);
    expect(findDicomUids('sub-01_T1w.nii.gz')).toEqual([]);
  });
});

describe('person names', () => {
  it('recognises name-shaped values', () => {
    for (const name of ['Jan de Vries', 'J.M. van der Berg', 'Vries^Jan', 'Anna Smith']) expect(looksLikePersonName(name), name).toBe(true);
    for (const other of ['control', 'sub-01', 'Maria', 'right', 'n/a']) expect(looksLikePersonName(other), other).toBe(false);
  });

  it('finds names in free text by title, first name, DICOM form, and the names the dataset lists', () => {
    const found = (text: string, known: string[] = []) => findNamesInText(text, new Set(known)).map((hit) => hit.value);
    expect(found('Scan stopped by Dr. K. Jansen; Jan de Vries felt dizzy.')).toEqual(['Dr. K. Jansen', 'Jan de Vries']);
    expect(found('mevr. van den Berg belde terug')).toEqual(['mevr. van den Berg']);
    expect(found('ProcedureStep Rorden^Rorden_Prisma')).toEqual(['Rorden^Rorden']);
    expect(found('Her brother Bakker drove her home', ['Piet Bakker'])).toEqual(['Bakker']);
    expect(found('Adaptive Combine, 200 ms Delay, The Participant arrived')).toEqual([]);
  });
});

describe('ages', () => {
  it('reads plain, decimal-comma, DICOM and top-coded ages', () => {
    expect(parseAge('34')).toEqual({ years: 34, topCoded: false });
    expect(parseAge('23,5')).toEqual({ years: 23.5, topCoded: false });
    expect(parseAge('034Y')).toEqual({ years: 34, topCoded: false });
    expect(parseAge('006M')).toEqual({ years: 0.5, topCoded: false });
    expect(parseAge('89+')).toEqual({ years: 89, topCoded: true });
    expect(parseAge('n/a')).toBeNull();
    expect(parseAge('right')).toBeNull();
  });
});

describe('text hits and masking', () => {
  it('redacts every identifier and real date in free text, leaving shifted dates', () => {
    const text = 'Jan de Vries (06-12345678) came on 2021-03-04; shifted 1921-03-04.';
    const hits = findTextHits(text, new Set());
    expect(hits.map((hit) => hit.kind)).toEqual(['name', 'phone', 'date']);
    expect(redactText(text, hits)).toBe('[removed] ([removed]) came on [removed]; shifted 1921-03-04.');
  });

  it('masks values to two characters and a length', () => {
    expect(maskValue('jan.devries@example.org')).toBe('ja… (23 characters)');
    expect(maskValue('HFS')).toBe('… (3 characters)');
  });
});
