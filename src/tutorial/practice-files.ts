/**
 * The files of the practice project, as relative paths and bytes: a DCCN project folder with three
 * series per participant, scanner sidecars, a participants table, the pseudonymization key, and the
 * results, scripts and materials a study would publish. Pure: the same call gives the same bytes.
 */
import { encodeNifti1 } from '../nifti/encode-nifti1.js';
import { generatePhantom, type Phantom } from './phantom.js';
import { PRACTICE_MARKER_FILE, practiceMarker } from './practice-marker.js';
import { PRACTICE_PARTICIPANTS, PRACTICE_SITE, seriesUid, type PracticeParticipant } from './practice-people.js';

/** The participants' session folder; DCCN names sessions by modality and number. */
const SESSION = 'ses-mri01';

/** The series each participant has, numbered as the scanner numbered them. */
export const PRACTICE_SERIES = {
  localizer: { number: 1, folder: '001-localizer_32ch' },
  t1: { number: 2, folder: '002-t1_mprage_sag_ipat2_1p0iso' },
  bold: { number: 5, folder: '005-cmrr_mbep2d_bold_mb6_2p0iso' },
} as const;

type SeriesName = keyof typeof PRACTICE_SERIES;

/** The pseudonymization key, where the key detector finds it by name ("koppel…": Dutch for linking). */
export const PRACTICE_KEY_FILE = 'admin/koppeltabel.csv';

/**
 * The series folders the course leaves out of the publication copy: the localizers (a profile with
 * the face in it) and the BOLD runs (no analysis of the course uses them).
 *
 * @example
 * practiceFoldersLeftOut()[0]; // 'raw/sub-001/ses-mri01/001-localizer_32ch'
 */
export function practiceFoldersLeftOut(): string[] {
  return PRACTICE_PARTICIPANTS.flatMap((participant) => [seriesFolder(participant.subject, 'localizer'), seriesFolder(participant.subject, 'bold')]);
}

/** The participants table, at the project's root. */
export const PRACTICE_PARTICIPANTS_TABLE = 'participants.tsv';

/** Number of volumes of the practice BOLD series: enough to be 4D, few enough to stay small. */
const BOLD_VOLUMES = 4;

/**
 * The folder of a participant's series, relative to the project.
 *
 * @example
 * seriesFolder('sub-001', 't1'); // 'raw/sub-001/ses-mri01/002-t1_mprage_sag_ipat2_1p0iso'
 */
export function seriesFolder(subject: string, series: SeriesName): string {
  return `raw/${subject}/${SESSION}/${PRACTICE_SERIES[series].folder}`;
}

/**
 * The image of a participant's series, named as the DCCN's DICOM conversion names it: the instance
 * number, then the series' DICOM UID (which embeds the scan's date and time).
 *
 * @example
 * seriesImage(PRACTICE_PARTICIPANTS[0], 't1'); // 'raw/sub-001/ses-mri01/002-t1_…/00001_1.3.12.2.1107.5.2.43.99042.….nii'
 */
export function seriesImage(participant: PracticeParticipant, series: SeriesName): string {
  return `${seriesFolder(participant.subject, series)}/00001_${seriesUid(participant, PRACTICE_SERIES[series].number)}.nii`;
}

/** A phantom's bytes as a NIfTI file, with the scanner's acquisition text in the header. */
function phantomNifti(phantom: Phantom<'int16'>, descrip: string): Uint8Array {
  return encodeNifti1({ dims: phantom.dims, affine: phantom.affine.flat(), data: phantom.data, descrip });
}

/** dcm2niix writes the acquisition time into descrip, e.g. `TE=2.98;Time=091244.000`. */
function scannerDescrip(participant: PracticeParticipant, echoTimeMs: number): string {
  return `TE=${echoTimeMs};Time=${participant.scanned.slice(11).replace(/:/g, '')}.000`;
}

/**
 * Per series: the image. Each participant's head gets its own noise (the seed); 2 mm voxels keep a
 * T1 at about 3 MB so defacing takes about a second.
 */
function seriesBytes(participant: PracticeParticipant, index: number, series: SeriesName): Uint8Array {
  const seed = index + 1;
  if (series === 't1') return phantomNifti(generatePhantom({ voxelSize: [2, 2, 2], seed }), scannerDescrip(participant, 2.98));
  if (series === 'localizer') {
    // A thick midline sagittal slab: what a localizer shows, a profile with the face in it.
    const slab = generatePhantom({ voxelSize: [4, 4, 4], fieldOfView: [12, 240, 240], fieldOfViewCenter: [0, 0, -20], seed });
    return phantomNifti(slab, scannerDescrip(participant, 3.69));
  }
  const volumes = Array.from({ length: BOLD_VOLUMES }, (_, volume) => generatePhantom({ voxelSize: [6, 6, 6], seed: seed * 100 + volume, noiseSigma: 0.04 }));
  const first = volumes[0] as Phantom<'int16'>;
  const data = new Int16Array(first.data.length * BOLD_VOLUMES);
  volumes.forEach((volume, t) => data.set(volume.data, t * first.data.length));
  return encodeNifti1({
    dims: [...first.dims, BOLD_VOLUMES],
    affine: first.affine.flat(),
    data,
    repetitionTime: 1,
    descrip: scannerDescrip(participant, 34),
  });
}

const SERIES_PARAMETERS: Readonly<Record<SeriesName, Record<string, unknown>>> = {
  localizer: { SeriesDescription: 'localizer_32ch', EchoTime: 0.00369, RepetitionTime: 0.0086, FlipAngle: 20 },
  t1: { SeriesDescription: 't1_mprage_sag_ipat2_1p0iso', EchoTime: 0.00298, RepetitionTime: 2.3, InversionTime: 0.9, FlipAngle: 9 },
  bold: { SeriesDescription: 'cmrr_mbep2d_bold_mb6_2p0iso', EchoTime: 0.034, RepetitionTime: 1, FlipAngle: 60, TaskName: 'rest' },
};

/** A dcm2niix-style sidecar with the identifying fields a scanner writes (dcm2niix -ba n). */
function sidecar(participant: PracticeParticipant, series: SeriesName): string {
  const number = PRACTICE_SERIES[series].number;
  const fields = {
    Modality: 'MR',
    MagneticFieldStrength: 3,
    Manufacturer: 'Siemens',
    ManufacturersModelName: 'Prisma',
    InstitutionName: PRACTICE_SITE.institution,
    StationName: PRACTICE_SITE.station,
    DeviceSerialNumber: PRACTICE_SITE.serialNumber,
    PatientName: participant.name,
    PatientID: participant.subject,
    PatientBirthDate: participant.dateOfBirth,
    PatientSex: participant.sex,
    AcquisitionDateTime: `${participant.scanned}.000000`,
    SeriesNumber: number,
    SeriesInstanceUID: seriesUid(participant, number),
    StudyInstanceUID: seriesUid(participant, 0),
    ...SERIES_PARAMETERS[series],
  };
  return `${JSON.stringify(fields, null, 2)}\n`;
}

function participantsTable(): string {
  const rows = PRACTICE_PARTICIPANTS.map((p) => [p.subject, p.name, p.email, p.dateOfBirth, p.sex, p.handedness].join('\t'));
  return `${['participant_id\tname\temail\tdate_of_birth\tsex\thandedness', ...rows].join('\n')}\n`;
}

function keyTable(): string {
  const rows = PRACTICE_PARTICIPANTS.map((p) => [p.subject, p.name, p.email, p.dateOfBirth].join(';'));
  return `${['pseudonym;naam;email;geboortedatum', ...rows].join('\n')}\n`;
}

/** What the study publishes besides images; free of personal data, so the learner keeps it. */
const STUDY_FILES: Readonly<Record<string, string>> = {
  'README.txt': [
    'Practice project made by `veil tutorial`.',
    '',
    'Everyone in it is made up and every head is synthetic, so you can practise anonymizing',
    'without touching real participants. The layout is that of a DCCN project folder:',
    'raw/ holds the scans, admin/ the pseudonymization key, results/, scripts/ and materials/ the rest.',
    '',
  ].join('\n'),
  'results/roi_means.tsv': [
    'participant_id\troi\tmean_bold_change',
    ...PRACTICE_PARTICIPANTS.flatMap((p, index) => [`${p.subject}\tleft_insula\t${(0.41 + index * 0.07).toFixed(2)}`, `${p.subject}\tright_insula\t${(0.38 + index * 0.05).toFixed(2)}`]),
    '',
  ].join('\n'),
  'scripts/preprocess.sh': [
    '#!/bin/sh',
    '# Motion correction of every resting-state run.',
    'for run in raw/sub-*/ses-mri01/005-*/*.nii; do',
    '  mcflirt -in "$run" -out "${run%.nii}_mc"',
    'done',
    '',
  ].join('\n'),
  'materials/task_instructions.txt': 'Lie still, keep your eyes open and look at the cross. Do not think of anything in particular.\n',
};

/**
 * Every file of the practice project, relative path → bytes (or text), in a fixed order.
 *
 * @example
 * const files = practiceFiles();
 * files.get('admin/koppeltabel.csv'); // 'pseudonym;naam;email;geboortedatum\nsub-001;Anna de Jong;…'
 */
export function practiceFiles(): Map<string, string | Uint8Array> {
  const files = new Map<string, string | Uint8Array>(Object.entries(STUDY_FILES));
  files.set(PRACTICE_PARTICIPANTS_TABLE, participantsTable());
  files.set(PRACTICE_KEY_FILE, keyTable());
  files.set(PRACTICE_MARKER_FILE, practiceMarker());
  PRACTICE_PARTICIPANTS.forEach((participant, index) => {
    for (const series of Object.keys(PRACTICE_SERIES) as SeriesName[]) {
      const image = seriesImage(participant, series);
      files.set(image, seriesBytes(participant, index, series));
      files.set(image.replace(/\.nii$/, '.json'), sidecar(participant, series));
    }
  });
  return files;
}
