"""Layer 1: Schemathesis checks every operation of the contract against the target, every phase and check."""
