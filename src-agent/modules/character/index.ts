export { characterModule } from "./module";
