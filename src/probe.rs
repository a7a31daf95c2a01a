//! Opcode probes.
