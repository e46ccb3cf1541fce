import { invalidParameter } from "../core/errors";
import type { EpochSeconds } from "../core/types";

/**
 * AWS's six-field cron (minutes hours day-of-month month day-of-week year), UTC. Supported: numbers,
 * `*`, `?`, ranges, lists, steps, month and weekday names, and `L` (last day of month) in
 * day-of-month. `W` and `#` are refused as unsupported by this local endpoint.
 */
export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  daysOfMonth: Set<number> | "any" | "last";
  months: Set<number>;
  /** 1 = Sunday ... 7 = Saturday, as AWS numbers them. */
  daysOfWeek: Set<number> | "any";
  years: Set<number> | "any";
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const invalid = () => invalidParameter("The ScheduleExpression isn't a valid cron() or rate() expression.");

function parseField(field: string, min: number, max: number, names: string[] = []): Set<number> {
  const values = new Set<number>();
  const toNumber = (token: string) => {
    const named = names.indexOf(token.toUpperCase());
    const value = named >= 0 ? named + min : /^\d+$/.test(token) ? Number(token) : Number.NaN;
    if (!Number.isInteger(value) || value < min || value > max) throw invalid();
    return value;
  };
  for (const part of field.split(",")) {
    const [range, stepText] = part.split("/");
    if (range === undefined || range === "") throw invalid();
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw invalid();
    let low: number;
    let high: number;
    if (range === "*") [low, high] = [min, max];
    else if (range.includes("-")) {
      const [a, b] = range.split("-");
      [low, high] = [toNumber(a ?? ""), toNumber(b ?? "")];
    } else [low, high] = [toNumber(range), stepText === undefined ? toNumber(range) : max];
    if (low > high) throw invalid();
    for (let value = low; value <= high; value += step) values.add(value);
  }
  return values;
}

export function parseCron(body: string): CronSchedule {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw invalid();
  const [minutes, hours, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  if (/[W#]/i.test(dom + dow)) throw invalid();
  // AWS: one of day-of-month and day-of-week must be "?".
  if ((dom === "?") === (dow === "?")) throw invalid();
  return {
    minutes: parseField(minutes, 0, 59),
    hours: parseField(hours, 0, 23),
    daysOfMonth: dom === "?" ? "any" : dom.toUpperCase() === "L" ? "last" : parseField(dom, 1, 31),
    months: parseField(month, 1, 12, MONTHS),
    daysOfWeek: dow === "?" ? "any" : parseField(dow, 1, 7, WEEKDAYS),
    years: year === "*" ? "any" : parseField(year, 1970, 2199),
  };
}

function dayMatches(schedule: CronSchedule, day: Date): boolean {
  const year = day.getUTCFullYear();
  if (schedule.years !== "any" && !schedule.years.has(year)) return false;
  if (!schedule.months.has(day.getUTCMonth() + 1)) return false;
  const dom = schedule.daysOfMonth;
  if (dom === "last") {
    const lastDay = new Date(Date.UTC(year, day.getUTCMonth() + 1, 0)).getUTCDate();
    if (day.getUTCDate() !== lastDay) return false;
  } else if (dom !== "any" && !dom.has(day.getUTCDate())) return false;
  return schedule.daysOfWeek === "any" || schedule.daysOfWeek.has(day.getUTCDay() + 1);
}

/** The first matching minute strictly after `after`, searching up to five years ahead. */
export function nextCronTime(schedule: CronSchedule, after: EpochSeconds): EpochSeconds | null {
  const sortedHours = [...schedule.hours].sort((a, b) => a - b);
  const sortedMinutes = [...schedule.minutes].sort((a, b) => a - b);
  const start = new Date(Math.floor(after / 86_400) * 86_400_000);
  for (let offset = 0; offset < 5 * 366; offset++) {
    const day = new Date(start.getTime() + offset * 86_400_000);
    if (!dayMatches(schedule, day)) continue;
    for (const hour of sortedHours)
      for (const minute of sortedMinutes) {
        const time = day.getTime() / 1000 + hour * 3600 + minute * 60;
        if (time > after) return time;
      }
  }
  return null;
}
