// Saving a person's edit of a listing (or of one of its variations), and the Undo offered right after.
import type { EditValue } from "../bindings/EditValue";
import type { OutboxRow } from "../bindings/OutboxRow";
import { api } from "./api";
import { editValueText, fieldLabel } from "./edits";
import { t } from "./i18n";

export type UndoEntry = {
  /** Changes with every edit (restarts the toast's timer). */
  key: number;
  /** The queued edit; null when the shop already had the value (nothing to undo). */
  row: OutboxRow | null;
  message: string;
};

/** The latest edit, while its toast is shown. */
export const undoStore = $state<{ entry: UndoEntry | null }>({ entry: null });

let key = 0;

/**
 * Queues an edit (edit_product) and offers its Undo. `location`: the one whose stock a stock edit sets,
 * where the unit keeps stock per location. Rejects with the backend's ApiError (a refused value):
 * nothing was queued then.
 */
export async function saveEdit(
  product: { id: number; title: string },
  value: EditValue,
  variant: { remote_id: string; label: string } | null = null,
  location: { id: string; name: string } | null = null,
): Promise<OutboxRow | null> {
  const row = await api.editProduct({
    product_id: product.id,
    variant_remote_id: variant?.remote_id ?? null,
    value,
    reason: null,
    // Only named where there is one: elsewhere the request stays as before (the field is optional).
    ...(location ? { location_id: location.id } : {}),
  });
  const title = variant ? `${product.title} · ${variant.label}` : product.title;
  const params = { field: fieldLabel(value.field, location?.name ?? null), title, value: editValueText(value) };
  undoStore.entry = {
    key: ++key,
    row,
    message: row ? t("edit.saved", params) : t("edit.unchanged", params),
  };
  return row;
}

export function dismissUndo(): void {
  undoStore.entry = null;
}
