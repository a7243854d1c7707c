export { workspaceModule } from "./module";
