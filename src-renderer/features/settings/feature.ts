import { applyAutonomyStatus, applyLanStatus, applyPairRequest, applyUpdateStatus } from "../../stores";
import { defineFeature } from "../feature";
import { SettingsView } from "./settings-view";

export const settingsFeature = defineFeature({
  id: "settings",
  label: "Settings",
  icon: "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19 12l2-1-1-3-2 .2-1.3-1.3.2-2-3-1-1 2h-1.8l-1-2-3 1 .2 2L6 7.2 4 7 3 10l2 1v2l-2 1 1 3 2-.2 1.3 1.3-.2 2 3 1 1-2h1.8l1 2 3-1-.2-2 1.3-1.3 2 .2 1-3-2-1z",
  View: SettingsView,
  layout: "page",
  phoneBar: true,
  events: {
    update_status: (ev) => applyUpdateStatus(ev.payload),
    heartbeat_event: (ev) => applyAutonomyStatus(ev.payload),
    // Pair a phone is a Settings section: LAN access and waiting pairings follow the server.
    lan_status: (ev) => applyLanStatus(ev.payload),
    pair_request: (ev) => applyPairRequest(ev.payload),
  },
});
