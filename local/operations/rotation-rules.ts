import { invalidParameter, validation } from "../core/errors";
import type { EpochSeconds } from "../core/types";
import { SECONDS_PER_DAY, startOfDay } from "./context";
import { nextCronTime, parseCron } from "./cron-expression";
import { type Input, optionalInteger, optionalObject, optionalString } from "./validation";

/** RotationRules as AWS's wire object. */
export interface RotationRules {
  AutomaticallyAfterDays?: number;
  Duration?: string;
  ScheduleExpression?: string;
}

export const DAYS_RANGE = "RotationRules.AutomaticallyAfterDays must be within 1-1000.";

const RATE = /^rate\(\s*(\d+)\s+(hour|hours|day|days)\s*\)$/;
const CRON = /^cron\((.*)\)$/;

type Schedule =
  | { kind: "hours"; every: number }
  | { kind: "days"; every: number }
  | { kind: "cron"; body: string };

function parseSchedule(rules: RotationRules): Schedule | undefined {
  if (rules.AutomaticallyAfterDays !== undefined)
    return { kind: "days", every: rules.AutomaticallyAfterDays };
  const expression = rules.ScheduleExpression;
  if (expression === undefined) return undefined;
  const rate = RATE.exec(expression);
  if (rate) {
    const every = Number(rate[1]);
    return rate[2]?.startsWith("hour") ? { kind: "hours", every } : { kind: "days", every };
  }
  const cron = CRON.exec(expression);
  if (cron) return { kind: "cron", body: cron[1] ?? "" };
  throw invalidParameter("The ScheduleExpression isn't a valid cron() or rate() expression.");
}

/**
 * Reads and checks RotationRules as AWS does: AutomaticallyAfterDays 1-1000 (else InvalidParameterException
 * "RotationRules.AutomaticallyAfterDays must be within 1-1000.") or a ScheduleExpression (1-256 of the
 * model's characters), not both; rate() at least every 4 hours and at most 999 days; Duration "Nh" from 1h to 24h, not longer
 * than an hourly rate. For rate(N days) AWS also reports AutomaticallyAfterDays = N, so we store it.
 */
export function readRotationRules(input: Input): RotationRules | undefined {
  const object = optionalObject(input, "RotationRules");
  if (!object) return undefined;
  const days = optionalInteger(object, "AutomaticallyAfterDays");
  if (days !== undefined && (days < 1 || days > 1000)) throw invalidParameter(DAYS_RANGE);
  const duration = optionalString(object, "Duration", { min: 2, max: 3, pattern: /^[0-9]{1,2}h$/ });
  const expression = optionalString(object, "ScheduleExpression", {
    min: 1,
    max: 256,
    pattern: /^[0-9A-Za-z()#?*\-/, ]+$/,
  });
  if (days !== undefined && expression !== undefined)
    throw invalidParameter("You can't specify both AutomaticallyAfterDays and ScheduleExpression.");
  const rules: RotationRules = {};
  if (days !== undefined) rules.AutomaticallyAfterDays = days;
  if (expression !== undefined) rules.ScheduleExpression = expression;
  if (duration !== undefined) rules.Duration = duration;
  const schedule = parseSchedule(rules);
  if (!schedule)
    throw validation("rotationRules", "Member must specify AutomaticallyAfterDays or ScheduleExpression");
  if (schedule.kind === "hours" && schedule.every < 4)
    throw invalidParameter("The rotation interval must be at least 4 hours.");
  if (schedule.kind === "days" && expression !== undefined && (schedule.every < 1 || schedule.every > 999))
    throw invalidParameter("The rotation interval must be between 1 and 999 days.");
  if (schedule.kind === "cron") parseCron(schedule.body);
  if (duration !== undefined) {
    const hours = Number(duration.slice(0, -1));
    if (hours < 1 || hours > 24) throw invalidParameter("The Duration must be between 1h and 24h.");
    if (schedule.kind === "hours" && hours > schedule.every)
      throw invalidParameter("The rotation window can't extend into the next rotation window.");
  }
  if (schedule.kind === "days" && expression !== undefined) rules.AutomaticallyAfterDays = schedule.every;
  return rules;
}

/**
 * When the next rotation window opens after `from`: day schedules open at midnight UTC N days on, hour
 * rates every N hours from midnight (restarting each day), cron at its next match.
 */
export function nextRotationDate(rules: RotationRules, from: EpochSeconds): EpochSeconds | null {
  const schedule = parseSchedule(rules);
  if (!schedule) return null;
  const midnight = startOfDay(from);
  switch (schedule.kind) {
    case "days":
      return midnight + schedule.every * SECONDS_PER_DAY;
    case "hours": {
      const step = schedule.every * 3600;
      const next = midnight + (Math.floor((from - midnight) / step) + 1) * step;
      return Math.min(next, midnight + SECONDS_PER_DAY);
    }
    case "cron":
      return nextCronTime(parseCron(schedule.body), from);
  }
}

export const parseStoredRules = (json: string | null): RotationRules | undefined =>
  json === null ? undefined : (JSON.parse(json) as RotationRules);
