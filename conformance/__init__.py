"""The conformance suite: checks any server against the Asset Manager contract and its business rules."""
