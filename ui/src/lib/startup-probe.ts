// The cold-start probe (benches/desktop_footprint.py). Only when the backend runs with
// STOREDESK_STARTUP_PROBE set does it put `__STOREDESK_STARTUP_PROBE__` on the page; then, once the first
// row of data (a list's row, or the dashboard's figures) is in the DOM and painted, the backend is told and
// prints the time since the process started. Otherwise none of this runs.
import { invoke } from "@tauri-apps/api/core";

/** What the start view shows once its data is there. */
export const FIRST_CONTENT = "[data-testid=row], [data-testid=card-products]";

export function probeRequested(): boolean {
  return typeof window !== "undefined" && "__STOREDESK_STARTUP_PROBE__" in window;
}

/** Calls `report` once, after the first frame that shows FIRST_CONTENT under `root`. */
export function watchFirstRow(root: Element, report: () => void = tellBackend): void {
  // requestAnimationFrame runs just before a frame is painted; a task queued from there runs after it.
  const afterPaint = () => requestAnimationFrame(() => setTimeout(report, 0));
  if (root.querySelector(FIRST_CONTENT)) {
    afterPaint();
    return;
  }
  const observer = new MutationObserver(() => {
    if (!root.querySelector(FIRST_CONTENT)) return;
    observer.disconnect();
    afterPaint();
  });
  observer.observe(root, { childList: true, subtree: true });
}

function tellBackend(): void {
  invoke("startup_painted").catch(() => {});
}
