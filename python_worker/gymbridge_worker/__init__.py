"""GymBridge's Python worker: hosts Gymnasium envs for the C# supervisor (docs/protocol.md)."""

PROTOCOL_VERSION = 2
