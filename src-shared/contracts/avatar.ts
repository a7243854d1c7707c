import { avatarInfoSchema } from "../protocol/api";
import { capability, route } from "./define";

/** VRoid exports are 10-30 MB; 50 MB leaves room without inviting abuse. */
export const AVATAR_MAX_BYTES = 50 * 1024 * 1024;
const MULTIPART_OVERHEAD = 64 * 1024;

/** The VRM the dashboard shows: the shipped default or one the user uploaded. */
export const avatarContract = capability({
  name: "avatar",
  routes: {
    get: route({
      method: "GET",
      path: "/api/avatar",
      response: avatarInfoSchema,
      errors: [],
      summary: "which avatar is in use and where to load it from",
    }),
    file: route({
      method: "GET",
      path: "/api/avatar/file",
      response: { kind: "file", contentType: "model/gltf-binary" },
      errors: ["not_found"],
      summary: "the VRM file itself",
    }),
    upload: route({
      method: "POST",
      path: "/api/avatar",
      body: { kind: "multipart", field: "file", maxBytes: AVATAR_MAX_BYTES + MULTIPART_OVERHEAD },
      response: avatarInfoSchema,
      status: 201,
      errors: ["unsupported_media_type", "payload_too_large", "validation_failed"],
      summary: "replace the avatar with a .vrm (checked before it replaces the current one)",
    }),
    reset: route({
      method: "DELETE",
      path: "/api/avatar",
      response: avatarInfoSchema,
      errors: [],
      summary: "back to the default avatar",
    }),
  },
});
