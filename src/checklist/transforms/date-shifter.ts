/**
 * Date shifting as BIDS recommends: every date of one participant moves back by the same number of
 * days, so intervals between their sessions (and ages at scan) stay true, and lands in 1925 or
 * earlier, so nobody mistakes it for a real date. Offsets are random per participant and per staging
 * run, held in memory only: they are never written anywhere, so they cannot become a second key.
 */
import { randomInt } from 'node:crypto';
import { shiftDate, type CalendarDate } from '../values/dates.js';
import { LATEST_SHIFTED_YEAR } from '../values/text-hits.js';

/**
 * 10,436 weeks (about 200 years): any date up to 2125 lands in 1925 or earlier. Whole weeks keep the
 * weekday, which some analyses of visit schedules use.
 */
const BASE_SHIFT_DAYS = 10_436 * 7;
/** A random extra of up to a year, in whole weeks, so the shift cannot be undone by subtracting 200 years. */
const EXTRA_WEEKS = 53;

export class DateShifter {
  readonly #offsets = new Map<string, number>();

  /** `random(max)` returns an integer in [0, max); injectable so tests can fix the offsets. */
  constructor(private readonly random: (max: number) => number = (max) => randomInt(max)) {}

  /**
   * The participant's offset in days (negative), the same for every call in this run. The key ''
   * stands for dates that belong to no participant (dataset-level tables).
   *
   * @example
   * shifter.offsetFor('01'); // -73087
   */
  offsetFor(participant: string): number {
    let offset = this.#offsets.get(participant);
    if (offset === undefined) {
      offset = -(BASE_SHIFT_DAYS + 7 * this.random(EXTRA_WEEKS));
      this.#offsets.set(participant, offset);
    }
    return offset;
  }

  /**
   * The date shifted with the participant's offset, or null when it would still fall after 1925 (a
   * date more than two centuries ahead: a typo, removed rather than kept).
   *
   * @example
   * shifter.shift('01', { year: 2021, month: 3, day: 4, time: null }); // {year: 1821, …}
   */
  shift(participant: string, date: CalendarDate): CalendarDate | null {
    const shifted = shiftDate(date, this.offsetFor(participant));
    return shifted.year <= LATEST_SHIFTED_YEAR ? shifted : null;
  }
}
