"""Handlers of the product side's operations, named after the vendor operationIds."""
