/**
 * Who did something and when, for the checklist's evidence and audit log: the operating-system user
 * (what a data protection officer can trace to a person) and the time.
 */
import os from 'node:os';
import { z } from 'zod';

export const ActorSchema = z.strictObject({
  /** ISO 8601 time. */
  at: z.string(),
  /** The operating-system user name. */
  user: z.string(),
});
export type Actor = z.infer<typeof ActorSchema>;

/**
 * The current OS user and time. `os.userInfo()` throws where the user has no passwd entry (some
 * containers); then the environment's name is used, or the numeric id.
 *
 * @example
 * currentActor(); // {at: '2026-11-25T10:00:00.000Z', user: 'jandev'}
 */
export function currentActor(): Actor {
  let user: string;
  try {
    user = os.userInfo().username;
  } catch {
    user = process.env.USER ?? process.env.USERNAME ?? `uid ${process.getuid?.() ?? 'unknown'}`;
  }
  return { at: new Date().toISOString(), user };
}
