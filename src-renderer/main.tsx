import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { featureEvents } from "./features/registry";
import { AppShell } from "./features/shell";
import { initSession, installDeepLinkReader } from "./stores";
import "./styles.css";

// Same origin: the Milady server serves this page and the API on one port.
initSession({ baseUrl: "", handlers: featureEvents() });
// Links the desktop app opens arrive as a fragment of this page's URL (milady://chat?text=… -> #/chat/new?text=…).
installDeepLinkReader(window);

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <AppShell />
    </StrictMode>,
  );
}
