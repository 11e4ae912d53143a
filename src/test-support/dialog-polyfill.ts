/**
 * jsdom has <dialog> and its `open` attribute (a closed one is display:none, so
 * hidden from queries by role) but not `showModal()` or `close()`. These stand in
 * for them, no more: the attribute, and the `close` event. Focus trapping and
 * inertness of the page behind are the browser's, covered by e2e/auth.spec.ts.
 */
export function installDialogPolyfill(): void {
  const proto = HTMLDialogElement.prototype as HTMLDialogElement & { __polyfilled?: true };
  if (proto.__polyfilled) return;
  proto.__polyfilled = true;
  proto.showModal = function showModal(this: HTMLDialogElement) {
    if (this.open) throw new DOMException('The dialog is already open', 'InvalidStateError');
    this.open = true;
  };
  proto.close = function close(this: HTMLDialogElement) {
    if (!this.open) return;
    this.open = false;
    this.dispatchEvent(new Event('close'));
  };
}
