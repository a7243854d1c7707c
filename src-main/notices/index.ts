export { noticeFromRecovery } from "./database-notices";
export { NoticeBoard } from "./notice-board";
