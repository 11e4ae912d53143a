import type { OtlpAttributes } from '../otlp-records';
import { countOf } from './otlp-values';

// Token counts of one LLM call under the names the GenAI world uses
// (docs/otlp-mapping.md, "GenAI spans"): the OpenTelemetry GenAI conventions
// (current and deprecated names), OpenLLMetry's, OpenInference's and the Vercel AI SDK's.

const INPUT = ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', 'llm.token_count.prompt', 'ai.usage.inputTokens', 'ai.usage.promptTokens'];
const OUTPUT = ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens', 'llm.token_count.completion', 'ai.usage.outputTokens', 'ai.usage.completionTokens'];
const CACHE_READ = [
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.cache_read_input_tokens',
  'llm.token_count.prompt_details.cache_read',
  'ai.usage.cachedInputTokens',
];
// The conventions name cache writes `cache_creation` (span attribute) and `cache_write` (metric): accept both.
const CACHE_WRITE = [
  'gen_ai.usage.cache_creation.input_tokens',
  'gen_ai.usage.cache_write.input_tokens',
  'gen_ai.usage.cache_creation_input_tokens',
  'gen_ai.usage.cache_write_input_tokens',
  'llm.token_count.prompt_details.cache_write',
];

export interface GenAiUsage {
  promptTokens: number;
  completionTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/**
 * The call's usage, or undefined when the attributes name no token count.
 * `input_tokens` INCLUDES the cache parts by the conventions; a producer whose cache
 * parts exceed its input count evidently reported input without them (Anthropic's API
 * does), and the parts are added so prompt_tokens is still the whole input.
 */
export function genAiUsage(attributes: OtlpAttributes): GenAiUsage | undefined {
  const input = countOf(attributes, ...INPUT);
  const output = countOf(attributes, ...OUTPUT);
  if (input === undefined && output === undefined) return undefined;
  const cacheRead = countOf(attributes, ...CACHE_READ) ?? 0;
  const cacheWrite = countOf(attributes, ...CACHE_WRITE) ?? 0;
  const reported = input ?? 0;
  const promptTokens = cacheRead + cacheWrite > reported ? reported + cacheRead + cacheWrite : reported;
  return { promptTokens, completionTokens: output ?? 0, cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite };
}
