/** Stack placement: within CloudFormation's limits, and stable: no agent moves when others come, go or are renamed. */
import {
  needsPlacementFile,
  parsePlacement,
  Placement,
  PlacementError,
  placeAgents,
  renderPlacement,
  samePlacement,
  STACK_LIMITS,
} from '../../lib/policy/placement';

const cost = { resources: 14, bytes: 14_300 };
const fleet = (names: string[]) =>
  new Map(['us-east-1', 'eu-west-1', 'ap-south-1'].map((g) => [g, names.map((name) => ({ name, cost }))]));
const names = (n: number) => Array.from({ length: n }, (_, i) => `bot-${String(i).padStart(3, '0')}`);
const budget = Math.floor(STACK_LIMITS.resources * STACK_LIMITS.fill);
const load = (p: Placement, g: string) => {
  const per = new Map<number, number>();
  for (const i of Object.values(p[g])) per.set(i, (per.get(i) ?? 0) + 1);
  return [...per.entries()].sort(([a], [b]) => a - b);
};

describe('300 agents in three regions', () => {
  const first = placeAgents(fleet(names(100)), undefined);

  test('each stack stays within the budget, and the first fills first', () => {
    const perStack = Math.floor(budget / cost.resources);
    expect(load(first, 'us-east-1')).toEqual([
      [0, perStack],
      [1, perStack],
      [2, perStack],
      [3, 100 - 3 * perStack],
    ]);
    for (const [, n] of load(first, 'eu-west-1')) expect(n * cost.resources).toBeLessThanOrEqual(budget);
    expect(needsPlacementFile(first)).toBe(true);
  });

  test('an agent added in the middle goes where there is room; no other agent moves', () => {
    const list = names(100);
    list.splice(37, 0, 'new-bot');
    const next = placeAgents(fleet(list), first);
    for (const g of Object.keys(first))
      for (const [a, i] of Object.entries(first[g])) expect([a, next[g][a]]).toEqual([a, i]);
    expect(next['us-east-1']['new-bot']).toBe(3);
  });

  test('removing or renaming an agent moves no other agent; the freed room is reused', () => {
    const list = names(100).filter((n) => n !== 'bot-005');
    list[10] = 'renamed-bot';
    const next = placeAgents(fleet(list), first);
    for (const g of Object.keys(first)) {
      for (const [a, i] of Object.entries(first[g])) if (list.includes(a)) expect([a, next[g][a]]).toEqual([a, i]);
      expect(next[g]['bot-005']).toBeUndefined();
    }
    // Two agents left stack 0; the renamed one (a new agent for CloudFormation) takes one of their places.
    expect(next['us-east-1']['renamed-bot']).toBe(0);
  });

  test('without a file, the same policy places the same way (stack 0 first)', () => {
    expect(placeAgents(fleet(names(100)), undefined)).toEqual(first);
  });
});

test('a policy that fits one stack per region needs no file', () => {
  const p = placeAgents(fleet(names(10)), undefined);
  expect(needsPlacementFile(p)).toBe(false);
  expect(samePlacement(undefined, p)).toBe(true);
});

test('an agent over a whole stack, and a stack whose kept agents grew over budget, are refused with what to do', () => {
  expect(() =>
    placeAgents(new Map([['r', [{ name: 'huge', cost: { resources: 600, bytes: 1 } }]]]), undefined),
  ).toThrow(/agent "huge" alone needs 600 resources/);
  const tight = placeAgents(new Map([['r', names(30).map((name) => ({ name, cost }))]]), undefined);
  expect(() =>
    placeAgents(new Map([['r', names(30).map((name) => ({ name, cost: { resources: 20, bytes: 1 } }))]]), tight),
  ).toThrow(PlacementError);
  expect(() =>
    placeAgents(new Map([['r', names(30).map((name) => ({ name, cost: { resources: 20, bytes: 1 } }))]]), tight),
  ).toThrow(/r: stack 0 holds 30 agents \(600 resources, 30 bytes\), over CloudFormation's limits/);
});

test('the file round-trips, sorted; a bad file says where', () => {
  const p: Placement = { 'us-east-1': { b: 1, a: 0 } };
  const text = renderPlacement(p);
  expect(text.indexOf('"a"')).toBeLessThan(text.indexOf('"b"'));
  expect(parsePlacement(text, 'x.json')).toEqual({ 'us-east-1': { a: 0, b: 1 } });
  expect(() => parsePlacement('{"version":1,"aws":{"r":{"a":-1,"b":"2"}}}', 'x.json')).toThrow(
    'x.json:\n  aws.r.a: received -1; expected a stack index from 0 to 999\n  aws.r.b: received "2"; expected a stack index from 0 to 999',
  );
  expect(() => parsePlacement('{', 'x.json')).toThrow(/^x\.json: not valid JSON/);
});
