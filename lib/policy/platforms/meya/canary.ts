/** Where `convoguard canary` looks on a meya agent: nowhere it can query; what to check in Meya Console instead. */
import type { CanaryCheck } from '../types';

export function canaryChecks(): { checks: CanaryCheck[]; notes: string[] } {
  return {
    checks: [],
    notes: [
      'Meya encrypts sensitive data in its own storage: check in Meya Console that the canary conversation shows encrypted fields; nothing can be queried from here.',
    ],
  };
}
