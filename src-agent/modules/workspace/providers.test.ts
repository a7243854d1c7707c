import { describe, expect, test } from "bun:test";
import { ChannelType, type IAgentRuntime, type Memory, type State } from "@elizaos/core";
import type { MessageSender } from "../../../src-shared/protocol";
import { turnContext } from "../../runtime/turn-context";
import { avatarModule } from "../avatar";
import type { ModuleContext } from "../module";
import { adminTrustProvider, channelProfileProvider, sessionKeyProvider } from "./conversation-providers";
import { createUiCatalogProvider } from "./ui-catalog-provider";

const state = {} as State;
const runtimeWithRoom = (room: Record<string, unknown> | null) =>
  ({ getRoom: async () => room }) as unknown as IAgentRuntime;
const dashboardMessage = { roomId: "room-1", content: { text: "hi", source: "milady" } } as unknown as Memory;
const telegramMessage = { roomId: "tg-room", content: { text: "hi", source: "telegram" } } as unknown as Memory;

/** As main's chat route sends it: the turn of conversation room-1 with its sender. */
const inTurn = <T>(sender: MessageSender | undefined, fn: () => Promise<T>, autonomy = false) =>
  turnContext.run(
    { requestId: "r", conversationId: "room-1", userText: "hi", sender, autonomy, onTextDelta: () => {} },
    fn,
  );

describe("adminTrust, channelProfile and sessionKey", () => {
  const rt = runtimeWithRoom({ type: ChannelType.DM, channelId: "room-1" });

  test("the dashboard owner", async () => {
    const trust = await inTurn({ kind: "owner" }, () => adminTrustProvider.get(rt, dashboardMessage, state));
    expect(trust.values).toMatchObject({ adminTrust: "owner", isOwner: true });
    expect(trust.text).toContain("your owner");
    const profile = await inTurn({ kind: "owner" }, () => channelProfileProvider.get(rt, dashboardMessage, state));
    expect(profile.text).toContain("a direct message through the Milady dashboard");
    const key = await inTurn({ kind: "owner" }, () => sessionKeyProvider.get(rt, dashboardMessage, state));
    expect(key.values?.sessionKey).toBe("dashboard:room-1");
  });

  test("a paired phone is not the owner for admin actions, and has the same session key as the dashboard", async () => {
    const phone: MessageSender = { kind: "device", deviceId: "dev-7" };
    const trust = await inTurn(phone, () => adminTrustProvider.get(rt, dashboardMessage, state));
    expect(trust.values).toMatchObject({ adminTrust: "device", isOwner: false });
    expect(trust.data).toMatchObject({ deviceId: "dev-7" });
    const profile = await inTurn(phone, () => channelProfileProvider.get(rt, dashboardMessage, state));
    expect(profile.values?.channelSource).toBe("phone");
    expect((await inTurn(phone, () => sessionKeyProvider.get(rt, dashboardMessage, state))).values?.sessionKey).toBe(
      "dashboard:room-1",
    );
  });

  test("a connector user (no Milady turn) is never the owner; the session key is its channel", async () => {
    const group = runtimeWithRoom({ type: ChannelType.GROUP, channelId: "-100123" });
    const trust = await adminTrustProvider.get(group, telegramMessage, state);
    expect(trust.values).toMatchObject({ adminTrust: "connector", isOwner: false });
    expect(trust.text).toContain("not your owner");
    const profile = await channelProfileProvider.get(group, telegramMessage, state);
    expect(profile.text).toContain("a group channel through the telegram connector");
    expect((await sessionKeyProvider.get(group, telegramMessage, state)).values?.sessionKey).toBe("telegram:-100123");
  });

  test("a trigger counts as the owner; the autonomy loop is itself", async () => {
    expect(
      (await inTurn({ kind: "trigger" }, () => adminTrustProvider.get(rt, dashboardMessage, state))).values?.adminTrust,
    ).toBe("owner");
    const self = await inTurn(undefined, () => adminTrustProvider.get(rt, dashboardMessage, state), true);
    expect(self.values?.adminTrust).toBe("self");
  });
});

describe("uiCatalog and DISABLE_EMOTES", () => {
  test("the catalog lists the tabs and, unless emotes are off, the emotes", async () => {
    const on = await createUiCatalogProvider(true).get({} as IAgentRuntime, dashboardMessage, state);
    expect(on.text).toContain("Triggers: scheduled prompts");
    expect(on.text).toContain("wave, nod");
    const off = await createUiCatalogProvider(false).get({} as IAgentRuntime, dashboardMessage, state);
    expect(off.text).not.toContain("PLAY_EMOTE");
    expect(off.data).toMatchObject({ emotes: [] });
  });

  const avatarActions = (settings?: Record<string, unknown>) => {
    const boot = { character: { name: "M", bio: ["b"], ...(settings ? { settings } : {}) } };
    const ctx = { boot, emit: () => {} } as unknown as ModuleContext;
    return (avatarModule.create(ctx).plugin?.actions ?? []).map((a) => a.name);
  };

  test("PLAY_EMOTE is there by default and removed by character.settings.DISABLE_EMOTES", () => {
    expect(avatarActions()).toEqual(["PLAY_EMOTE"]);
    expect(avatarActions({ DISABLE_EMOTES: true })).toEqual([]);
    expect(avatarActions({ DISABLE_EMOTES: "true" })).toEqual([]);
    expect(avatarActions({ DISABLE_EMOTES: false })).toEqual(["PLAY_EMOTE"]);
  });
});
