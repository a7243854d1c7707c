export { FakeAgentController } from "./fake-agent";
export { createFakeChannels, FakeAgentState, type FakeCallContext, type FakeChannels } from "./fake-channels";
