"""Pure business rules of the Asset Manager and its catalog: no web framework, no I/O, no global state."""
