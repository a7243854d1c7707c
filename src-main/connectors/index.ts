export { bootExtensions, EXTENSION_SPECS, MCP_PLUGIN } from "./boot";
export { ConnectorService, type ConnectorServiceDeps } from "./connector-service";
