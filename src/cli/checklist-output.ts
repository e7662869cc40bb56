/**
 * How the checklist commands print: findings grouped by file, the five items with their evidence and
 * what is left, and the gate. Values appear only as the detectors' masked excerpts.
 */
import type { Finding } from '../checklist/findings.js';
import type { ChecklistItem } from '../checklist/items/evaluate-checklist.js';
import type { Gate } from '../checklist/stage/last-stage.js';

/**
 * Findings as lines, grouped under their file; at most `limit` findings (the rest counted).
 *
 * @example
 * formatFindings(findings, 100);
 * // ['participants.tsv', '  BLOCKING  email  ja… (15 characters)  Column "email" holds e-mail addresses … [table.email]', …]
 */
export function formatFindings(findings: readonly Finding[], limit: number): string[] {
  const lines: string[] = [];
  let file: string | null = null;
  for (const finding of findings.slice(0, limit)) {
    if (finding.file !== file) {
      file = finding.file;
      lines.push(file);
    }
    const where = [finding.field, finding.excerpt].filter(Boolean).join('  ');
    lines.push(`  ${finding.severity === 'blocking' ? 'BLOCKING' : 'warning '}  ${where ? `${where}  ` : ''}${finding.message} [${finding.rule}]`);
  }
  if (findings.length > limit) lines.push(`… and ${findings.length - limit} more (use --json for all).`);
  return lines;
}

/**
 * The five items with status, evidence and what is left.
 *
 * @example
 * formatItems(evaluation.items); // ['[done] 1. Defacing and de-earing', '       2 of 2 T1-weighted images …', …]
 */
export function formatItems(items: readonly ChecklistItem[]): string[] {
  return items.flatMap((item, index) => [
    `[${item.status}] ${index + 1}. ${item.title}`,
    ...item.evidence.map((line) => `       ${line}`),
    ...item.todo.map((line) => `     → ${line}`),
  ]);
}

/**
 * The gate in one line and its reasons.
 *
 * @example
 * formatGate(gate); // ['Gate: NOT PASSED', '  1 blocking finding remains in the copy.']
 */
export function formatGate(gate: Gate): string[] {
  return [`Gate: ${gate.passed ? 'PASSED' : 'NOT PASSED'} (${gate.blocking} blocking, ${gate.warnings} warnings in the copy)`, ...gate.reasons.map((reason) => `  ${reason}`)];
}
