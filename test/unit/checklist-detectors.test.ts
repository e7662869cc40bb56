/** Every checklist detector on synthetic tables, sidecars, headers and names (and the real sidecars and DICOM when present). */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkFolder } from '../../src/checklist/check/check-folder.js';
import { classifyColumn } from '../../src/checklist/detectors/column-roles.js';
import { fileKind, fileKindByName } from '../../src/checklist/detectors/file-kinds.js';
import { keyContentReason, keyNameReason } from '../../src/checklist/detectors/key-candidates.js';
import { nameFindings, nameHits } from '../../src/checklist/detectors/name-findings.js';
import { gzipFindings, niftiFindings } from '../../src/checklist/detectors/nifti-findings.js';
import { sidecarFindings } from '../../src/checklist/detectors/sidecar-findings.js';
import { classifyTableColumns, tableFindings } from '../../src/checklist/detectors/table-findings.js';
import type { Finding } from '../../src/checklist/findings.js';
import { parseGzipHeader } from '../../src/checklist/files/gzip-header.js';
import { readNiftiPrefix } from '../../src/checklist/files/nifti-prefix.js';
import { parseTable } from '../../src/checklist/tables/parse-table.js';
import { PROJECT_ROOT } from '../support/built-app.js';
import { makeTempDir } from '../support/temp-dir.js';
import { gzipWithStoredName, tinyNifti, writeFiles } from '../fixtures/checklist-fixtures.js';
import { writeFakeOutput } from '../fixtures/scan-fixtures.js';

const SHARED_DATA = path.resolve(PROJECT_ROOT, '..', 'shared', 'data');
const sharedMissing = existsSync(path.join(SHARED_DATA, 'json')) ? null : `${SHARED_DATA} is absent`;

const table = (text: string, name = 'participants.tsv') => parseTable(Buffer.from(text), name);
const summary = (findings: readonly Finding[]) => findings.map((finding) => `${finding.severity} ${finding.rule} ${finding.field ?? ''}`.trim());

describe('column roles', () => {
  it.each([
    ['participant_id', ['sub-01', 'sub-02'], 'participant-id'],
    ['naam', ['Jan', 'Piet'], 'name'],
    ['first_name', ['Jan', 'Piet'], 'name'],
    ['task_name', ['rest', 'nback'], 'other'],
    ['contact', ['a@b.nl', 'c@d.org'], 'email'],
    ['participant', ['Jan de Vries', 'Piet Bakker'], 'name'],
    ['info', ['Jan de Vries', 'Piet Bakker', 'Anna Smith'], 'name'],
    ['Telefoon', ['06-12345678'], 'phone'],
    ['x', ['111222333', '123456782'], 'national-id'],
    ['prolific_id', ['5f1a2b3c4d5e6f7a8b9c0d1e'], 'pool-id'],
    ['postcode', ['6525 EN'], 'address'],
    ['geboortedatum', ['01-02-1990'], 'date-of-birth'],
    ['DateOfBirth', ['1990-02-01'], 'date-of-birth'],
    ['dob', ['1990', '1985'], 'birth-year'],
    ['birth_year', ['1990'], 'birth-year'],
    ['ageAtScan', ['23.5', '34'], 'age'],
    ['leeftijd', ['34'], 'age'],
    ['sex', ['M', 'F'], 'sex'],
    ['handedness', ['right', 'left'], 'handedness'],
    ['group', ['patient', 'control'], 'group'],
    ['visit_date', ['44259', '44260'], 'date'],
    ['acq_time', ['2021-03-04T10:00:00'], 'date'],
    ['when', ['2021-03-04', '2021-05-06', '2021-07-08'], 'date'],
    ['opmerkingen', ['moe'], 'free-text'],
    ['bmi', ['22.1'], 'demographic'],
    ['reaction_time', ['0.532', '0.611'], 'other'],
  ])('%s %j → %s', (header, values, role) => {
    expect(classifyColumn(header, values)).toBe(role);
  });
});

describe('table findings', () => {
  const tsv = [
    'participant_id\tname\temail\tphone\tbsn\tdob\tvisit\tage\tsex\tnotes\tscore',
    'sub-01\tJan de Vries\tjan@example.org\t06-12345678\t111222333\t06-06-1970\t44259\t91\tM\tcalled Piet Bakker\t12',
    'sub-02\tPiet Bakker\tpiet@example.org\t0612345679\t123456782\t07-07-1971\t44260\t34\tF\tn/a\tmail piet@example.org',
  ].join('\n');

  it('reports every identifying column once, with the row count and a masked excerpt', () => {
    const parsed = table(tsv);
    const findings = tableFindings(parsed, classifyTableColumns(parsed), 'participants.tsv', new Set(['Jan de Vries', 'Piet Bakker']));
    expect(summary(findings)).toEqual([
      'blocking table.name name',
      'blocking table.email email',
      'blocking table.phone phone',
      'blocking table.national-id bsn',
      'blocking table.date-of-birth dob',
      'blocking table.date visit',
      'blocking table.age-89-plus age',
      'warning table.free-text notes',
      'blocking text.identifier notes',
      'blocking text.identifier score',
    ]);
    expect(findings[1]).toMatchObject({ file: 'participants.tsv', excerpt: 'ja… (15 characters)', message: 'Column "email" holds e-mail addresses (2 of 2 rows); remove it.' });
    expect(JSON.stringify(findings)).not.toContain('jan@example.org');
  });

  it('accepts what generalization leaves: birth years, shifted dates, top-coded ages', () => {
    const parsed = table('participant_id\tbirth_year\tacq_date\tage\nsub-01\t1970\t1921-03-04\t89+\nsub-02\t1971\t1921-04-05\t34\n');
    expect(tableFindings(parsed, classifyTableColumns(parsed), 'participants.tsv', new Set())).toEqual([]);
  });
});

describe('sidecar findings', () => {
  it('reports the listed keys, UIDs and real dates, keeps acquisition parameters, and searches kept text', () => {
    const sidecar = {
      PatientName: 'Vries^Jan', PatientID: 'P123', PatientBirthDate: '19700606', PatientSex: 'M', PatientPosition: 'HFS',
      OperatorsName: 'K. Jansen', SeriesInstanceUID: '1.3.12.2.1107.5.2.43.67060.2022040715044210837860713.0.0.0',
      AcquisitionDateTime: '2022-04-07T15:04:41.525000', StudyDate: '1921-04-07', AcquisitionTime: '15:04:41', DeviceSerialNumber: '67060',
      InstitutionName: 'Hospital', ImageComments: 'ok', SeriesDescription: 'T1 for jan@example.org', EchoTime: 0.00246, RepetitionTime: 2.3,
      DeidentificationMethod: ['Veil'],
    };
    expect(summary(sidecarFindings('sub-01/anat/sub-01_T1w.json', sidecar, new Set(), { attribution: false }))).toEqual([
      'blocking sidecar.identifying-key PatientName',
      'blocking sidecar.identifying-key PatientID',
      'blocking sidecar.identifying-key PatientBirthDate',
      'blocking sidecar.identifying-key PatientSex',
      'blocking sidecar.identifying-key OperatorsName',
      'blocking sidecar.uid SeriesInstanceUID',
      'blocking sidecar.date AcquisitionDateTime',
      'warning sidecar.date AcquisitionTime',
      'warning sidecar.site DeviceSerialNumber',
      'warning sidecar.site InstitutionName',
      'warning sidecar.free-text ImageComments',
      'blocking text.identifier SeriesDescription',
    ]);
  });

  it('walks nested values and leaves the authors of dataset_description.json alone', () => {
    const description = { Name: 'Study', Authors: ['Jan de Vries'], Notes: { Contact: ['Piet Bakker'] } };
    expect(summary(sidecarFindings('dataset_description.json', description, new Set(), { attribution: true }))).toEqual(['blocking text.identifier Notes.Contact[0]']);
  });

  describe.skipIf(sharedMissing !== null)(`the real dcm2niix sidecars${sharedMissing ? ` (skipped: ${sharedMissing})` : ''}`, () => {
    it('finds everything dcm2niix -ba n left in, and only site keys in an anonymised one', async () => {
      const read = async (name: string) => JSON.parse(await readFile(path.join(SHARED_DATA, 'json', name), 'utf8')) as unknown;
      const full = sidecarFindings('a.json', await read('dcm2niix-ba-n_dcm_qa_decubitus_HFS_t1_fl2d_sag.json'), new Set(), { attribution: false });
      const fields = new Set(full.map((finding) => finding.field));
      for (const key of ['PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex', 'PatientWeight', 'StudyID', 'SeriesInstanceUID', 'StudyInstanceUID', 'AcquisitionDateTime', 'DeviceSerialNumber', 'StationName', 'InstitutionName', 'InstitutionAddress', 'ProcedureStepDescription']) {
        expect(fields, key).toContain(key);
      }
      for (const kept of ['EchoTime', 'RepetitionTime', 'SliceTiming', 'PatientPosition', 'ShimSetting']) expect(fields, kept).not.toContain(kept);
      const reference = sidecarFindings('b.json', await read('dcm_qa_Ref_ax_asc_35sl_6.json'), new Set(), { attribution: false });
      expect(reference.filter((finding) => finding.severity === 'blocking').map((finding) => finding.field)).toEqual([]);
    });
  });
});

describe('NIfTI and gzip header findings', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => (tmp = await makeTempDir()));
  afterEach(() => tmp.remove());

  it('reports every text field, blocking when it holds a name or a date, and every extension', async () => {
    const bytes = tinyNifti(
      { descrip: 'TE=2.4;Time=120517.042', intentName: 'Jan de Vries', auxFile: 'scan 2021-03-04', dbName: 'db' },
      { extensions: [{ code: 2, data: Buffer.from('DICM fake') }, { code: 6, data: Buffer.from('a comment') }] },
    );
    await writeFiles(tmp.path, { 'x.nii': bytes, 'x.nii.gz': gzipWithStoredName(bytes, '00001_1.3.12.2.1107.5.2.19.45416.2025010112000011.nii', 1735732800) });
    for (const name of ['x.nii', 'x.nii.gz']) {
      const prefix = await readNiftiPrefix(path.join(tmp.path, name));
      expect(summary(niftiFindings(name, prefix, new Set()))).toEqual([
        'warning nifti.header-text db_name',
        'warning nifti.header-text descrip',
        'blocking nifti.header-text aux_file',
        'blocking nifti.header-text intent_name',
        'blocking nifti.extension extension 2',
        'warning nifti.extension extension 6',
      ]);
    }
    const gzip = (await readNiftiPrefix(path.join(tmp.path, 'x.nii.gz'))).gzip;
    expect(gzip).toEqual({ storedName: '00001_1.3.12.2.1107.5.2.19.45416.2025010112000011.nii', comment: null, mtime: 1735732800 });
    expect(summary(gzipFindings('x.nii.gz', gzip ?? { storedName: null, comment: null, mtime: 0 }))).toEqual(['blocking gzip.stored-name gzip FNAME', 'warning gzip.stored-time gzip MTIME']);
  });

  it('finds nothing in a clean header written by Node’s gzip (no name, time 0)', async () => {
    await writeFiles(tmp.path, { 'clean.nii.gz': gzipSync(tinyNifti()) });
    const prefix = await readNiftiPrefix(path.join(tmp.path, 'clean.nii.gz'));
    expect(niftiFindings('clean.nii.gz', prefix, new Set())).toEqual([]);
    expect(gzipFindings('clean.nii.gz', prefix.gzip ?? { storedName: 'missing', comment: null, mtime: 1 })).toEqual([]);
    expect(parseGzipHeader(Buffer.from('not gzip at all'))).toBeNull();
  });

  it('names the file when it is not NIfTI or is cut off', async () => {
    await writeFiles(tmp.path, { 'text.nii': 'hello, not an image', 'short.nii': tinyNifti().subarray(0, 200) });
    await expect(readNiftiPrefix(path.join(tmp.path, 'text.nii'))).rejects.toThrow(/text\.nii: not a NIfTI file/);
    await expect(readNiftiPrefix(path.join(tmp.path, 'short.nii'))).rejects.toThrow(/short\.nii: the file ends before its voxels start/);
  });
});

describe('names', () => {
  it('finds UIDs and 8/14-digit and written dates in names, and nothing in BIDS names', () => {
    expect(nameHits('00001_1.3.12.2.1107.5.2.19.45416.2025010112000011.nii').map((hit) => hit.kind)).toEqual(['dicom-uid']);
    expect(nameHits('t1_fl2d_sag_20220407150138.json')).toEqual([{ kind: 'date', start: 12, end: 26, value: '20220407150138' }]);
    expect(nameHits('ses-20210304').map((hit) => hit.value)).toEqual(['20210304']);
    expect(nameHits('scan 2021-03-04').map((hit) => hit.value)).toEqual(['2021-03-04']);
    for (const clean of ['sub-01_ses-1_T1w.nii.gz', 'run-12345678', '002-t1_mprage_sag_ipat2_1p0iso', '00001.nii']) expect(nameHits(clean), clean).toEqual([]);
  });

  it('reports a UID folder once however many files it holds', () => {
    const folder = 'sourcedata/1.3.12.2.1107.5.2.43.67060.30000022040717195958300000010';
    const findings = nameFindings([`${folder}/a.dcm`, `${folder}/b.dcm`, 'sub-01/anat/sub-01_T1w.nii.gz']);
    expect(findings.map((finding) => [finding.rule, finding.file])).toEqual([['name.dicom-uid', folder]]);
  });
});

describe('key candidates', () => {
  it('by name, Dutch and English, without matching inside words', () => {
    expect(keyNameReason('admin/koppeltabel_2024.xlsx')).toBe('its name contains "koppeltabel"');
    expect(keyNameReason('Sleutelbestand.csv')).toBe('its name contains "sleutelbestand"');
    expect(keyNameReason('code/subject_key.txt')).toBe('its name contains "key"');
    expect(keyNameReason('codebook.csv')).toBe('its name contains "codebook"');
    expect(keyNameReason('sub-01/func/sub-01_task-keypress_bold.json')).toBeNull();
    expect(keyNameReason('monkey.csv')).toBeNull();
  });

  it('by content: participant ids paired with direct identifiers, but not BIDS tables', () => {
    const list = table('pp;naam;email\n001;Jan de Vries;jan@example.org\n002;Piet Bakker;piet@example.org\n', 'lijst.csv');
    expect(keyContentReason('lijst.csv', list, classifyTableColumns(list), new Set(['001', '002']))).toBe(
      'it pairs participant ids ("pp") with names ("naam") and e-mail addresses ("email")',
    );
    const byValues = table('code,born\nsub-01,1970-06-06\n', 'x.csv');
    expect(keyContentReason('x.csv', byValues, classifyTableColumns(byValues), new Set())).toBe('it pairs participant ids ("code") with dates of birth ("born")');
    const scores = table('participant_id\tscore\nsub-01\t3\n');
    expect(keyContentReason('scores.tsv', scores, classifyTableColumns(scores), new Set())).toBeNull();
    expect(keyContentReason('participants.tsv', list, classifyTableColumns(list), new Set(['001']))).toBeNull();
  });
});

describe('file kinds', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => (tmp = await makeTempDir()));
  afterEach(() => tmp.remove());

  it('by name, and by content without a telling extension: DICOM magic, text, or unchecked binary', async () => {
    expect(fileKindByName('qc/sub-01_front.png')).toBe('qc-picture');
    expect(fileKindByName('derivatives/veil/sub-01_qc-face.png')).toBe('qc-picture');
    expect(fileKindByName('stimuli/face01.png')).toBe('media');
    expect(fileKindByName('admin/list.xlsx')).toBe('unchecked');
    expect(fileKindByName('README')).toBe('text');
    expect(fileKindByName('sub-01/dwi/sub-01_dwi.bval')).toBe('text');
    expect(fileKindByName('data/unknown.xyz')).toBeNull();
    const dicom = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.alloc(64)]);
    await writeFiles(tmp.path, { 'MR.1.3.12.2.1107.5.2.32.35131': dicom, notes: 'plain text', 'blob.bin': Buffer.from([1, 0, 2, 0]) });
    expect(await fileKind(path.join(tmp.path, 'MR.1.3.12.2.1107.5.2.32.35131'), 'MR.1.3.12.2.1107.5.2.32.35131')).toBe('dicom');
    expect(await fileKind(path.join(tmp.path, 'notes'), 'notes')).toBe('text');
    expect(await fileKind(path.join(tmp.path, 'blob.bin'), 'blob.bin')).toBe('unchecked');
  });
});

describe('checkFolder', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => (tmp = await makeTempDir()));
  afterEach(() => tmp.remove());

  it('runs every detector over a dataset with identifiers planted everywhere', async () => {
    const t1 = 'sub-01/anat/sub-01_T1w.nii';
    const t2 = 'sub-02/anat/sub-02_T1w.nii';
    await writeFiles(tmp.path, {
      'dataset_description.json': JSON.stringify({ Name: 'Study', BIDSVersion: '1.10.0', Authors: ['Anna Smith'] }),
      'participants.tsv': 'participant_id\tage\tnotes\nsub-01\t34\tJan de Vries was late\nsub-02\t91\tn/a\n',
      'admin/sleutel.csv': 'pp,naam\nsub-01,Jan de Vries\n',
      'README.md': 'Contact anna.smith@example.org. Jan de Vries took part.',
      [t1]: tinyNifti({ descrip: 'TE=2.4' }),
      [t2]: tinyNifti(),
      'sub-02/anat/sub-02_T2w.nii': tinyNifti(),
      'sub-01/anat/sub-01_T1w.json': JSON.stringify({ PatientName: 'Vries^Jan', EchoTime: 0.002 }),
      'sourcedata/1.3.12.2.1107.5.2.43.67060.30000022040717195958300000010/IM_0001': Buffer.concat([Buffer.alloc(128), Buffer.from('DICM')]),
      'qc/sub-01_front.png': 'png',
    });
    await writeFakeOutput(path.join(tmp.path, t2), path.join(tmp.path, 'sub-02/anat/defaced_sub-02_T1w.nii'));
    const phases = new Set<string>();
    const result = await checkFolder(tmp.path, { onProgress: (progress) => phases.add(progress.phase) });
    const seen = (rule: string, file: string) => result.findings.some((finding) => finding.rule === rule && finding.file === file);
    expect(seen('table.age-89-plus', 'participants.tsv')).toBe(true);
    expect(seen('text.identifier', 'participants.tsv')).toBe(true);
    expect(seen('key.candidate', 'admin/sleutel.csv')).toBe(true);
    expect(result.keyCandidates).toEqual([{ file: 'admin/sleutel.csv', reasons: ['its name contains "sleutel"', 'it pairs participant ids ("pp") with names ("naam")'] }]);
    expect(result.findings.filter((finding) => finding.file === 'README.md').map((finding) => finding.severity)).toEqual(['blocking', 'warning']);
    expect(seen('deface.not-defaced', t1)).toBe(true);
    expect(result.findings.find((finding) => finding.file === t2)?.message).toMatch(/original shows the face; its defaced version/);
    expect(seen('deface.anatomical', 'sub-02/anat/sub-02_T2w.nii')).toBe(true);
    expect(seen('nifti.header-text', t1)).toBe(true);
    expect(seen('sidecar.identifying-key', 'sub-01/anat/sub-01_T1w.json')).toBe(true);
    expect(seen('dicom.present', 'sourcedata/1.3.12.2.1107.5.2.43.67060.30000022040717195958300000010/IM_0001')).toBe(true);
    expect(seen('name.dicom-uid', 'sourcedata/1.3.12.2.1107.5.2.43.67060.30000022040717195958300000010')).toBe(true);
    expect(seen('media.face-picture', 'qc/sub-01_front.png')).toBe(true);
    expect(result.findings.some((finding) => finding.file === 'dataset_description.json')).toBe(false);
    expect(result.counts.blocking).toBeGreaterThan(0);
    expect(result.findings[0]?.severity).toBe('blocking');
    expect([...phases]).toEqual(['listing', 'tables', 'files', 'images']);
  });

  it('finds nothing in a clean BIDS folder', async () => {
    await writeFiles(tmp.path, {
      'dataset_description.json': JSON.stringify({ Name: 'Study', BIDSVersion: '1.10.0' }),
      'participants.tsv': 'participant_id\tage\tsex\nsub-01\t34\tF\n',
      'sub-01/func/sub-01_task-rest_bold.nii.gz': gzipSync(tinyNifti()),
      'sub-01/func/sub-01_task-rest_bold.json': JSON.stringify({ RepetitionTime: 2, TaskName: 'rest' }),
    });
    const result = await checkFolder(tmp.path);
    expect(result.findings).toEqual([]);
    expect(result.files).toBe(4);
  });

  it('skips a MANIFEST only when Veil wrote it', async () => {
    await writeFiles(tmp.path, { MANIFEST: `${'a'.repeat(64)}  participants.tsv\n` });
    expect((await checkFolder(tmp.path)).files).toBe(0);
    await writeFiles(tmp.path, { MANIFEST: 'Sent by jan.devries@example.org\n' });
    expect((await checkFolder(tmp.path)).findings.map((finding) => [finding.file, finding.severity])).toEqual([['MANIFEST', 'warning']]);
  });

  describe.skipIf(sharedMissing !== null)(`real DICOM files${sharedMissing ? ` (skipped: ${sharedMissing})` : ''}`, () => {
    it('recognises every real DICOM file in the shared data by magic, even renamed without an extension', async () => {
      const dicomFolder = path.join(SHARED_DATA, 'dicom');
      const { readdir } = await import('node:fs/promises');
      for (const name of await readdir(dicomFolder)) {
        await writeFiles(tmp.path, { [name.replace(/\.dcm$/, '')]: await readFile(path.join(dicomFolder, name)) });
      }
      const result = await checkFolder(tmp.path);
      expect(result.findings.filter((finding) => finding.rule === 'dicom.present')).toHaveLength(6);
    });
  });
});
