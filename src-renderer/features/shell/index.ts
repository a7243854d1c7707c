export { AppRoot } from "./app-root";
export { AppShell } from "./app-shell";
export { Dialog } from "./dialog";
export { Nav } from "./nav";
export { StatusBar, ThemeToggle } from "./status-bar";
export { Badge, Button, Card, ErrorNote, Field, formatBytes, Input, Page, TextArea } from "./ui";
export { useMedia } from "./use-media";
export { useApplyTheme, useComposerHotkey } from "./use-theme";
