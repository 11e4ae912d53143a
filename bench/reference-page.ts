import type { Page } from '@playwright/test';

// The practical ceiling the session page is compared against, in the same run:
// a page on the same origin that opens the same live WebSocket, parses every
// message, and only appends streamed text to the document (a new paragraph per
// completed step). Served by the benchmark through Playwright routing, never
// by the product.

export const REFERENCE_PATH = '/__bench/reference.html';

const referenceHtml = `<!doctype html>
<html><head><meta charset="utf-8"><title>reference</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:16px;max-width:70ch} p{white-space:pre-wrap;margin:0 0 8px}</style></head>
<body><h1>Reference</h1><main id="out"></main>
<script>
  window.__refApplied = 0;
  const out = document.getElementById('out');
  let text = null;
  const newParagraph = () => {
    const p = document.createElement('p');
    text = document.createTextNode('');
    p.append(text);
    out.append(p);
  };
  newParagraph();
  const socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/v1/live');
  socket.onmessage = (message) => {
    const data = JSON.parse(message.data);
    if (data.kind !== 'events') return;
    for (const { event } of data.events) {
      window.__refApplied += 1;
      if (event.type === 'text_chunk') text.appendData(event.delta ?? event.text ?? '');
      else if (event.type === 'text_complete') newParagraph();
    }
  };
  window.__refOpen = new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = () => reject(new Error('reference socket failed')); });
</script></body></html>`;

/** Opens the reference page on the server's origin; resolves once its socket is open. */
export async function openReferencePage(page: Page, serverUrl: string): Promise<void> {
  await page.route(`${serverUrl}${REFERENCE_PATH}`, (route) => route.fulfill({ contentType: 'text/html', body: referenceHtml }));
  await page.goto(`${serverUrl}${REFERENCE_PATH}`);
  await page.evaluate('window.__refOpen');
}

export async function referenceApplied(page: Page): Promise<number> {
  return page.evaluate<number>('window.__refApplied');
}

export async function resetReferenceApplied(page: Page): Promise<void> {
  await page.evaluate('window.__refApplied = 0');
}
