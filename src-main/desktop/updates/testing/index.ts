export { FakeActivity } from "./fake-activity";
export { FakeClock, settle } from "./fake-clock";
export { FakeShellUpdater } from "./fake-updater";
