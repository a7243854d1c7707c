export { type CharacterSecrets, maskedSecrets, readCharacterSecrets, refusedSecretName } from "./character-secrets";
export { configCharacterSchema } from "./config-character";
export { toCardPng } from "./export-card";
export { type ElizaCharacterFile, exportFileName, toElizaCharacterFile } from "./export-eliza";
export { type CharacterNormalisation, normaliseCharacter } from "./normalise";
export { type Inflate, readPngChunks } from "./png-chunks";
export {
  CHARACTER_FILE_MAX_BYTES,
  type CharacterFileFormat,
  type CharacterFileRead,
  readCharacterFile,
} from "./read-character-file";
export {
  type CharacterProblem,
  describeCharacterProblems,
  formatPath,
  type PathSegment,
  type UnknownFields,
} from "./report";
export { type CardFormat, GREETING_OPENER } from "./tavern-card";
