import { createHmac } from 'node:crypto';
import type { AlertRecord } from '#protocol/alert-schemas';

// What a webhook receives: one JSON object per alert, with Slack's `text` so an
// incoming-webhook URL of Slack (or anything Slack-compatible) works as is.

export interface WebhookPayload {
  id: number;
  kind: AlertRecord['kind'];
  session_id: string | null;
  agent: string | null;
  /** RFC 3339, UTC. */
  ts: string;
  ts_ms: number;
  message: string;
  /** The session page (or the Cost page for daily_spend). */
  url: string;
  /** Slack-compatible text: the message and a link. */
  text: string;
}

/** The page an alert links to, under `publicUrl`. */
export function alertLink(publicUrl: string, record: Pick<AlertRecord, 'session_id'>): string {
  return record.session_id === null ? `${publicUrl}/usage` : `${publicUrl}/sessions/${encodeURIComponent(record.session_id)}`;
}

/** Slack's mrkdwn reserves &, < and >. */
const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function webhookBody(record: AlertRecord, publicUrl: string): string {
  const url = alertLink(publicUrl, record);
  const payload: WebhookPayload = {
    id: record.id,
    kind: record.kind,
    session_id: record.session_id,
    agent: record.agent,
    ts: new Date(record.ts_ms).toISOString(),
    ts_ms: record.ts_ms,
    message: record.message,
    url,
    text: `:rotating_light: ${slackEscape(record.message)} <${url}|Open in Tether Watch>`,
  };
  return JSON.stringify(payload);
}

/** `X-Tether-Signature`: `sha256=` and the hex HMAC-SHA256 of the exact body bytes under the shared secret. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}
