/**
 * The keys of BIDS/dcm2niix JSON sidecars that identify a participant, a session or a site, sorted
 * into what scrubbing does with them. Everything not listed is an acquisition parameter and stays
 * (EchoTime, RepetitionTime, SliceTiming, PatientPosition, …): analyses need them.
 */

/**
 * - `identifying`: the participant or the staff (names, ids, birth date, sex, age, weight, size).
 * - `uid`: DICOM UIDs (Siemens' embed the scanner serial number and a date-time).
 * - `date`: calendar dates of the study (removed, or shifted with the participant's offset).
 * - `time`: times of day of the study; with the date they pin the session down.
 * - `site`: the scanner and station.
 * - `institution`: institution name, address, department: removed unless the user keeps them by a stated choice.
 * - `free-text`: comments and descriptions typed at the console.
 * - `deidentification`: what Veil adds itself; never reported.
 * - `keep`: acquisition parameters.
 */
export type SidecarKeyClass = 'identifying' | 'uid' | 'date' | 'time' | 'site' | 'institution' | 'free-text' | 'deidentification' | 'keep';

/** Patient* keys that describe the acquisition, not the person. */
const PATIENT_ACQUISITION_KEYS = new Set(['PatientPosition', 'PatientOrientation', 'PatientOrientationCodeSequence', 'PatientGantryRelationshipCodeSequence']);

const IDENTIFYING_KEYS = new Set([
  'AccessionNumber', 'StudyID', 'OtherPatientIDs', 'OtherPatientIDsSequence', 'OtherPatientNames', 'IssuerOfPatientID', 'AdditionalPatientHistory',
  'ReferringPhysicianName', 'ReferringPhysicianAddress', 'ReferringPhysicianTelephoneNumbers', 'PerformingPhysicianName', 'NameOfPhysiciansReadingStudy',
  'PhysiciansOfRecord', 'RequestingPhysician', 'OperatorsName', 'OperatorName', 'ResponsiblePerson', 'ResponsibleOrganization', 'MilitaryRank',
  'BranchOfService', 'EthnicGroup', 'Occupation', 'MedicalRecordLocator', 'AdmittingDiagnosesDescription', 'PregnancyStatus', 'SmokingStatus',
  'CountryOfResidence', 'RegionOfResidence', 'MedicalAlerts', 'Allergies', 'ConfidentialityConstraintOnPatientDataDescription', 'ScheduledPerformingPhysicianName',
]);

const TIME_KEYS = new Set([
  'AcquisitionTime', 'StudyTime', 'SeriesTime', 'ContentTime', 'InstanceCreationTime', 'PerformedProcedureStepStartTime',
  'PerformedProcedureStepEndTime', 'ScheduledProcedureStepStartTime', 'TimeOfLastCalibration',
]);

const SITE_KEYS = new Set(['DeviceSerialNumber', 'StationName', 'DeviceUID', 'InstitutionCodeSequence']);

const INSTITUTION_KEYS = new Set(['InstitutionName', 'InstitutionAddress', 'InstitutionalDepartmentName', 'InstitutionalDepartmentTypeCodeSequence']);

const FREE_TEXT_KEYS = new Set([
  'ImageComments', 'StudyComments', 'AcquisitionComments', 'SeriesComments', 'StudyDescription', 'ProcedureStepDescription',
  'PerformedProcedureStepDescription', 'RequestedProcedureDescription', 'ScheduledProcedureStepDescription', 'ReasonForStudy',
  'RequestedProcedureComments', 'ImagingServiceRequestComments', 'TextComments', 'DerivationDescription', 'PatientComments',
]);

/**
 * What a sidecar key is, by its name alone.
 *
 * @example
 * classifySidecarKey('PatientName');        // 'identifying'
 * classifySidecarKey('PatientPosition');    // 'keep'
 * classifySidecarKey('SeriesInstanceUID');  // 'uid'
 * classifySidecarKey('AcquisitionDateTime'); // 'date'
 * classifySidecarKey('EchoTime');           // 'keep'
 */
export function classifySidecarKey(key: string): SidecarKeyClass {
  if (key.startsWith('Deidentification')) return 'deidentification';
  if (FREE_TEXT_KEYS.has(key)) return 'free-text';
  if (key.startsWith('Patient') && !PATIENT_ACQUISITION_KEYS.has(key)) return 'identifying';
  if (IDENTIFYING_KEYS.has(key) || /Physician|Operator/.test(key)) return 'identifying';
  if (/UIDs?$/.test(key)) return 'uid';
  if (SITE_KEYS.has(key)) return 'site';
  if (INSTITUTION_KEYS.has(key)) return 'institution';
  if (TIME_KEYS.has(key)) return 'time';
  if (/Date/.test(key)) return 'date';
  return 'keep';
}

/**
 * Keys of dataset_description.json that credit people on purpose (authors, acknowledgements):
 * names there are the researchers', published by choice.
 */
export const ATTRIBUTION_KEYS: ReadonlySet<string> = new Set([
  'Authors', 'Acknowledgements', 'HowToAcknowledge', 'Funding', 'ReferencesAndLinks', 'EthicsApprovals', 'License', 'Name', 'DatasetDOI',
  'GeneratedBy', 'SourceDatasets', 'DatasetLinks', 'BIDSVersion', 'DatasetType', 'HEDVersion',
]);
