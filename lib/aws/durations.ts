import { Duration } from 'aws-cdk-lib';

/**
 * A period a construct takes as a `Duration` prop (as aws-cdk's constructs do) or, deprecated, as a number-of-days
 * prop, in whole days: what KMS and S3 lifecycle rules take. A problem (pushed to `problems`, named by the props)
 * when both are given or the duration is not whole days; a token duration passes through (checked at deploy).
 * Decided once for the constructs.
 */
export function wholeDays<P, D extends keyof P & string, N extends keyof P & string>(
  problems: string[],
  props: P & { readonly [k in D]?: Duration } & { readonly [k in N]?: number },
  durationProp: D,
  daysProp: N,
  fallback: number,
): number {
  const duration = props[durationProp] as Duration | undefined;
  const days = props[daysProp] as number | undefined;
  if (duration !== undefined && days !== undefined) {
    problems.push(`received both ${durationProp} and ${daysProp}; expected one (${daysProp} is deprecated)`);
    return fallback;
  }
  if (duration === undefined) return days ?? fallback;
  if (duration.isUnresolved()) return duration.toDays();
  try {
    return duration.toDays({ integral: true });
  } catch {
    problems.push(`${durationProp} received ${duration.toHumanString()}; expected whole days`);
    return fallback;
  }
}
