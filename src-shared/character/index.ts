export { configCharacterSchema } from "./config-character";
export { type CharacterNormalisation, normaliseCharacter } from "./normalise";
export {
  type CharacterProblem,
  describeCharacterProblems,
  formatPath,
  type PathSegment,
  type UnknownFields,
} from "./report";
