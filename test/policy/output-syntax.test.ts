/**
 * What a policy string must not carry into an output (lib/policy/output-syntax.ts): each refusal located at the
 * string, with why, and what reaches a terminal escaped. Every string of the schema is tried in
 * test/fuzz/syntax.fuzz.test.ts; these are the cases that were found getting through.
 */
import { escapeControls, outputSyntaxProblems } from '../../lib/policy/output-syntax';
import { formatProblem } from '../../lib/policy/errors';
import { policyProblems } from '../helpers';

const lex = (extra: string) =>
  `version: 1\nname: acme\ndetection: { kinds: [email] }\nagents:\n  - { name: billing, platform: lex, region: us-east-1, create: { locale: en_US, intents: [{ name: Pay, utterances: ['pay {email}'], slots: [{ name: email, kind: email${extra}] }] } }\n`;
const rasa = (model: string) =>
  `version: 1\nname: acme\ndetection: { kinds: [email] }\nagents:\n  - { name: help, platform: rasa, language: en, rasa: { version: '3.12' }, model: ${model} }\n`;

describe('CloudFormation dynamic references', () => {
  it('are refused in a slot prompt and a guardrail message, where CloudFormation would resolve them at deploy time', () => {
    expect(policyProblems(lex(", prompt: 'Your code: {{resolve:ssm:/prod/otp}}' }"))).toEqual([
      expect.stringMatching(
        /^p\.yaml:5:\d+ agents\[0\]\.create\.intents\[0\]\.slots\[0\]\.prompt: contains "\{\{resolve:" at character 12: CloudFormation resolves a dynamic reference/,
      ),
    ]);
    const guarded = `${lex(' }')}`.replace(
      'slots: [{ name: email, kind: email }] }] } }',
      "slots: [{ name: email, kind: email }] }] }, generative: { blockedMessage: '{{ resolve:secretsmanager:prod:SecretString:pw }}' } }",
    );
    expect(policyProblems(guarded)).toEqual([
      expect.stringMatching(/agents\[0\]\.generative\.blockedMessage: contains "\{\{ resolve:" at character 1/),
    ]);
  });
});

describe('Rasa environment references', () => {
  it('are refused in the 3.12 model names Rasa reads from endpoints.yml', () => {
    expect(policyProblems(rasa("{ provider: spacy, name: '${AWS_SECRET_ACCESS_KEY}' }"))).toEqual([
      expect.stringMatching(/agents\[0\]\.model\.name: contains "\$\{" at character 1: Rasa expands/),
    ]);
    expect(
      policyProblems(rasa("{ provider: transformers, spacy: en_core_web_sm, transformers: 'dslim/${HF_TOKEN}' }")),
    ).toEqual([expect.stringMatching(/agents\[0\]\.model\.transformers: contains "\$\{" at character 7/)]);
  });

  it('are allowed where the environment is meant (kafka.url), and not judged for agents Rasa never reads', () => {
    expect(
      policyProblems(rasa('{ provider: spacy, name: en_core_web_lg }, kafka: { url: "${KAFKA_BOOTSTRAP_SERVERS}" }')),
    ).toEqual([]);
    const ctx = { platformOf: () => 'lex', hasPlatform: (p: string) => p === 'lex' };
    expect(outputSyntaxProblems('${NOT_RASA}', ['agents', 0, 'create', 'displayName'], ctx)).toEqual([]);
  });
});

describe('control characters', () => {
  it('are refused in values and keys, and a problem that quotes them is one escaped line', () => {
    expect(policyProblems(lex(', prompt: "Email?\\e[2K\\rAll good" }'))).toEqual([
      expect.stringMatching(
        /slots\[0\]\.prompt: contains U\+001B at character 7: control and bidirectional-override characters/,
      ),
    ]);
    const problems = policyProblems(
      'version: 1\nname: acme\ndetection: { kinds: [email] }\ndeidentify:\n  sets:\n    "keep\\e[2K\\e[1A": { rules: [{ kinds: [email], method: mask }] }\nagents:\n  - { name: web, platform: meya }\n',
    );
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) {
      // eslint-disable-next-line no-control-regex -- no raw control character may reach the terminal
      expect(p).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      expect(p).toMatch(/keep\\u(001b|\{1b\})\[2K/);
    }
  });

  it('escapes overrides and newlines for the terminal', () => {
    expect(escapeControls('a\u202eb\u001bc\td')).toBe('a\\u{202e}b\\u{1b}c\td');
    expect(formatProblem({ file: 'p.yaml', line: 1, col: 1, path: 'x["a\nb"]', message: 'm\u2028n' })).toBe(
      'p.yaml:1:1 x["a\\u{a}b"]: m\\u{2028}n',
    );
  });
});
