export { MemorySettings } from "./memory-settings";
