export { type HostTransport, runHostLoop } from "./host-loop";
export { LogForwarder } from "./log-forwarder";
