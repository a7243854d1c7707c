import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { featureEvents } from "./features/registry";
import { AppRoot } from "./features/shell";
import { registerServiceWorker } from "./pwa/register";
import { installDeepLinkReader, startApp } from "./stores";
import "./styles.css";

// On the desktop: the dashboard, same origin (the Milady server serves this page and the API on
// one port). On a phone: the stored pairing, or the Connect screen (stores/connection.ts).
startApp({ handlers: featureEvents() });
// Links the desktop app opens arrive as a fragment of this page's URL (milady://chat?text=… -> #/chat/new?text=…).
installDeepLinkReader(window);
// The installable phone app: the shell offline, never the API (pwa/sw-routing.ts).
registerServiceWorker();

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <AppRoot />
    </StrictMode>,
  );
}
