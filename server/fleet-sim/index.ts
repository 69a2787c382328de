/**
 * The fleet simulator (docs/fleet-sim.md): simulated node agents that talk to Strata's agent API over HTTP.
 * Plain TypeScript and `fetch`; nothing here imports services or Prisma, so it runs anywhere a node agent would.
 */
export { SimulatedAgent, type AgentEvent, type AgentState, type SimulatedAgentOptions } from "./agent";
export { AgentApiClient, agentApiBase, fetchTransport, nodeHttpTransport, type FetchLike, type Transport } from "./client";
export { AGENT_PROFILES, type AgentProfile, type DesiredStateBody, type HeartbeatBody, type InstanceStatus } from "./convergence";
export { Limiter, realClock, type Clock, type FleetCounters } from "./counters";
export { startDemoFleet, type DemoFleet, type DemoFleetOptions } from "./demo";
export { FLEET_DEFAULTS, instanceName, runFleet, type AgentSpec, type FleetOptions, type FleetRun, type FleetSnapshot } from "./fleet";
export { LatencyHistogram, type LatencySummary } from "./histogram";
export { mulberry32, type Random } from "./random";
export { statusLine, summaryText, takeMark, type StatusMark } from "./report";
