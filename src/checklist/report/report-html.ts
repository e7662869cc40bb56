/**
 * The anonymization report as one self-contained, printable HTML page: no script, no external
 * resource (pictures are data: URIs), a Content-Security-Policy that would block both anyway, and
 * every value escaped. Something a data protection officer can read, print and sign.
 */
import { SMALL_GROUP, type KAnonymity } from '../k-anonymity.js';
import type { KeyRecord } from '../state/checklist-state.js';
import type { StageRecord } from '../stage/last-stage.js';
import { html, Markup } from './html.js';
import type { DefacingRow } from '../items/defacing.js';
import type { ReportData } from './report-data.js';

const STYLE = new Markup(`
body { font: 14px/1.45 system-ui, sans-serif; color: #111; max-width: 1100px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #999; padding-bottom: 0.2em; margin-top: 2em; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; } th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eee; } tr { break-inside: avoid; } code, .path { font-family: ui-monospace, monospace; font-size: 0.92em; word-break: break-all; }
.status { font-weight: bold; text-transform: uppercase; } .done { color: #0a6b2d; } .todo { color: #8a5a00; } .attention, .blocking { color: #b00020; }
.gate { border: 3px solid; padding: 0.6em 1em; font-size: 1.2em; } .gate.passed { border-color: #0a6b2d; } .gate.failed { border-color: #b00020; }
.small { background: #fde8e8; } .muted { color: #555; } figure { display: inline-block; margin: 0.3em; max-width: 48%; } figure img { max-width: 100%; border: 1px solid #ccc; }
.sign td { height: 3em; } @media print { body { margin: 0; max-width: none; } a { color: inherit; } }
`);

const list = (lines: readonly string[]) => (lines.length ? html`<ul>${lines.map((line) => html`<li>${line}</li>`)}</ul>` : null);

function gateSection(stage: StageRecord | null): Markup {
  if (!stage) return html`<p class="gate failed">No publication copy has been staged yet: <strong>not publishable</strong>.</p>`;
  const { gate } = stage;
  return html`<div class="gate ${gate.passed ? 'passed' : 'failed'}">
    Gate: <strong>${gate.passed ? 'PASSED' : 'NOT PASSED'}</strong> — copy <span class="path">${stage.out}</span>, staged ${stage.staged.at} by ${stage.staged.user}
    (${gate.blocking} blocking, ${gate.warnings} warnings in the copy; MANIFEST sha256 <code>${stage.manifestSha256}</code>)
    ${list(gate.reasons)}</div>`;
}

function checklistSection(data: ReportData): Markup {
  return html`<table><tr><th>#</th><th>Item</th><th>Status</th><th>Evidence</th><th>Left to do</th></tr>
    ${data.items.map((item, index) => html`<tr><td>${index + 1}</td><td>${item.title}</td><td class="status ${item.status}">${item.status}</td><td>${list(item.evidence)}</td><td>${list(item.todo)}</td></tr>`)}
  </table>`;
}

/** The recognizability check's answer for one image, in words. */
function faceCell(faces: DefacingRow['faces']): string {
  if (faces === null) return 'not run';
  const defaced = faces.faceFoundDefaced
    ? `a face FOUND on the defaced image (score ${faces.maxScoreDefaced.toFixed(2)})${faces.sameIdentity ? ', the same person' : ''}`
    : `no face on the defaced image (best ${faces.maxScoreDefaced.toFixed(2)}, a face at ${faces.threshold})`;
  return `${defaced}; ${faces.faceFoundOriginal ? 'a face found on the original' : 'none on the original either: proves nothing'}`;
}

function defacingSection(data: ReportData): Markup {
  const rows = data.defacing.map(
    (row) => html`<tr><td class="path">${row.image}</td><td>${row.state}</td><td class="path">${row.output ?? '—'}</td><td>${row.selfCheck ?? '—'}</td><td>${row.engine ?? '—'}</td><td class="${row.faces?.faceFoundDefaced ? 'attention' : ''}">${faceCell(row.faces)}</td>
      <td class="${row.review?.verdict === 'pass' ? 'done' : 'attention'}">${row.review ? `${row.review.verdict}, ${row.review.reviewedAt}` : 'not reviewed'}</td><td>${row.review?.note ?? ''}</td></tr>`,
  );
  const pictures = data.pictures.map((picture) => html`<figure><img src="${picture.dataUri}" alt="${picture.file}"><figcaption class="path">${picture.image === null ? picture.file : `${picture.image}: ${picture.file.split('/').at(-1) ?? ''}`}</figcaption></figure>`);
  return html`${rows.length ? html`<table><tr><th>T1 image</th><th>State</th><th>Defaced output</th><th>Self-check</th><th>Engine</th><th>Face detector on 3D renders</th><th>Review</th><th>Note</th></tr>${rows}</table>` : html`<p>No T1-weighted image goes into the copy.</p>`}
    <h3>QC pictures</h3>${pictures.length ? pictures : html`<p class="muted">No QC pictures were found (veil deface --qc-png, or the Compare view's exports in .veil/snapshots/).</p>`}`;
}

function keySection(key: KeyRecord | null, warning: string, candidates: ReportData['keyCandidates']): Markup {
  const candidateList = candidates.length ? html`<p>Candidate key files found: ${list(candidates.map((candidate) => `${candidate.file}: ${candidate.reasons.join('; ')}`))}</p>` : html`<p>No candidate key file was found in the dataset.</p>`;
  if (key === null) return html`<p class="todo">Nothing recorded.</p>${candidateList}`;
  switch (key.status) {
    case 'none':
      return html`<p>No key exists. Reason: “${key.reason}”. Recorded by ${key.recorded.user} on ${key.recorded.at}.</p>${candidateList}`;
    case 'marked':
      return html`<p class="todo"><span class="path">${key.file}</span> is marked as the key (sha256 <code>${key.sha256}</code>) but not disposed of.</p>${candidateList}`;
    case 'disposed':
      return html`<table><tr><th>File</th><td class="path">${key.file}</td></tr><tr><th>sha256</th><td><code>${key.sha256}</code></td></tr><tr><th>Size</th><td>${key.size} bytes</td></tr>
        <tr><th>Deleted</th><td>${key.disposed.at} by ${key.disposed.user} on ${key.host}</td></tr><tr><th>Verified gone</th><td>${key.verifiedGone ? 'yes' : 'no'}</td></tr></table>
        <p><strong>Warning:</strong> ${warning}</p>${candidateList}`;
  }
}

function minimizationSection(data: ReportData): Markup {
  const columns = data.personalColumns.map(
    (column) => html`<tr><td>${column.column}</td><td>${column.role}</td><td class="path">${column.tables.join(', ')}</td><td>${column.dropped ? 'left out' : column.justification ? `kept: ${column.justification.text} (${column.justification.by.user}, ${column.justification.by.at})` : html`<span class="todo">not justified</span>`}</td></tr>`,
  );
  const excluded = data.stage?.excluded ?? [];
  return html`${columns.length ? html`<table><tr><th>Column</th><th>Kind</th><th>Tables</th><th>Decision</th></tr>${columns}</table>` : html`<p>No personal-data column goes into the copy.</p>`}
    ${excluded.length ? html`<h3>Left out of the copy (${excluded.length})</h3><table><tr><th>File</th><th>Why</th></tr>${excluded.map((entry) => html`<tr><td class="path">${entry.path}</td><td>${entry.reason}</td></tr>`)}</table>` : null}`;
}

function kTable(label: string, result: KAnonymity): Markup {
  return html`<h4>${label}: k = ${result.k ?? 'n/a'}</h4><table><tr>${result.quasiIdentifiers.map((name) => html`<th>${name}</th>`)}<th>Records</th><th>Participants (groups under ${SMALL_GROUP})</th></tr>
    ${result.groups.map((group) => html`<tr class="${group.size < SMALL_GROUP ? 'small' : ''}">${group.values.map((value) => html`<td>${value}</td>`)}<td>${group.size}</td><td>${group.size < SMALL_GROUP ? group.records.join(', ') : ''}</td></tr>`)}</table>`;
}

function generalizationSection(data: ReportData): Markup {
  const { generalization, metadata } = data.choices;
  return html`<p>Dates of birth → ${generalization.dateOfBirth === 'birth-year' ? 'birth year' : 'age in whole years'}; ages → ${generalization.ages === 'years' ? 'whole years' : `${generalization.ageBandWidth}-year bands`}, top-coded at 89+;
    dates → ${generalization.dates === 'shift' ? 'shifted into 1925 or earlier with one random offset per participant (never stored)' : 'removed'}. Institution in sidecars: ${metadata.keepInstitution ? `kept (${metadata.keepInstitution.reason})` : 'removed'}.</p>
    ${data.kAnonymity.map((report) => html`<h3>k-anonymity of <span class="path">${report.file}</span> over ${report.after.quasiIdentifiers.join(', ')}</h3>${report.after.missing.length ? html`<p class="muted">Not in the table: ${report.after.missing.join(', ')}.</p>` : null}${kTable('Before', report.before)}${kTable('After generalization', report.after)}`)}`;
}

function stageSection(stage: StageRecord | null): Markup {
  if (!stage) return html`<p>No publication copy has been staged yet.</p>`;
  const findings = stage.findings.map((finding) => html`<tr><td class="${finding.severity}">${finding.severity}</td><td class="path">${finding.file}</td><td>${finding.field ?? ''}</td><td>${finding.excerpt}</td><td>${finding.message}</td><td><code>${finding.rule}</code></td></tr>`);
  return html`<h3>Per-file actions (${stage.files.length} files)</h3><table><tr><th>Source</th><th>In the copy</th><th>Actions</th></tr>
    ${stage.files.map((file) => html`<tr><td class="path">${file.source ?? '(written by Veil)'}</td><td class="path">${file.copy}</td><td>${list(file.actions)}</td></tr>`)}</table>
    <h3>Findings in the copy (${stage.findings.length})</h3>${findings.length ? html`<table><tr><th>Severity</th><th>File</th><th>Field</th><th>Excerpt</th><th>Finding</th><th>Rule</th></tr>${findings}</table>` : html`<p class="done">None: every detector came back empty.</p>`}`;
}

/**
 * The report page.
 *
 * @example
 * await writeFile('report.html', renderReportHtml(await buildReport(root)));
 */
export function renderReportHtml(data: ReportData): string {
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>Anonymization report: ${data.dataset.name}</title><style>${STYLE}</style></head>
<body>
<h1>Anonymization report: ${data.dataset.name}</h1>
<p class="muted">Dataset <span class="path">${data.dataset.root}</span>. Generated ${data.generated.at} by ${data.generated.user} with Veil ${data.tools.veil}.</p>
${gateSection(data.stage)}
<h2>Checklist</h2>${checklistSection(data)}
<h2>1. Defacing and de-earing</h2>${defacingSection(data)}
<h2>2. Pseudonymization key</h2>${keySection(data.key, data.keyWarning, data.keyCandidates)}
<h2>3. Data minimization</h2>${minimizationSection(data)}
<h2>4–5. Generalization and metadata</h2>${generalizationSection(data)}
<h2>Publication copy</h2>${stageSection(data.stage)}
<h2>Decisions (audit log)</h2><table><tr><th>Time</th><th>User</th><th>Action</th><th>Details</th></tr>${data.audit.map((entry) => html`<tr><td>${entry.at}</td><td>${entry.user}</td><td>${entry.action}</td><td><code>${JSON.stringify(entry.details)}</code></td></tr>`)}</table>
<h2>Tools</h2><table><tr><th>Veil</th><td>${data.tools.veil}</td></tr><tr><th>Deface engines</th><td>${data.tools.engines.join(', ') || '—'}</td></tr><tr><th>Node.js</th><td>${data.tools.node}</td></tr><tr><th>System</th><td>${data.tools.platform}, host ${data.tools.host}</td></tr></table>
<h2>Sign-off</h2><table class="sign"><tr><th>Researcher (name, date, signature)</th><td></td></tr><tr><th>Data protection officer (name, date, signature)</th><td></td></tr></table>
</body></html>
`;
  return page.text;
}
