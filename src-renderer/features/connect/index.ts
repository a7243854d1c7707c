export { ConnectView } from "./connect-view";
export { OfflineView } from "./offline-view";
export { cameraProblem, makeFrameDecoder } from "./qr-decode";
