/**
 * `convoguard rasa --merge` edits a file the user owns: it never leaves it truncated, never breaks its anchors,
 * aliases or merge keys, keeps its line endings, and says in one line why it cannot write.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { agentPlan, parsePolicy, plan } from '../../lib/policy';
import { emitRasa, mergeEndpoints, MergeError } from '../../lib/rasa';
import { EXAMPLE, exampleText, runCli, tmpDir } from '../helpers';

// Failures are injected at the write the merge makes (the real call runs otherwise).
const mockHooks: { write?: (file: string) => void } = {};
jest.mock('fs', () => {
  const real = jest.requireActual('fs');
  return {
    ...real,
    writeFileSync: (file: unknown, ...rest: unknown[]) => (
      mockHooks.write?.(String(file)),
      real.writeFileSync(file, ...rest)
    ),
  };
});
afterEach(() => delete mockHooks.write);

const FIXTURE = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'endpoints.yml'), 'utf8');
// The merge mechanics are the same for both formats; the 3.12 pipeline writes the most keys (anonymization, logger).
const pipeline = exampleText().replace(
  '{ name: helpdesk, platform: rasa, language: en,',
  "{ name: helpdesk, platform: rasa, language: en, rasa: { version: '3.12' }, model: { provider: spacy, name: en_core_web_lg },",
);
const { endpoints } = emitRasa(agentPlan(plan(parsePolicy(pipeline).policy), 'helpdesk', 'rasa'));
const merge = (text: string) => mergeEndpoints(text, endpoints, 'endpoints.yml');
const refusal = (text: string): string => {
  try {
    merge(text);
  } catch (e) {
    if (e instanceof MergeError) return e.message;
    throw e;
  }
  throw new Error('expected a MergeError');
};

describe('anchors, aliases and merge keys on the keys convoguard writes are refused with their position', () => {
  test('an anchor on anonymization (its aliases elsewhere would dangle)', () => {
    const text = 'anonymization: &anon\n  metadata: { language: en }\nother:\n  copy: *anon\n';
    expect(refusal(text)).toBe(
      'endpoints.yml: 1:16: anonymization has the anchor &anon; convoguard rewrites it, which would change or break every *anon. Remove the anchor (copy the values where *anon is used)',
    );
  });
  test('an anchor inside the anonymization section', () => {
    expect(refusal('anonymization:\n  rule_lists: &lists []\nx: *lists\n')).toMatch(
      /^endpoints\.yml: 2:15: anonymization holds the anchor &lists/,
    );
  });
  test('an event broker that is an alias (its url and credentials live in the anchor)', () => {
    const text = 'kafka: &kafka\n  type: kafka\n  url: broker:9092\n  sasl_password: ${PASS}\nevent_broker: *kafka\n';
    expect(refusal(text)).toBe(
      'endpoints.yml: 5:15: event_broker is an alias (*kafka); convoguard rewrites keys below it. Write the mapping out in place of the alias',
    );
  });
  test('a merge key in the event broker (it could set the url convoguard would keep or write)', () => {
    const text = 'base: &b\n  url: broker:9092\nevent_broker:\n  <<: *b\n  type: kafka\n';
    expect(refusal(text)).toMatch(/^endpoints\.yml: 4:3: event_broker has a merge key \(<<\)/);
  });
  test('anchors and aliases elsewhere are kept byte-for-byte, and an aliased url convoguard keeps is fine', () => {
    const text =
      'defaults: &db\n  db: rasa\ntracker_store:\n  <<: *db\n  type: SQL\nevent_broker:\n  type: kafka\n  url: *u\nurls:\n  - &u broker:9092\n';
    const merged = merge(text);
    expect(merged.startsWith(text.slice(0, text.indexOf('event_broker:')))).toBe(true);
    expect(merged).toContain('  url: *u\n');
  });
});

test('a one-line JSON endpoints.yml is refused at its own first position, asking for block style', () => {
  expect(refusal('{"tracker_store": {"type": "SQL"}, "lock_store": {"type": "redis", "url": "r"}}\n')).toMatch(
    /^endpoints\.yml: 1:1: the file is one flow mapping \(JSON style\); write it in block style \(one key per line\) so convoguard can add [\w.]+ to it$/,
  );
});

describe('line endings and encoding are kept', () => {
  test('a CRLF file comes out CRLF only, with the same keys as the LF merge', () => {
    const crlf = FIXTURE.replace(/\n/g, '\r\n');
    const merged = merge(crlf);
    expect(merged).not.toMatch(/[^\r]\n/);
    expect(merged.replace(/\r\n/g, '\n')).toBe(merge(FIXTURE));
  });
  test('a byte-order mark stays first', () => {
    expect(merge('\uFEFF' + FIXTURE)).toBe('\uFEFF' + merge(FIXTURE));
  });
  test('a file mixing CRLF and LF is refused', () => {
    expect(refusal('a: 1\r\nb: 2\n')).toMatch(/mixes CRLF and LF line endings/);
  });
});

describe('the file is replaced whole or not at all', () => {
  const setup = () => {
    const dir = tmpDir('convoguard-merge-');
    fs.writeFileSync(path.join(dir, 'endpoints.yml'), FIXTURE);
    return dir;
  };
  const run = (dir: string) => runCli(['rasa', EXAMPLE, '--agent', 'helpdesk', '--merge', 'endpoints.yml'], dir);

  test('a full disk while writing leaves the original file byte-for-byte and no temporary file', async () => {
    const dir = setup();
    mockHooks.write = (file) => {
      if (/^\d+$/.test(file) || file.includes('.convoguard-'))
        throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC', syscall: 'write' });
    };
    const r = await run(dir);
    expect(r.code).toBe(2);
    // The write itself has no path: the message names the file it was for.
    expect(r.err.trim().split('\n').pop()).toBe(
      `convoguard rasa: ${path.join(fs.realpathSync(dir), 'endpoints.yml')}: no space left on the device (write, ENOSPC)`,
    );
    expect(fs.readFileSync(path.join(dir, 'endpoints.yml'), 'utf8')).toBe(FIXTURE);
    expect(fs.readdirSync(dir)).toEqual(['endpoints.yml']);
  });

  test('a read-only file is refused in one line and left as it was', async () => {
    const dir = setup();
    fs.chmodSync(path.join(dir, 'endpoints.yml'), 0o444);
    const r = await run(dir);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n').pop()).toBe(
      `convoguard rasa: ${path.join(dir, 'endpoints.yml')}: permission denied (open, EACCES)`,
    );
    expect(fs.readFileSync(path.join(dir, 'endpoints.yml'), 'utf8')).toBe(FIXTURE);
  });

  test('a successful merge keeps the file mode, and parses to the same sections plus convoguard keys', async () => {
    const dir = setup();
    fs.chmodSync(path.join(dir, 'endpoints.yml'), 0o640);
    expect((await run(dir)).code).toBe(0);
    expect(fs.statSync(path.join(dir, 'endpoints.yml')).mode & 0o777).toBe(0o640);
    const doc = parse(fs.readFileSync(path.join(dir, 'endpoints.yml'), 'utf8'));
    expect(Object.keys(doc)).toEqual(
      expect.arrayContaining(['action_endpoint', 'tracker_store', 'event_broker', 'lock_store', 'privacy', 'logger']),
    );
  });

  test('a symlinked endpoints.yml is merged through the link: the file it points to is replaced, the link kept', async () => {
    const dir = setup();
    fs.mkdirSync(path.join(dir, 'config'));
    fs.renameSync(path.join(dir, 'endpoints.yml'), path.join(dir, 'config', 'endpoints.yml'));
    fs.symlinkSync(path.join('config', 'endpoints.yml'), path.join(dir, 'endpoints.yml'));
    expect((await run(dir)).code).toBe(0);
    expect(fs.lstatSync(path.join(dir, 'endpoints.yml')).isSymbolicLink()).toBe(true);
    expect(Object.keys(parse(fs.readFileSync(path.join(dir, 'config', 'endpoints.yml'), 'utf8')))).toEqual(
      expect.arrayContaining(['tracker_store', 'privacy']),
    );
    expect(fs.readdirSync(path.join(dir, 'config'))).toEqual(['endpoints.yml']);
  });

  test('a merge file that is missing, a folder or too large is one line, exit 2', async () => {
    const dir = setup();
    const one = async (arg: string) =>
      (await runCli(['rasa', EXAMPLE, '--agent', 'helpdesk', '--merge', arg], dir)).err.trim();
    expect(await one('nope.yml')).toBe(
      `convoguard rasa: --merge received "nope.yml", which cannot be read (${path.join(dir, 'nope.yml')}: no such file or folder (stat, ENOENT)); nothing was written`,
    );
    fs.writeFileSync(path.join(dir, 'big.yml'), '#'.repeat(1024 * 1024 + 1));
    expect(await one('big.yml')).toBe(
      'convoguard rasa: --merge received "big.yml", which is larger than 1 MiB; an endpoints.yml is far smaller; nothing was written',
    );
  });
});
