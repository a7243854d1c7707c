export { DictateButton, SpeakToggle } from "./speech-controls";
export { recognitionCtor, synthesisSupported } from "./speech-support";
export { useDictation, useSpeakReplies, useSpeechOutput } from "./use-speech";
