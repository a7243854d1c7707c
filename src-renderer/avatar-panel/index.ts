export { AvatarPanel } from "./avatar-panel";
export { ErrorBoundary } from "./error-boundary";
export type { AvatarController, AvatarViewProps } from "./types";
