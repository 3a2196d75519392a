import type { PostureRule, RuleFinding } from './rule';

export const meyaEncryption: PostureRule = {
  id: 'CG-MEYA-SCOPE',
  severity: 'high',
  platforms: ['meya'],
  description: 'Meya encrypts transcripts and transport data of sensitive fields.',
  check(a) {
    const out: RuleFinding[] = [];
    if (a.meya && !a.meya.transport)
      out.push({
        resource: a.source,
        message: 'Meya transport encryption is off: HTTP and websocket data are not encrypted',
      });
    if (a.meya && !a.meya.transcript)
      out.push({
        resource: a.source,
        message: 'Meya transcript encryption is off: events, data scopes and media are not encrypted',
      });
    return out;
  },
};
