// The tasks demo sessions work on. Each carries enough of its repository
// (files, commands, a search term, a docs page, what was wrong) for the tool
// calls and the final answer to read as one coherent piece of work.

export type TaskLanguage = 'typescript' | 'rust' | 'python' | 'go';

export interface DemoTask {
  title: string;
  language: TaskLanguage;
  /** The agent that usually takes this kind of task. */
  agent: 'build' | 'plan' | 'review';
  /** The focus file first. */
  files: readonly string[];
  testCommand: string;
  buildCommand: string;
  searchPattern: string;
  docsUrl: string;
  /** What turned out to be wrong (or what the plan is), one sentence for the final answer. */
  finding: string;
  /** What the agent changed or proposes, one line per file. */
  change: string;
}

export const demoTasks: readonly DemoTask[] = [
  {
    title: 'Fix flaky auth test in api/',
    language: 'typescript',
    agent: 'build',
    files: ['api/auth/session.ts', 'api/auth/session.test.ts', 'api/middleware/require-user.ts'],
    testCommand: 'npm test -- api/auth',
    buildCommand: 'npm run build',
    searchPattern: 'refreshToken',
    docsUrl: 'https://vitest.dev/guide/mocking.html#timers',
    finding: 'the test raced the token refresh timer, so it failed whenever the refresh fired before the assertion',
    change: 'use fake timers and await the refresh explicitly',
  },
  {
    title: 'Add cursor pagination to GET /v1/invoices',
    language: 'go',
    agent: 'build',
    files: ['internal/billing/invoices.go', 'internal/billing/invoices_test.go', 'internal/httpapi/router.go'],
    testCommand: 'go test ./internal/billing/...',
    buildCommand: 'go build ./...',
    searchPattern: 'ListInvoices',
    docsUrl: 'https://pkg.go.dev/database/sql#DB.QueryContext',
    finding: 'the handler loaded every invoice of the account and sliced in memory',
    change: 'page with an opaque (created_at, id) cursor pushed down into the query',
  },
  {
    title: 'Investigate OOM in the ingest worker',
    language: 'rust',
    agent: 'build',
    files: ['crates/ingest/src/worker.rs', 'crates/ingest/src/buffer.rs', 'crates/ingest/Cargo.toml'],
    testCommand: 'cargo test -p ingest',
    buildCommand: 'cargo build --release -p ingest',
    searchPattern: 'Vec::with_capacity',
    docsUrl: 'https://docs.rs/tokio/latest/tokio/sync/mpsc/fn.channel.html',
    finding: 'an unbounded channel let the parser run ahead of the writer and queue whole batches in memory',
    change: 'switch to a bounded channel of 1024 batches so back-pressure reaches the reader',
  },
  {
    title: 'Migrate settings page to React Router loaders',
    language: 'typescript',
    agent: 'build',
    files: ['src/features/settings/settings-page.tsx', 'src/app/routes.tsx', 'src/features/settings/api/get-settings.ts'],
    testCommand: 'pnpm vitest run src/features/settings',
    buildCommand: 'pnpm build',
    searchPattern: 'useSettingsQuery',
    docsUrl: 'https://reactrouter.com/start/data/data-loading',
    finding: 'the page fetched in an effect, so it rendered a spinner and then flashed stale defaults',
    change: 'load settings in the route loader and read them with useLoaderData',
  },
  {
    title: 'Review PR #482: rate limiting for outgoing webhooks',
    language: 'typescript',
    agent: 'review',
    files: ['server/webhooks/rate-limit.ts', 'server/webhooks/dispatch.ts', 'server/webhooks/rate-limit.test.ts'],
    testCommand: 'npm test -- server/webhooks',
    buildCommand: 'npm run typecheck',
    searchPattern: 'tokenBucket',
    docsUrl: 'https://en.wikipedia.org/wiki/Token_bucket',
    finding: 'the limiter is per process, so with four replicas a customer gets four times the configured rate',
    change: 'request changes: keep the bucket in Redis, and add a test for the refill boundary',
  },
  {
    title: 'Plan: split the billing module into its own service',
    language: 'python',
    agent: 'plan',
    files: ['billing/models.py', 'billing/tasks.py', 'billing/api/views.py'],
    testCommand: 'pytest -q billing',
    buildCommand: 'python -m compileall billing',
    searchPattern: 'from billing.models import',
    docsUrl: 'https://martinfowler.com/bliki/StranglerFigApplication.html',
    finding: 'eleven modules import billing models directly, and three of them write to its tables',
    change: 'a three-phase plan: an internal API first, then move the writers, then the tables',
  },
  {
    title: 'Fix N+1 queries in the orders admin',
    language: 'python',
    agent: 'build',
    files: ['shop/admin/orders.py', 'shop/models.py', 'tests/admin/test_orders.py'],
    testCommand: 'pytest -x tests/admin/test_orders.py',
    buildCommand: 'python manage.py check',
    searchPattern: 'select_related',
    docsUrl: 'https://docs.djangoproject.com/en/5.1/ref/models/querysets/#prefetch-related',
    finding: 'the list view touched order.customer and order.items per row: 2 + 2n queries per page',
    change: 'select_related("customer") and prefetch_related("items") in get_queryset, with a query-count test',
  },
  {
    title: 'Upgrade tokio to 1.43 and fix deprecations',
    language: 'rust',
    agent: 'build',
    files: ['Cargo.toml', 'crates/server/src/main.rs', 'crates/server/src/shutdown.rs'],
    testCommand: 'cargo test --workspace',
    buildCommand: 'cargo build --workspace',
    searchPattern: 'tokio::time::delay_for',
    docsUrl: 'https://github.com/tokio-rs/tokio/blob/master/tokio/CHANGELOG.md',
    finding: 'two call sites still used removed APIs and the shutdown path relied on a dropped JoinHandle',
    change: 'bump tokio, replace the old timers with sleep, and await the shutdown task',
  },
  {
    title: 'Add a dark-mode toggle to the dashboard header',
    language: 'typescript',
    agent: 'build',
    files: ['src/components/header.tsx', 'src/lib/theme.ts', 'src/styles/tokens.css'],
    testCommand: 'pnpm vitest run src/components/header',
    buildCommand: 'pnpm build',
    searchPattern: 'prefers-color-scheme',
    docsUrl: 'https://developer.mozilla.org/en-US/docs/Web/CSS/@media/prefers-color-scheme',
    finding: 'colours were hard-coded in three components instead of read from the tokens',
    change: 'a theme store persisted to localStorage and a toggle that flips data-theme on <html>',
  },
  {
    title: 'Explain why p99 latency doubled after Tuesday\'s deploy',
    language: 'go',
    agent: 'plan',
    files: ['internal/search/handler.go', 'internal/search/cache.go', 'deploy/values.yaml'],
    testCommand: 'go test -run TestCache ./internal/search/',
    buildCommand: 'go vet ./...',
    searchPattern: 'cache.TTL',
    docsUrl: 'https://pkg.go.dev/golang.org/x/sync/singleflight',
    finding: 'the deploy cut the cache TTL from 5 minutes to 30 seconds, and expiries now stampede the index',
    change: 'restore the TTL, add jitter to expiries and coalesce misses with singleflight',
  },
  {
    title: 'Make payment webhooks idempotent',
    language: 'typescript',
    agent: 'build',
    files: ['server/payments/webhook-handler.ts', 'server/payments/ledger.ts', 'server/payments/webhook-handler.test.ts'],
    testCommand: 'npm test -- server/payments',
    buildCommand: 'npm run typecheck',
    searchPattern: 'event.id',
    docsUrl: 'https://docs.stripe.com/webhooks#handle-duplicate-events',
    finding: 'a retried webhook credited the ledger twice because nothing recorded the processed event ids',
    change: 'record event ids in a unique-keyed table inside the same transaction as the ledger write',
  },
  {
    title: 'Write integration tests for the CSV export',
    language: 'python',
    agent: 'build',
    files: ['reports/export.py', 'tests/integration/test_export.py', 'reports/fixtures/orders.json'],
    testCommand: 'pytest -q tests/integration/test_export.py',
    buildCommand: 'ruff check reports',
    searchPattern: 'csv.writer',
    docsUrl: 'https://docs.python.org/3/library/csv.html#csv.writer',
    finding: 'the exporter wrote naive datetimes and broke on commas inside product names',
    change: 'quote all fields, write ISO 8601 with offsets, and cover both with fixture-based tests',
  },
  {
    title: 'Review: cache the cargo registry in CI',
    language: 'rust',
    agent: 'review',
    files: ['.github/workflows/ci.yml', 'rust-toolchain.toml', 'Cargo.lock'],
    testCommand: 'cargo test --locked',
    buildCommand: 'cargo build --locked',
    searchPattern: 'actions/cache',
    docsUrl: 'https://github.com/Swatinem/rust-cache',
    finding: 'the cache key ignores Cargo.lock, so stale dependencies are restored after upgrades',
    change: 'key the cache on the lockfile hash and the toolchain, or use Swatinem/rust-cache',
  },
  {
    title: 'Port date helpers from moment to Temporal',
    language: 'typescript',
    agent: 'build',
    files: ['src/lib/dates.ts', 'src/lib/dates.test.ts', 'package.json'],
    testCommand: 'npm test -- src/lib/dates',
    buildCommand: 'npm run build',
    searchPattern: "from 'moment'",
    docsUrl: 'https://tc39.es/proposal-temporal/docs/',
    finding: 'moment was used for six helpers, two of which silently assumed the server time zone',
    change: 'rewrite the helpers on Temporal.ZonedDateTime with the zone passed explicitly',
  },
];
