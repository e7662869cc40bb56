/** The transformations of the publication copy, each on synthetic tables, sidecars and headers. */
import { describe, expect, it } from 'vitest';
import { classifyTableColumns } from '../../src/checklist/detectors/table-findings.js';
import { kAnonymityReport } from '../../src/checklist/k-anonymity.js';
import { DEFAULT_GENERALIZATION, type GeneralizationChoices } from '../../src/checklist/state/checklist-state.js';
import { parseTable, type Table } from '../../src/checklist/tables/parse-table.js';
import { DateShifter } from '../../src/checklist/transforms/date-shifter.js';
import { generalizeYears } from '../../src/checklist/transforms/generalize-values.js';
import { gunzipFile, gzipWithoutNameOrTime } from '../../src/checklist/transforms/gzip-clean.js';
import { scrubNiftiBytes } from '../../src/checklist/transforms/nifti-scrub.js';
import { planRenames, referenceRewriter, stemTemplate } from '../../src/checklist/transforms/rename-paths.js';
import { scrubSidecar, type SidecarScrubContext } from '../../src/checklist/transforms/sidecar-scrub.js';
import { transformTable, type TableTransformContext } from '../../src/checklist/transforms/table-transform.js';
import type { CalendarDate } from '../../src/checklist/values/dates.js';
import { parseNifti } from '../../src/nifti/index.js';
import { readNiftiTextFields } from '../../src/checklist/files/nifti-text-fields.js';
import { gzipWithStoredName, tinyNifti } from '../fixtures/checklist-fixtures.js';
import { encodeNifti } from '../fixtures/nifti-encode.js';
import { gzipSync } from 'node:zlib';

const day = (year: number, month: number, dayOfMonth: number): CalendarDate => ({ year, month, day: dayOfMonth, time: null });
/** Offsets are fixed in tests: the random extra is always 0 weeks, so every date moves back 73,052 days (2021-03-04 → 1821-03-01). */
const fixedShifter = () => new DateShifter(() => 0);

function tableContext(table: Table, overrides: Partial<TableTransformContext> = {}): TableTransformContext {
  return {
    roles: classifyTableColumns(table),
    choices: DEFAULT_GENERALIZATION,
    droppedColumns: new Set(),
    knownNames: new Set(),
    shifter: fixedShifter(),
    pathParticipant: null,
    firstDates: new Map(),
    today: day(2026, 1, 1),
    rewriteReference: () => null,
    ...overrides,
  };
}

const tsv = (text: string, name = 'participants.tsv') => parseTable(Buffer.from(text), name);

describe('table transform', () => {
  const participants = tsv(
    [
      'participant_id\tname\temail\tdob\tage\tsex\tvisit\tnotes',
      'sub-01\tJan de Vries\tjan@example.org\t06-06-1970\t23.7\tM\t44259\tJan de Vries called 06-12345678',
      'sub-02\tPiet Bakker\tpiet@example.org\t1950-01-31\t93\tF\t2021-05-06\tn/a',
    ].join('\n'),
  );

  it('removes direct identifiers, keeps the birth year, top-codes ages, shifts dates and redacts free text', () => {
    const { table, changes } = transformTable(participants, tableContext(participants, { knownNames: new Set(['Jan de Vries', 'Piet Bakker']) }));
    expect(table.header).toEqual(['participant_id', 'birth_year', 'age', 'sex', 'visit', 'notes']);
    expect(table.rows).toEqual([
      ['sub-01', '1970', '23', 'M', '1821-03-01', '[removed] called [removed]'],
      ['sub-02', '1950', '89+', 'F', '1821-05-03', 'n/a'],
    ]);
    expect(changes.map((change) => `${change.column}: ${change.action}`)).toEqual([
      'name: removed (names)',
      'email: removed (e-mail addresses)',
      'dob: date of birth → birth year (as birth_year)',
      'age: ages → whole years, 89+',
      'visit: dates shifted to 1925 or earlier (one offset per participant)',
      'notes: identifiers in cells removed',
    ]);
  });

  it('turns a date of birth into an age at the row’s own date, else the first acquisition, else today; bands on request', () => {
    const table = tsv('participant_id\tdob\tscan_date\nsub-01\t06-06-1970\t2022-04-07\nsub-02\t1950-01-31\tn/a\nsub-03\t2000-12-31\tn/a\n');
    const choices: GeneralizationChoices = { ...DEFAULT_GENERALIZATION, dateOfBirth: 'age', ages: 'bands', dates: 'remove' };
    const { table: out } = transformTable(table, tableContext(table, { choices, firstDates: new Map([['02', day(2000, 1, 30)]]) }));
    expect(out.header).toEqual(['participant_id', 'age']);
    expect(out.rows).toEqual([['sub-01', '50-54'], ['sub-02', '45-49'], ['sub-03', '25-29']]);
  });

  it('drops the columns the user left out and rewrites references to renamed files', () => {
    const scans = tsv('filename\tacq_time\thandedness\nanat/sub-01_ses-20210304_T1w.nii.gz\t2021-03-04T10:00:00\tright\n', 'sub-01_ses-20210304_scans.tsv');
    const { table } = transformTable(scans, tableContext(scans, {
      droppedColumns: new Set(['handedness']),
      pathParticipant: '01',
      rewriteReference: (value) => (value === 'anat/sub-01_ses-20210304_T1w.nii.gz' ? 'anat/sub-01_ses-1_T1w.nii.gz' : null),
    }));
    expect(table.header).toEqual(['filename', 'acq_time']);
    expect(table.rows).toEqual([['anat/sub-01_ses-1_T1w.nii.gz', '1821-03-01T10:00:00']]);
  });

  it('uses one offset per participant across tables (the same shifter), different ones when drawn differently', () => {
    let draw = 0;
    const shifter = new DateShifter(() => draw++);
    const sessions = tsv('session_id\tacq_time\nses-1\t2021-03-04\n', 'sub-01_sessions.tsv');
    const first = transformTable(sessions, tableContext(sessions, { shifter, pathParticipant: '01' })).table.rows[0]?.[1];
    const participantsWithVisit = tsv('participant_id\tvisit\nsub-01\t2021-03-04\nsub-02\t2021-03-04\n');
    const rows = transformTable(participantsWithVisit, tableContext(participantsWithVisit, { shifter })).table.rows;
    expect(rows[0]?.[1]).toBe(first);
    expect(rows[1]?.[1]).not.toBe(first);
  });

  it('top-codes birth years that make a participant 89 or older, as it top-codes ages', () => {
    const table = tsv('participant_id\tdob\nsub-01\t1930-05-01\nsub-02\t1990-05-01\n');
    expect(transformTable(table, tableContext(table)).table.rows).toEqual([['sub-01', '<=1937'], ['sub-02', '1990']]);
    const years = tsv('participant_id\tbirth_year\nsub-01\t1930\n');
    expect(transformTable(years, tableContext(years)).table.rows).toEqual([['sub-01', '<=1937']]);
  });

  it('removes date columns when dates are not kept', () => {
    const table = tsv('participant_id\tvisit\nsub-01\t2021-03-04\n');
    expect(transformTable(table, tableContext(table, { choices: { ...DEFAULT_GENERALIZATION, dates: 'remove' } })).table.header).toEqual(['participant_id']);
  });
});

describe('generalized values and date offsets', () => {
  it('bands ages and top-codes at 89', () => {
    expect(generalizeYears(34.9, { ages: 'years', ageBandWidth: 5 })).toBe('34');
    expect(generalizeYears(34.9, { ages: 'bands', ageBandWidth: 10 })).toBe('30-39');
    expect(generalizeYears(87, { ages: 'bands', ageBandWidth: 5 })).toBe('85-88');
    expect(generalizeYears(89, { ages: 'years', ageBandWidth: 5 })).toBe('89+');
  });

  it('shifts by whole weeks into 1925 or earlier, the same offset for the same participant', () => {
    const shifter = new DateShifter((max) => max - 1);
    const offset = shifter.offsetFor('01');
    expect(Math.abs(offset % 7)).toBe(0);
    expect(shifter.offsetFor('01')).toBe(offset);
    const shifted = shifter.shift('01', day(2025, 12, 31));
    expect(shifted?.year).toBeLessThanOrEqual(1925);
    const weekday = (date: CalendarDate) => new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
    expect(weekday(shifted ?? day(1, 1, 1))).toBe(weekday(day(2025, 12, 31)));
    expect(shifter.shift('01', day(2200, 1, 1))).toBeNull();
  });
});

describe('sidecar scrubbing', () => {
  const context = (overrides: Partial<SidecarScrubContext> = {}): SidecarScrubContext => ({
    dates: 'shift',
    metadata: { keepInstitution: null },
    shifter: fixedShifter(),
    participant: '01',
    knownNames: new Set(),
    rewriteReference: () => null,
    faceRemoval: null,
    ...overrides,
  });
  const sidecar = {
    PatientName: 'Vries^Jan', PatientID: 'P1', PatientBirthDate: '19700606', PatientSex: 'M', PatientAge: '051Y', PatientWeight: 92, PatientSize: 1.8,
    PatientPosition: 'HFS', AccessionNumber: 'A1', StudyID: '1', ReferringPhysicianName: 'Dr X', OperatorsName: 'K', SeriesInstanceUID: '1.3.12.2.1107.5.2.43.67060.1',
    StudyInstanceUID: '1.3.12.2.1107.5.2.43.67060.2', AcquisitionDateTime: '2021-03-04T10:20:30.5', StudyDate: '20210304', AcquisitionTime: '10:20:30',
    DeviceSerialNumber: '67060', StationName: 'MRC1', InstitutionName: 'Hospital', InstitutionAddress: 'Street 1', InstitutionalDepartmentName: 'Radiology',
    ImageComments: 'tired', ProcedureStepDescription: 'Rorden^Rorden', SeriesDescription: 'T1 mail jan@example.org', EchoTime: 0.00246, RepetitionTime: 2.3,
    SliceTiming: [0, 0.5], IntendedFor: ['bids::sub-01/ses-20210304/func/x.nii.gz'],
    DeidentificationMethod: 'earlier tool',
  };

  it('removes every listed key, shifts dates with the participant’s offset, keeps acquisition parameters and says what was done', () => {
    const { json, removed, shifted, redacted } = scrubSidecar(sidecar, context({ rewriteReference: (value) => (value.includes('20210304') ? 'bids::sub-01/ses-1/func/x.nii.gz' : null) }));
    expect(Object.keys(json)).toEqual(['PatientPosition', 'AcquisitionDateTime', 'StudyDate', 'SeriesDescription', 'EchoTime', 'RepetitionTime', 'SliceTiming', 'IntendedFor', 'DeidentificationMethod', 'DeidentificationMethodCodeSequence']);
    expect(json.AcquisitionDateTime).toBe('1821-03-01T10:20:30.5');
    expect(json.StudyDate).toBe('1821-03-01');
    expect(json.SeriesDescription).toBe('T1 mail [removed]');
    expect(json.IntendedFor).toEqual(['bids::sub-01/ses-1/func/x.nii.gz']);
    expect(removed).toContain('PatientName');
    expect(removed).toContain('InstitutionName');
    expect(shifted).toEqual(['AcquisitionDateTime', 'StudyDate']);
    expect(redacted).toEqual(['SeriesDescription']);
    expect(json.DeidentificationMethod).toEqual(['earlier tool', expect.stringMatching(/^Veil .* anonymization checklist: .*dates shifted to 1925 or earlier$/)]);
    expect((json.DeidentificationMethodCodeSequence as { CodeValue: string }[]).map((code) => code.CodeValue)).toEqual(['113100', '113105', '113107']);
  });

  it('keeps the institution by a stated choice, removes dates when asked, and adds face removal for a defaced image', () => {
    const faceRemoval = {
      DeidentificationMethod: ['Veil native: face removed'],
      DeidentificationMethodCodeSequence: [{ CodeValue: '113102', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Clean Recognizable Visual Features Option' }],
    };
    const { json } = scrubSidecar(sidecar, context({ dates: 'remove', metadata: { keepInstitution: { reason: 'named in the paper' } }, faceRemoval }));
    expect(json.InstitutionName).toBe('Hospital');
    expect(json.AcquisitionDateTime).toBeUndefined();
    expect((json.DeidentificationMethodCodeSequence as { CodeValue: string }[]).map((code) => code.CodeValue)).toEqual(['113102', '113100', '113105', '113112']);
  });
});

describe('NIfTI header scrubbing', () => {
  const voxelsOf = (bytes: Uint8Array) => {
    const image = parseNifti(bytes, 'x.nii');
    return Buffer.from(bytes.subarray(image.voxOffset));
  };

  it.each([
    ['NIfTI-1, little-endian', { version: 1 as const, littleEndian: true }],
    ['NIfTI-2, big-endian', { version: 2 as const, littleEndian: false }],
  ])('%s: clears the text fields, drops extensions, and keeps every voxel byte', (_, options) => {
    const input = tinyNifti({ descrip: 'Jan de Vries 2021-03-04', intentName: 'secret' }, { ...options, extensions: [{ code: 2, data: Buffer.from('DICOM PatientName=Vries^Jan') }] });
    if (options.version === 1) input.write('aux jan', 228, 'latin1');
    const { bytes, clearedFields, droppedExtensionBytes } = scrubNiftiBytes(input, 'x.nii');
    expect(clearedFields).toEqual(options.version === 1 ? ['descrip', 'aux_file', 'intent_name'] : ['descrip', 'intent_name']);
    expect(droppedExtensionBytes).toBeGreaterThan(0);
    const image = parseNifti(bytes, 'x.nii');
    expect(image.extensions).toEqual([]);
    expect(image.voxOffset).toBe(options.version === 1 ? 352 : 544);
    expect(readNiftiTextFields(bytes, options.version)).toEqual({});
    expect(voxelsOf(bytes).equals(voxelsOf(input))).toBe(true);
    expect(Buffer.from(bytes).includes('Vries')).toBe(false);
    expect(Buffer.from(bytes).includes('secret')).toBe(false);
  });

  it('handles 4D images, which the anatomical reader refuses', () => {
    const data = new Int16Array(4 * 4 * 4 * 3).map((_, index) => index);
    const input = encodeNifti({ dims: [4, 4, 4, 3], voxelSize: [3, 3, 3, 2], affine: [[3, 0, 0, 0], [0, 3, 0, 0], [0, 0, 3, 0], [0, 0, 0, 1]], datatype: 'int16', data, descrip: 'TE=30;Time=101010' });
    const { bytes } = scrubNiftiBytes(input, 'bold.nii');
    expect(Buffer.from(bytes.subarray(352)).equals(Buffer.from(input.subarray(352)))).toBe(true);
    expect(readNiftiTextFields(bytes, 1)).toEqual({});
  });
});

describe('gzip', () => {
  it('writes no file name and time 0, and reads members with a stored name', async () => {
    const data = tinyNifti();
    const bytes = await gzipWithoutNameOrTime(data);
    expect(bytes[3]).toBe(0);
    expect(Buffer.from(bytes.subarray(4, 8)).readUInt32LE(0)).toBe(0);
    const named = gzipWithStoredName(data, 'secret_1.3.12.2.1107.5.2.19.45416.2025010112000011.nii', 1735732800);
    expect(Buffer.from(gunzipFile(named, 'x.nii.gz')).equals(data)).toBe(true);
    const twoMembers = Buffer.concat([gzipSync(data.subarray(0, 100)), gzipSync(data.subarray(100))]);
    expect(Buffer.from(gunzipFile(twoMembers, 'x.nii.gz')).equals(data)).toBe(true);
  });
});

describe('renaming', () => {
  it('cuts UIDs and dates out of names, numbering entity values', () => {
    expect(stemTemplate('00001_1.3.12.2.1107.5.2.19.45416.2025010112000011', () => null)).toBe('00001');
    expect(stemTemplate('t1_fl2d_sag_20220407150138', () => null)).toBe('t1_fl2d_sag');
    expect(stemTemplate('20210304_pilot', () => null)).toBe('pilot');
    expect(stemTemplate('ses-20210304', () => 2)).toBe('ses-2');
    expect(stemTemplate('1.3.12.2.1107.5.2.43.67060.30000022040717195958300000010', () => null)).toBe('#');
    expect(stemTemplate('sub-01_T1w', () => null)).toBeNull();
  });

  it('renames files and folders consistently, keeps pairs together, resolves collisions, and rewrites references', () => {
    const uid = '1.3.12.2.1107.5.2.19.45416.2025010112000011';
    const plan = planRenames([
      `raw/sub-001/ses-mri01/002-t1/00001_${uid}.nii`,
      `raw/sub-001/ses-mri01/002-t1/00001_${uid}.json`,
      'sub-01/ses-20210510/anat/sub-01_ses-20210510_T1w.nii.gz',
      'sub-01/ses-20210304/anat/sub-01_ses-20210304_T1w.nii.gz',
      'sub-01/ses-20210304/sub-01_ses-20210304_scans.tsv',
      'sub-01/sub-01_sessions.tsv',
      'x/a_20210304.json',
      'x/a_20210305.json',
      'x/a.json',
      'dicom/1.3.12.2.1107.5.2.43.67060.30000022040717195958300000010/IM1',
    ]);
    expect([...plan.files.values()]).toEqual([
      'raw/sub-001/ses-mri01/002-t1/00001.nii',
      'raw/sub-001/ses-mri01/002-t1/00001.json',
      'sub-01/ses-2/anat/sub-01_ses-2_T1w.nii.gz',
      'sub-01/ses-1/anat/sub-01_ses-1_T1w.nii.gz',
      'sub-01/ses-1/sub-01_ses-1_scans.tsv',
      'sub-01/sub-01_sessions.tsv',
      'x/a_1.json',
      'x/a_2.json',
      'x/a.json',
      'dicom/1/IM1',
    ]);
    const fromScans = referenceRewriter(plan, 'sub-01/ses-20210304/sub-01_ses-20210304_scans.tsv');
    expect(fromScans('anat/sub-01_ses-20210304_T1w.nii.gz')).toBe('anat/sub-01_ses-1_T1w.nii.gz');
    expect(fromScans('bids::sub-01/ses-20210510/anat/sub-01_ses-20210510_T1w.nii.gz')).toBe('bids::sub-01/ses-2/anat/sub-01_ses-2_T1w.nii.gz');
    expect(fromScans('rest')).toBeNull();
    expect(referenceRewriter(plan, 'sub-01/sub-01_sessions.tsv')('ses-20210304')).toBe('ses-1');
  });
});

describe('k-anonymity', () => {
  it('reports the smallest group and the records in groups under 5, before and after generalization', () => {
    const rows = ['participant_id\tage\tsex\thandedness', ...Array.from({ length: 10 }, (_, index) => `sub-${index + 1}\t${30 + index / 10}\t${index < 5 ? 'F' : 'M'}\tright`), 'sub-11\t93\tF\tleft'];
    const table = tsv(rows.join('\n'));
    const report = kAnonymityReport('participants.tsv', table, classifyTableColumns(table), DEFAULT_GENERALIZATION, new Set(), () => day(2026, 1, 1));
    expect(report.before).toMatchObject({ quasiIdentifiers: ['age', 'sex', 'handedness'], missing: ['group'], records: 11, k: 1 });
    expect(report.before.smallGroups).toHaveLength(11);
    expect(report.after.k).toBe(1);
    expect(report.after.smallGroups).toEqual([{ values: ['89+', 'f', 'left'], size: 1, records: ['sub-11'] }]);
    expect(report.after.groups.map((group) => group.size)).toEqual([1, 5, 5]);
    const withoutHandedness = kAnonymityReport('participants.tsv', table, classifyTableColumns(table), DEFAULT_GENERALIZATION, new Set(['handedness']), () => day(2026, 1, 1));
    expect(withoutHandedness.after.quasiIdentifiers).toEqual(['age', 'sex']);
    expect(withoutHandedness.before.quasiIdentifiers).toEqual(['age', 'sex', 'handedness']);
  });
});
