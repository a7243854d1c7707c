export { openaiModule } from "./module";
