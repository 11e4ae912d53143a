import type { DemoTask } from './demo-tasks';
import type { Random } from './random';

// What demo agents think and say, filled in from their task so a transcript
// reads as one piece of work rather than lorem ipsum.

export type StepMoment = 'start' | 'explore' | 'after_failure' | 'wrap_up';

const thoughts: Record<StepMoment, readonly string[]> = {
  start: [
    'The user wants me to {title_lc}. Before touching anything I should read {file} and see how {pattern} flows through it.',
    'Start with the smallest reproduction. {test} should tell me whether this fails deterministically.',
    'I need the shape of the code first: where {pattern} is defined, who calls it, and which tests cover it.',
  ],
  explore: [
    '{file2} calls into {file} in two places. The second one looks like the suspicious path.',
    'The grep hits suggest {pattern} is used more widely than the task implies; I should not change its signature.',
    'That output narrows it down. I think {finding}.',
    'The existing tests only cover the happy path, which is why this slipped through.',
    'Reading the rest of {file} will cost context but the helper at the bottom matters for the fix.',
    'The error message points at {file2}, but the cause is upstream: the value is already wrong when it arrives.',
    'Two hypotheses: a race in the setup, or state leaking between tests. The output favours the second.',
    'I should check whether anything else depends on the current ordering before I change it.',
    'The config is loaded once at start-up, so the change will not show until the process restarts.',
  ],
  after_failure: [
    'The command failed. The first error is the real one; the rest cascade from it.',
    'That edit did not apply because the surrounding text changed. Re-read the file before editing again.',
    'Tests still fail, but differently: progress. The remaining failure is in the assertion on the error message.',
  ],
  wrap_up: [
    'Everything passes now. Summarise the cause, the change, and how I verified it.',
    'I have enough to answer. Keep the summary short and list the files touched.',
    'Done with the change; mention the follow-up the user may want to schedule.',
  ],
};

const preambles: Record<string, readonly string[]> = {
  read: ['Let me read `{target}` first.', 'I will look at `{target}` to see the current behaviour.', 'Checking `{target}`.'],
  grep: ['Searching for `{pattern}` to find every call site.', 'Let me see where `{pattern}` is used.'],
  glob: ['Listing the files around `{file}`.', 'Let me find the related test files.'],
  bash: ['Running `{target}` to reproduce.', 'Let me run `{target}`.', 'Now `{target}` to check the change.'],
  edit: ['Applying the change to `{target}`.', 'Updating `{target}`: {change}.', 'Editing `{target}`.'],
  webfetch: ['Checking the documentation to be sure of the semantics.', 'Let me confirm this against the docs at {target}.'],
  task: ['I will hand the survey of call sites to a sub-agent while I keep the main thread short.', 'Delegating the search across the repository to a sub-agent.'],
};

/** What an agent explains to the user between tool calls. */
const explanations = [
  '`{file}` owns the behaviour the task is about, and {file2} is its main caller.',
  'The failure mode matches what the task describes: it only shows up when two requests overlap.',
  'Every path that reaches `{pattern}` goes through the same helper, so one fix should cover them all.',
  'I want to confirm the current behaviour before changing anything, so the fix can be checked against it.',
  'The existing tests exercise the happy path only; I will add a case for the edge the bug lives on.',
  'There is a second, older code path that still uses the previous approach. I will leave it alone and mention it.',
  'Looking at the history, the last change here was a refactor that moved the timeout handling out of the loop.',
  'So far it looks like {finding}.',
  'The plan: {change}, then run {test} to make sure nothing else moved.',
  'That result is consistent with my hypothesis, but I want one more data point before editing.',
];

function fill(template: string, task: DemoTask, extra: Record<string, string> = {}): string {
  const values: Record<string, string> = {
    title_lc: task.title.charAt(0).toLowerCase() + task.title.slice(1),
    file: task.files[0]!,
    file2: task.files[1] ?? task.files[0]!,
    pattern: task.searchPattern,
    test: `\`${task.testCommand}\``,
    finding: task.finding,
    change: task.change,
    ...extra,
  };
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

export function thoughtFor(rng: Random, task: DemoTask, moment: StepMoment): string {
  return fill(rng.pick(thoughts[moment]), task);
}

/** The sentence an agent says before calling a tool. */
export function preambleFor(rng: Random, task: DemoTask, toolName: string, target: string): string {
  return fill(rng.pick(preambles[toolName] ?? ['Next, `{target}`.']), task, { target });
}

/** One to `max` sentences of explanation, without repeats. */
export function explanationFor(rng: Random, task: DemoTask, max = 3): string {
  const count = rng.int(1, max);
  const chosen = new Set<string>();
  while (chosen.size < count) chosen.add(rng.pick(explanations));
  return [...chosen].map((sentence) => fill(sentence, task)).join(' ');
}

export function finalAnswer(rng: Random, task: DemoTask, toolCalls: number): string {
  const review = task.agent === 'review';
  const plan = task.agent === 'plan';
  const heading = review ? '## Review' : plan ? '## Findings' : '## Summary';
  const lines = [
    heading,
    '',
    `${capitalise(task.finding)}.`,
    '',
    explanationFor(rng, task, 3),
    '',
    review ? '### Requested changes' : plan ? '### Proposal' : '### Changes',
    ...task.files.slice(0, rng.int(2, task.files.length)).map((file, i) => `- \`${file}\`: ${i === 0 ? task.change : rng.pick(followUps)}`),
    '',
    '### Verification',
    `- \`${task.testCommand}\` ${rng.pick(['passes', 'passes locally', 'is green'])} (${rng.int(12, 240)} tests)`,
    `- \`${task.buildCommand}\` is clean`,
    '',
    rng.pick(closings).replace('{n}', String(toolCalls)),
  ];
  return lines.join('\n');
}

const followUps = [
  'adjusted to the new signature',
  'covered by a new regression test',
  'comment explaining why the ordering matters',
  'removed the workaround that is no longer needed',
  'small rename for clarity',
];

const closings = [
  'Let me know if you want the same fix applied to the other services.',
  'I kept the change minimal; a follow-up could remove the now-unused helper.',
  'This took {n} tool calls; nothing outside the files above was touched.',
  'Happy to open a PR with this if it looks right.',
];

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Splits text into streaming deltas of one to three words, whitespace kept, as models emit them. */
export function streamingChunks(rng: Random, text: string): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  const chunks: string[] = [];
  for (let i = 0; i < words.length; ) {
    const take = rng.weighted([
      [1, 7],
      [2, 2],
      [3, 1],
    ] as const);
    chunks.push(words.slice(i, i + take).join(''));
    i += take;
  }
  return chunks;
}

/** Rough token count of text, about four characters a token. */
export function tokensOf(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
