export { PAIR_POLL_MS, PairPhone, qrImageSrc } from "./pair-phone";
export { ThisPhone } from "./this-phone";
