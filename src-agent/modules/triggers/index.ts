export { triggersModule } from "./module";
