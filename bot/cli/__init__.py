"""Thin command-line adapters around the domain modules."""
