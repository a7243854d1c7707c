export { FakeConfigStore } from "./fake-config-store";
