"""Tokens and API users."""
