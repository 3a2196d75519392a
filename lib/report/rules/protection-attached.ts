import { platformModule } from '../../policy/platforms';
import type { PostureRule } from './rule';

export const protectionAttached: PostureRule = {
  id: 'CG-ATTACHED',
  severity: 'high',
  description: 'Redaction that is not attached to the agent protects nothing.',
  check: (a) =>
    a.attached
      ? []
      : [
          {
            resource: a.source,
            message: `protection not attached: ${platformModule(a.platform).notAttached}`,
            planned: a.expected?.attachedBySynth === false,
          },
        ],
};
