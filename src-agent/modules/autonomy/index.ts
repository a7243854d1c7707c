export { autonomyModule } from "./module";
