import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { mockBackend, type Call } from "../test/fixtures";
import StartAtLogin from "./StartAtLogin.svelte";

const argsOf = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);
const box = () => screen.getByTestId("autostart-switch") as HTMLInputElement;

describe("Settings → Start at login", () => {
  it("shows what the system says and switches it on and off", async () => {
    let on = false;
    const calls = mockBackend({
      get_autostart: () => on,
      set_autostart: (a) => {
        on = !!a.enabled;
        return on;
      },
    });
    render(StartAtLogin);
    await waitFor(() => expect(box().disabled).toBe(false));
    expect(box().checked).toBe(false);
    await fireEvent.click(box());
    await waitFor(() => expect(argsOf(calls, "set_autostart")).toEqual([{ enabled: true }]));
    await waitFor(() => expect(box().checked).toBe(true));
    await fireEvent.click(box());
    await waitFor(() => expect(argsOf(calls, "set_autostart")).toEqual([{ enabled: true }, { enabled: false }]));
    expect(screen.getByText(/starts in the tray without opening its window/)).toBeTruthy();
  });

  it("says why it could not be changed and shows what still is", async () => {
    mockBackend({
      get_autostart: () => false,
      set_autostart: () => {
        throw { code: "internal", message: "start at login could not be changed: read-only file system" };
      },
    });
    render(StartAtLogin);
    await waitFor(() => expect(box().disabled).toBe(false));
    await fireEvent.click(box());
    const alert = await screen.findByTestId("autostart-error");
    expect(alert.textContent).toContain("read-only file system");
    await waitFor(() => expect(box().checked).toBe(false));
  });
});
