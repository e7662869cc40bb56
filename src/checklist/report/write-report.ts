/**
 * `veil report DIR --out report.html`: writes the HTML report and its JSON beside it
 * (`report.json`, pictures referenced by path instead of embedded). The report names source paths
 * and decisions, so it may not be written into the publication copy.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { VeilError } from '../../api/result.js';
import { isWithin } from '../../datasets/containment.js';
import { fileSystemError } from '../../files/fs-errors.js';
import { buildReport, type ReportData } from './report-data.js';
import { renderReportHtml } from './report-html.js';

/** Where the app writes a dataset's report: with the source's other records, never in the publication copy. */
export const DATASET_REPORT_FILE = '.veil/report/report.html';

/**
 * Writes the report of the dataset at `root` to `htmlFile` and `htmlFile` with `.json`; returns both paths.
 *
 * @example
 * await writeReport('/data/study', '/data/reports/study.html'); // {html: '/data/reports/study.html', json: '/data/reports/study.json', data}
 */
export async function writeReport(root: string, htmlFile: string): Promise<{ html: string; json: string; data: ReportData }> {
  const data = await buildReport(root);
  const target = path.resolve(htmlFile);
  if (data.stage && isWithin(data.stage.out, target)) {
    throw new VeilError('BAD_REQUEST', `${target} is inside the publication copy ${data.stage.out}; the report names source files, so write it elsewhere.`);
  }
  const jsonFile = target.replace(/\.html?$/i, '') + '.json';
  const json = { ...data, pictures: data.pictures.map(({ file, image }) => ({ file, image })) };
  for (const [file, text] of [
    [target, renderReportHtml(data)],
    [jsonFile, `${JSON.stringify(json, null, 2)}\n`],
  ] as const) {
    try {
      await writeFile(file, text);
    } catch (error) {
      throw fileSystemError(error, 'write', file);
    }
  }
  return { html: target, json: jsonFile, data };
}
