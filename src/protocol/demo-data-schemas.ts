import { z } from 'zod';

// `/api/v1/demo-data`: the built-in demo's sessions (./demo-producer.ts) as a whole.

/** `GET /api/v1/demo-data`: how many demo sessions are stored, and whether this server runs the demo. */
export const demoDataStatusSchema = z.object({
  sessions: z.number().int().min(0),
  demo_running: z.boolean(),
});
export type DemoDataStatus = z.infer<typeof demoDataStatusSchema>;

/** `DELETE /api/v1/demo-data`: what went, and whether the in-process demo was stopped first (else it refills). */
export const demoDataRemovalSchema = z.object({
  removed_sessions: z.number().int().min(0),
  removed_events: z.number().int().min(0),
  demo_stopped: z.boolean(),
});
export type DemoDataRemovalReply = z.infer<typeof demoDataRemovalSchema>;
