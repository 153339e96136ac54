"""Handlers of the mock's own control plane (openapi/mock-control.yaml)."""
