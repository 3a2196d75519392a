import { Duration } from 'aws-cdk-lib';

/**
 * A period a construct takes as a `Duration` (as aws-cdk's constructs do) or, deprecated, as a number of days, in
 * whole days: what KMS and S3 lifecycle rules take. A problem (pushed to `problems`) when both are given or the
 * duration is not whole days; a token duration passes through (checked at deploy). Decided once for the constructs.
 */
export function wholeDays(
  problems: string[],
  p: {
    readonly duration: Duration | undefined;
    readonly durationName: string;
    readonly days: number | undefined;
    readonly daysName: string;
    readonly fallback: number;
  },
): number {
  if (p.duration !== undefined && p.days !== undefined) {
    problems.push(`received both ${p.durationName} and ${p.daysName}; expected one (${p.daysName} is deprecated)`);
    return p.fallback;
  }
  if (p.duration === undefined) return p.days ?? p.fallback;
  if (p.duration.isUnresolved()) return p.duration.toDays();
  try {
    return p.duration.toDays({ integral: true });
  } catch {
    problems.push(`${p.durationName} received ${p.duration.toHumanString()}; expected whole days`);
    return p.fallback;
  }
}
