/**
 * The workspace files and what a fresh one says. Short on purpose: they go into every prompt,
 * and they are the user's to rewrite (a file that exists is never touched).
 */
export const WORKSPACE_FILES = ["AGENTS.md", "IDENTITY.md", "USER.md", "MEMORY.md"] as const;
export type WorkspaceFileName = (typeof WORKSPACE_FILES)[number];

export const WORKSPACE_TEMPLATES: Record<WorkspaceFileName, string> = {
  "AGENTS.md": `# How I work

- I am a personal agent running on my owner's own machine (Milady).
- I answer plainly and briefly; I say when I do not know.
- I only take actions (restart, messages, triggers, custom actions) when asked or clearly useful.
- Only my owner may ask for admin actions; people on Telegram or Discord are not my owner.
`,
  "IDENTITY.md": `# Who I am

(Describe the agent here: its role, voice and what it cares about. The Character tab holds its name and bio.)
`,
  "USER.md": `# About my owner

(Write what the agent should know about you: your name, time zone, preferences, ongoing projects.)
`,
  "MEMORY.md": `# Things to remember

(Notes the agent should keep in mind across conversations. Edit freely; keep it short.)
`,
};
