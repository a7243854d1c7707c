import { Component, type ReactNode } from "react";

/** Keeps a broken avatar (no WebGL, bad .vrm, chunk failed to load) from taking the chat down with it. */
export class ErrorBoundary extends Component<
  { fallback: (message: string) => ReactNode; children: ReactNode },
  { error: string | null }
> {
  override state = { error: null as string | null };
  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  override render() {
    return this.state.error ? this.props.fallback(this.state.error) : this.props.children;
  }
}
