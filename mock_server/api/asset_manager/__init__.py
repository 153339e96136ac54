"""Handlers of the Asset Manager's operations, named after the vendor operationIds."""
