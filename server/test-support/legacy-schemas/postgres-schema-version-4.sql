-- The PostgreSQL schema exactly as the builds before the Kysely migrator left a database
-- (their pg-schema.ts at schema_version 4), dumped with pg_dump --schema-only, frozen:
-- the migrator's adoption test builds an old database from this, never from today's code.
-- Never edit it.

CREATE TABLE public.budgets (
    session_id text NOT NULL,
    warn_usd double precision,
    limit_usd double precision
);

CREATE TABLE public.compactions (
    cursor bigint NOT NULL,
    session_id text NOT NULL,
    seq bigint NOT NULL,
    ts_ms bigint NOT NULL,
    trace_id text NOT NULL,
    kind text NOT NULL,
    reason text,
    strategy text,
    before_tokens bigint,
    after_tokens bigint,
    budget bigint,
    kept_messages bigint,
    dropped_tokens bigint,
    archive_ref text,
    CONSTRAINT compactions_kind_check CHECK ((kind = ANY (ARRAY['started'::text, 'completed'::text, 'failed'::text, 'truncated'::text])))
);

CREATE TABLE public.context_samples (
    session_id text NOT NULL,
    ts_ms bigint NOT NULL,
    model text NOT NULL,
    request_tokens bigint NOT NULL,
    budget bigint NOT NULL
);

CREATE TABLE public.demo_sessions (
    session_id text NOT NULL
);

CREATE TABLE public.events (
    cursor bigint NOT NULL,
    session_id text NOT NULL,
    seq bigint NOT NULL,
    ts_ms bigint NOT NULL,
    type text NOT NULL,
    json text NOT NULL
);

CREATE SEQUENCE public.events_cursor_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.events_cursor_seq OWNED BY public.events.cursor;

CREATE TABLE public.rlm_completions (
    cursor bigint NOT NULL,
    session_id text NOT NULL,
    seq bigint NOT NULL,
    ts_ms bigint NOT NULL,
    trace_id text NOT NULL,
    outcome text NOT NULL,
    iterations bigint NOT NULL,
    subcalls bigint NOT NULL,
    input_tokens bigint NOT NULL,
    output_tokens bigint NOT NULL,
    elapsed_ms double precision NOT NULL,
    reason text,
    root_model text NOT NULL,
    subcall_model_used text
);

CREATE TABLE public.rlm_fallbacks (
    cursor bigint NOT NULL,
    session_id text NOT NULL,
    seq bigint NOT NULL,
    ts_ms bigint NOT NULL,
    requested_model text NOT NULL,
    fallback_model text NOT NULL,
    reason text NOT NULL
);

CREATE TABLE public.schema_version (
    version integer NOT NULL
);

CREATE TABLE public.sessions (
    session_id text NOT NULL,
    title text,
    title_folded text,
    agent text,
    model text,
    status text NOT NULL,
    first_seen_ms bigint NOT NULL,
    last_seen_ms bigint NOT NULL,
    total_tokens bigint NOT NULL,
    event_count bigint NOT NULL,
    summary jsonb NOT NULL,
    activity text DEFAULT 'idle'::text NOT NULL,
    activity_since_ms bigint,
    producer text,
    cost_usd double precision,
    unpriced_tokens bigint DEFAULT 0 NOT NULL
);

CREATE TABLE public.token_usage (
    cursor bigint NOT NULL,
    session_id text NOT NULL,
    seq bigint NOT NULL,
    ts_ms bigint NOT NULL,
    source text NOT NULL,
    model text NOT NULL,
    prompt_tokens bigint NOT NULL,
    completion_tokens bigint NOT NULL,
    cache_read_tokens bigint NOT NULL,
    cache_write_tokens bigint NOT NULL,
    duration_ms double precision NOT NULL,
    origin text DEFAULT 'token_usage'::text NOT NULL,
    label text,
    reported_cost_usd double precision,
    CONSTRAINT token_usage_origin_check CHECK ((origin = ANY (ARRAY['token_usage'::text, 'usage_report'::text])))
);

CREATE TABLE public.usage_hourly (
    hour_ms bigint NOT NULL,
    source text NOT NULL,
    model text NOT NULL,
    session_id text NOT NULL,
    prompt_tokens bigint NOT NULL,
    completion_tokens bigint NOT NULL,
    cache_read_tokens bigint NOT NULL,
    cache_write_tokens bigint NOT NULL,
    calls bigint NOT NULL,
    usage_report_calls bigint DEFAULT 0 NOT NULL,
    reported_cost_usd double precision
);

CREATE TABLE public.usage_model_hourly (
    hour_ms bigint NOT NULL,
    source text NOT NULL,
    model text NOT NULL,
    prompt_tokens bigint NOT NULL,
    completion_tokens bigint NOT NULL,
    cache_read_tokens bigint NOT NULL,
    cache_write_tokens bigint NOT NULL,
    calls bigint NOT NULL,
    usage_report_calls bigint DEFAULT 0 NOT NULL,
    reported_cost_usd double precision
);

ALTER TABLE ONLY public.events ALTER COLUMN cursor SET DEFAULT nextval('public.events_cursor_seq'::regclass);

ALTER TABLE ONLY public.budgets
    ADD CONSTRAINT budgets_pkey PRIMARY KEY (session_id);

ALTER TABLE ONLY public.compactions
    ADD CONSTRAINT compactions_pkey PRIMARY KEY (cursor);

ALTER TABLE ONLY public.context_samples
    ADD CONSTRAINT context_samples_pkey PRIMARY KEY (session_id, ts_ms);

ALTER TABLE ONLY public.demo_sessions
    ADD CONSTRAINT demo_sessions_pkey PRIMARY KEY (session_id);

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (cursor);

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_session_id_seq_key UNIQUE (session_id, seq);

ALTER TABLE ONLY public.rlm_completions
    ADD CONSTRAINT rlm_completions_pkey PRIMARY KEY (cursor);

ALTER TABLE ONLY public.rlm_fallbacks
    ADD CONSTRAINT rlm_fallbacks_pkey PRIMARY KEY (cursor);

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (session_id);

ALTER TABLE ONLY public.token_usage
    ADD CONSTRAINT token_usage_pkey PRIMARY KEY (cursor);

ALTER TABLE ONLY public.usage_hourly
    ADD CONSTRAINT usage_hourly_pkey PRIMARY KEY (hour_ms, source, model, session_id);

ALTER TABLE ONLY public.usage_model_hourly
    ADD CONSTRAINT usage_model_hourly_pkey PRIMARY KEY (hour_ms, source, model);

CREATE INDEX compactions_by_session ON public.compactions USING btree (session_id);

CREATE INDEX compactions_by_trace ON public.compactions USING btree (trace_id);

CREATE INDEX compactions_by_ts ON public.compactions USING btree (ts_ms);

CREATE INDEX events_by_session ON public.events USING btree (session_id, cursor);

CREATE INDEX rlm_completions_by_session ON public.rlm_completions USING btree (session_id);

CREATE INDEX rlm_completions_by_ts ON public.rlm_completions USING btree (ts_ms);

CREATE INDEX rlm_fallbacks_by_session ON public.rlm_fallbacks USING btree (session_id);

CREATE INDEX rlm_fallbacks_by_ts ON public.rlm_fallbacks USING btree (ts_ms);

CREATE INDEX sessions_by_agent ON public.sessions USING btree (lower((agent COLLATE "C")));

CREATE INDEX sessions_by_cost ON public.sessions USING btree (cost_usd, session_id);

CREATE INDEX sessions_by_event_count ON public.sessions USING btree (event_count);

CREATE INDEX sessions_by_first_seen ON public.sessions USING btree (first_seen_ms);

CREATE INDEX sessions_by_last_seen ON public.sessions USING btree (last_seen_ms);

CREATE INDEX sessions_by_model ON public.sessions USING btree (lower((model COLLATE "C")));

CREATE INDEX sessions_by_present ON public.sessions USING btree (status, activity, last_seen_ms);

CREATE INDEX sessions_by_status_cost ON public.sessions USING btree (status, cost_usd, session_id);

CREATE INDEX sessions_by_tokens ON public.sessions USING btree (total_tokens);

CREATE INDEX token_usage_by_ts ON public.token_usage USING btree (ts_ms);

CREATE INDEX usage_hourly_by_session ON public.usage_hourly USING btree (session_id, hour_ms);

INSERT INTO public.schema_version VALUES (4);
