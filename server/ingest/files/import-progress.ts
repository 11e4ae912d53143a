import path from 'node:path';
import cliProgress from 'cli-progress';

/** Tells the user how far `import` has got. */
export interface ImportProgress {
  update(bytesDone: number, eventsDone: number, file: string): void;
  stop(): void;
}

export interface ImportProgressOptions {
  enabled: boolean;
  totalBytes: number;
  stream: NodeJS.WriteStream;
  /** Between plain progress lines when the stream is not a terminal; default 5 s. */
  plainIntervalMs?: number;
}

const MIB = 1024 * 1024;
const mib = (bytes: number) => (bytes / MIB).toFixed(1);

/**
 * A redrawn bar on a terminal; a plain line every few seconds otherwise (a CI log
 * or a file must not fill with carriage returns); nothing when turned off.
 */
export function createImportProgress(options: ImportProgressOptions): ImportProgress {
  if (!options.enabled) return { update: () => undefined, stop: () => undefined };
  const startedAt = Date.now();
  const rate = (events: number) => Math.round(events / Math.max((Date.now() - startedAt) / 1000, 0.001));
  const totalMib = mib(options.totalBytes);

  if (options.stream.isTTY) {
    const bar = new cliProgress.SingleBar({
      stream: options.stream,
      format: '{bar} {percentage}% | {done}/{total_mib} MiB | {events} events, {rate}/s | {file}',
      clearOnComplete: true,
    });
    bar.start(Math.max(options.totalBytes, 1), 0, { done: mib(0), total_mib: totalMib, events: 0, rate: 0, file: '' });
    return {
      // The base name: a long path would wrap the bar on a narrow terminal.
      update: (bytesDone, events, file) => bar.update(bytesDone, { done: mib(bytesDone), events, rate: rate(events), file: path.basename(file) }),
      stop: () => bar.stop(),
    };
  }

  const interval = options.plainIntervalMs ?? 5000;
  let lastLineAt = startedAt;
  return {
    update(bytesDone, events, file) {
      if (Date.now() - lastLineAt < interval) return;
      lastLineAt = Date.now();
      const percent = options.totalBytes > 0 ? Math.floor((bytesDone / options.totalBytes) * 100) : 100;
      options.stream.write(`import: ${mib(bytesDone)}/${totalMib} MiB (${percent}%), ${events} events, ${rate(events)}/s, ${file}\n`);
    },
    stop: () => undefined,
  };
}
