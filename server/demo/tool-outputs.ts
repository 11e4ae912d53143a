import type { DemoTask, TaskLanguage } from './demo-tasks';
import type { Random } from './random';

// Plausible text for what tools print, per language: file excerpts and test
// runs. Kept to a few dozen lines; the token counts claim the full size.

const codeLines: Record<TaskLanguage, readonly string[]> = {
  typescript: [
    "import { z } from 'zod';",
    "import type { Logger } from 'pino';",
    'export async function {pattern_ident}(input: Input, log: Logger): Promise<Result> {',
    '  const parsed = inputSchema.parse(input);',
    '  if (!parsed.enabled) return { skipped: true };',
    '  const started = performance.now();',
    '  try {',
    '    return await withRetry(() => client.call(parsed), { attempts: 3 });',
    '  } finally {',
    "    log.debug({ ms: performance.now() - started }, 'call finished');",
    '  }',
    '}',
    'const DEFAULT_TIMEOUT_MS = 30_000;',
  ],
  rust: [
    'use std::sync::Arc;',
    'use tokio::sync::mpsc;',
    'pub async fn {pattern_ident}(rx: &mut mpsc::Receiver<Batch>, sink: Arc<Sink>) -> anyhow::Result<()> {',
    '    while let Some(batch) = rx.recv().await {',
    '        let mut rows = Vec::with_capacity(batch.len());',
    '        for record in batch.into_iter() {',
    '            rows.push(record.try_into()?);',
    '        }',
    '        sink.write(&rows).await.context("write batch")?;',
    '    }',
    '    Ok(())',
    '}',
    'const MAX_BATCH: usize = 4096;',
  ],
  python: [
    'from django.db import models, transaction',
    'from .services import notify',
    'def {pattern_ident}(queryset, *, page_size=50):',
    '    rows = []',
    '    for order in queryset[:page_size]:',
    '        rows.append({"id": order.pk, "customer": order.customer.name})',
    '    return rows',
    '@transaction.atomic',
    'def apply(event):',
    '    if event.kind not in HANDLERS:',
    '        raise ValueError(f"unknown event {event.kind}")',
    '    return HANDLERS[event.kind](event)',
  ],
  go: [
    'package billing',
    'import (\n\t"context"\n\t"database/sql"\n)',
    'func (s *Service) {pattern_ident}(ctx context.Context, accountID string, limit int) ([]Invoice, error) {',
    '\trows, err := s.db.QueryContext(ctx, listInvoicesSQL, accountID, limit)',
    '\tif err != nil {',
    '\t\treturn nil, fmt.Errorf("list invoices: %w", err)',
    '\t}',
    '\tdefer rows.Close()',
    '\treturn scanInvoices(rows)',
    '}',
    'const defaultPageSize = 50',
  ],
};

const identOf = (pattern: string) => pattern.replace(/[^A-Za-z0-9_]/g, '') || 'handle';

/** A numbered excerpt of a file, as a read tool prints it. */
export function fileExcerpt(rng: Random, task: DemoTask, file: string): { text: string; totalLines: number } {
  const start = rng.int(1, 120);
  const lines = Array.from({ length: rng.int(8, 18) }, () =>
    rng.pick(codeLines[task.language]).replace('{pattern_ident}', identOf(task.searchPattern)),
  );
  const totalLines = start + lines.length + rng.int(40, 600);
  const numbered = lines.map((line, i) => `${String(start + i).padStart(6)}\t${line}`).join('\n');
  return { text: `<file path="${file}">\n${numbered}\n\n(${totalLines - start - lines.length} more lines)\n</file>`, totalLines };
}

/** `path:line:  code` hits, as grep prints them. */
export function grepHits(rng: Random, task: DemoTask, count: number): string {
  const hits = Array.from({ length: count }, () => {
    const file = rng.pick(task.files);
    const code = rng.pick(codeLines[task.language]).replace('{pattern_ident}', identOf(task.searchPattern)).trim();
    return `${file}:${rng.int(3, 400)}:  ${code.includes(task.searchPattern) ? code : `${code} // ${task.searchPattern}`}`;
  });
  return [`Found ${count} matches`, ...hits].join('\n');
}

export interface CommandRun {
  lines: { stream: 'stdout' | 'stderr'; chunk: string }[];
  success: boolean;
}

/** The lines a test run prints, failing or passing. */
export function testRun(rng: Random, task: DemoTask, pass: boolean): CommandRun {
  const total = rng.int(12, 180);
  const failed = pass ? 0 : rng.int(1, 3);
  const suite = task.files.find((f) => /test/.test(f)) ?? task.files[0]!;
  const out = (chunk: string) => ({ stream: 'stdout' as const, chunk: `${chunk}\n` });
  const err = (chunk: string) => ({ stream: 'stderr' as const, chunk: `${chunk}\n` });
  const seconds = rng.float(0.4, 40).toFixed(2);
  switch (task.language) {
    case 'typescript':
      return {
        success: pass,
        lines: [
          out(` RUN  v4.1.12 ${'/repo'}`),
          out(` ✓ ${task.files[2] ?? task.files[0]} (${rng.int(3, 20)} tests) ${rng.int(20, 900)}ms`),
          pass ? out(` ✓ ${suite} (${rng.int(4, 30)} tests) ${rng.int(20, 900)}ms`) : err(` ❯ ${suite} > ${task.searchPattern} > keeps the session alive FAIL`),
          ...(pass ? [] : [err(`AssertionError: expected 'expired' to be 'active'`)]),
          out(` Test Files  ${pass ? '' : `${failed} failed | `}${rng.int(2, 9)} passed`),
          out(`      Tests  ${pass ? '' : `${failed} failed | `}${total - failed} passed (${total})`),
          out(`   Duration  ${seconds}s`),
        ],
      };
    case 'rust':
      return {
        success: pass,
        lines: [
          err(`   Compiling ${task.files[0]!.split('/')[1] ?? 'app'} v0.4.2 (/repo)`),
          ...(rng.chance(0.4) ? [err('warning: unused variable: `attempt`')] : []),
          err(`    Finished \`test\` profile [unoptimized + debuginfo] target(s) in ${seconds}s`),
          out('     Running unittests src/lib.rs'),
          out(`test ${identOf(task.searchPattern).toLowerCase()}::tests::round_trip ... ${pass ? 'ok' : 'FAILED'}`),
          out(`test result: ${pass ? 'ok' : 'FAILED'}. ${total - failed} passed; ${failed} failed; 0 ignored`),
        ],
      };
    case 'python':
      return {
        success: pass,
        lines: [
          out('============================= test session starts =============================='),
          out(`collected ${total} items`),
          out(`${suite} ${'.'.repeat(Math.min(total, 40))}${pass ? '' : 'F'}`),
          ...(pass ? [] : [err(`FAILED ${suite}::test_${identOf(task.searchPattern).toLowerCase()} - AssertionError: 14 != 3`)]),
          out(`======== ${pass ? '' : `${failed} failed, `}${total - failed} passed in ${seconds}s ========`),
        ],
      };
    case 'go':
      return {
        success: pass,
        lines: [
          out(`=== RUN   Test${identOf(task.searchPattern)}`),
          out(`--- ${pass ? 'PASS' : 'FAIL'}: Test${identOf(task.searchPattern)} (0.0${rng.int(1, 9)}s)`),
          ...(pass ? [] : [err(`    ${task.files[1] ?? task.files[0]}:${rng.int(20, 200)}: got 3 pages, want 2`)]),
          out(`${pass ? 'ok  ' : 'FAIL'}\texample.com/${task.files[0]!.split('/').slice(0, -1).join('/')}\t${seconds}s`),
        ],
      };
  }
}

/** What a build or type check prints. */
export function buildRun(rng: Random, task: DemoTask, pass: boolean): CommandRun {
  const file = task.files[0]!;
  const line = rng.int(10, 300);
  const out = (chunk: string) => ({ stream: 'stdout' as const, chunk: `${chunk}\n` });
  const err = (chunk: string) => ({ stream: 'stderr' as const, chunk: `${chunk}\n` });
  const byLanguage: Record<TaskLanguage, CommandRun['lines']> = {
    typescript: pass ? [out(`> ${task.buildCommand}`), out(`✓ built in ${rng.float(1, 20).toFixed(2)}s`)] : [out(`> ${task.buildCommand}`), err(`${file}(${line},7): error TS2345: Argument of type 'string | undefined' is not assignable to parameter of type 'string'.`), err('Found 1 error.')],
    rust: pass
      ? [err(`   Compiling ${task.files[0]!.split('/')[1] ?? 'app'} v0.4.2 (/repo)`), err(`    Finished \`release\` profile [optimized] target(s) in ${rng.float(20, 90).toFixed(2)}s`)]
      : [err(`error[E0308]: mismatched types\n  --> ${file}:${line}:9`), err('error: could not compile due to 1 previous error')],
    python: pass ? [out('System check identified no issues (0 silenced).')] : [err(`${file}:${line}:5: F821 undefined name 'order_items'`), err('Found 1 error.')],
    go: pass ? [] : [err(`# example.com/${file.split('/').slice(0, -1).join('/')}`), err(`./${file.split('/').at(-1)}:${line}:2: undefined: cursorFromRequest`)],
  };
  return { success: pass, lines: byLanguage[task.language] };
}

const installCommands: Record<TaskLanguage, readonly string[]> = {
  typescript: ['npm install --save-dev @types/node', 'npm install zod@latest'],
  rust: ['cargo update -p tokio', 'cargo add tracing-subscriber'],
  python: ['pip install -e ".[dev]"', 'pip install pytest-django'],
  go: ['go get golang.org/x/sync@latest', 'go mod tidy'],
};

export function installCommand(rng: Random, task: DemoTask): string {
  return rng.pick(installCommands[task.language]);
}

const sourceGlobs: Record<TaskLanguage, string> = { typescript: '*.ts', rust: '*.rs', python: '*.py', go: '*.go' };

export function sourceGlob(task: DemoTask): string {
  return sourceGlobs[task.language];
}

/** A unified diff hunk for an edit's metadata. */
export function diffHunk(rng: Random, task: DemoTask, file: string): { diff: string; additions: number; deletions: number } {
  const additions = rng.int(1, 24);
  const deletions = rng.int(0, 12);
  const at = rng.int(10, 300);
  const line = rng.pick(codeLines[task.language]).replace('{pattern_ident}', identOf(task.searchPattern));
  const diff = `--- a/${file}\n+++ b/${file}\n@@ -${at},${deletions + 3} +${at},${additions + 3} @@\n ${line}\n-${line}\n+${line.replace(/\s+$/, '')} // ${task.change.slice(0, 40)}\n`;
  return { diff, additions, deletions };
}
