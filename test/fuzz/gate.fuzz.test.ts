/**
 * Generated weakenings through the gate (test/report/mutations.ts): every value of the example's deployed output
 * removed, replaced or widened, resources copied under new ids, conditions and allow-everything statements added.
 * `npm test` runs every 12th mutation; `npm run fuzz` runs them all and prints the figure.
 */
import { readSynthesis } from '../../lib/report/gate';
import { exampleSynthesis } from '../helpers';
import { mutableFiles, mutationsOf, runMutations } from '../report/mutations';

const LONG = process.env.npm_lifecycle_event === 'fuzz';

test(`every generated mutation of the deployed output fails the gate or leaves protection as it was (${LONG ? 'all' : 'every 12th'})`, () => {
  const base = readSynthesis(exampleSynthesis());
  const all = mutableFiles(base).flatMap(mutationsOf);
  const sample = LONG ? all : all.filter((_, i) => i % 12 === 0);
  const figure = runMutations(base, sample);
  if (LONG) process.stdout.write(`gate mutations: ${JSON.stringify({ ...figure, missed: figure.missed.length })}\n`);
  expect(figure.missed).toEqual([]);
  // The generator reaches every file kind the deploy tools and agents read, and most mutations are caught.
  expect(new Set(sample.map((m) => m.file.split('/')[0])).size).toBe(3);
  expect(figure.mutations).toBeGreaterThan(LONG ? 3000 : 250);
  expect(figure.caught / figure.mutations).toBeGreaterThan(0.5);
});
