export { DictateButton, DictationNotice, SpeakToggle } from "./speech-controls";
export { recognitionCtor, synthesisSupported } from "./speech-support";
export { type Dictation, useDictation, useSpeakReplies, useSpeechOutput } from "./use-speech";
