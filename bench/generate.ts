/**
 * Policies of N agents for `npm run bench`: N lex agents over three AWS regions, or N dialogflow-cx agents over three
 * project/locations, each created by convoguard with the same detection (email, phone, credit card, one custom
 * pattern, the SSML markers). The hand-written baselines in bench/baseline/ declare the same resources for the same N.
 */
export type BenchTarget = 'aws' | 'gcp';

export const BENCH_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'] as const;
export const BENCH_PROJECTS = [
  { project: 'bench-p1', location: 'us-central1' },
  { project: 'bench-p2', location: 'europe-west2' },
  { project: 'bench-p3', location: 'us-west1' },
] as const;

/** The i-th agent's name on a target. */
export function agentName(target: BenchTarget, i: number): string {
  return `${target === 'aws' ? 'a' : 'g'}${i}`;
}

/** A mixed fleet: `n` lex agents and `n` dialogflow-cx agents in one policy (the gate and report rows). */
export function mixedPolicy(n: number): string {
  const gcp = benchPolicy(n, 'gcp').split('\n');
  return [...benchPolicy(n, 'aws').trimEnd().split('\n'), ...gcp.slice(gcp.indexOf('agents:') + 1)].join('\n');
}

export function benchPolicy(n: number, target: BenchTarget): string {
  const head = [
    'version: 1',
    'name: bench',
    "detection: { kinds: [email, phone, credit_card], custom: [{ name: ORDER_NUMBER, pattern: 'ORD-[0-9]{8}' }] }",
    // The access policy is the example's: one decrypter, enforced.
    "access: { decrypters: { aws: ['arn:aws:iam::111122223333:role/PrivacyOfficer'], gcp: ['group:privacy-officers@example.com'] } }",
    'agents:',
  ];
  const agents = Array.from({ length: n }, (_, i) => {
    const name = agentName(target, i);
    if (target === 'aws') {
      return `  - { name: ${name}, platform: lex, region: ${BENCH_REGIONS[i % 3]}, create: { locale: en_US, intents: [{ name: Pay, utterances: ['pay my bill', 'my email is {email}'], slots: [{ name: email, kind: email }] }] } }`;
    }
    const { project, location } = BENCH_PROJECTS[i % 3];
    return `  - { name: ${name}, platform: dialogflow-cx, project: ${project}, location: ${location}, create: { displayName: G${i}, language: en, timeZone: Europe/London } }`;
  });
  return [...head, ...agents, ''].join('\n');
}
